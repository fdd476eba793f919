"""When a saved page says its story was published: the first plausible statement of it
(schema.org, Open Graph and the other meta tags), then the story's `<time>` elements, then
htmldate's guess from the page's text; the page's header and menus, where a site prints its
clock, are never read for it. Every date is an aware datetime between 1990 and now.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from datetime import UTC, datetime, timedelta

from articles.model import Rejected
from articles.parse.context import Context
from articles.parse.page_statements import as_list, meta_all, squash

log = logging.getLogger("newsfeed.parse")

_EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
_LOOSE_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(\.\d+)?\s*"
                        r"(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$")

def published(doc, meta, article: dict, link: str, context: Context,
               modified: datetime | None, headline: str) -> tuple[datetime | None, bool]:
    """The first plausible stated date; then `<time>` elements; then htmldate's guess (a
    day: the `modified` instant when it falls on that day); then `modified`. The last two
    read the page without what comes before its story (`_before_story`): a date there is
    the site's clock, the day the page was saved, not the story's. With it, whether the
    date is htmldate's guess."""
    stated = [*as_list(article.get("datePublished")), *as_list(article.get("dateCreated")),
              *meta_all(meta, "article:published_time", "og:published_time", "datepublished",
                    "published_time", "article.published", "pubdate", "publishdate",
                    "publish-date", "publish_date", "parsely-pub-date", "sailthru.date",
                    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date",
                    "dcterms.created", "date", "sort_date", "citation_publication_date")]
    if date := first_date(stated, context):
        return date, False
    chrome = _before_story(doc, headline) | set(doc.xpath(
        '//header[not(ancestor::article or ancestor::main)]//time'))
    times = [value for value in doc.xpath(
        '//time[@itemprop="datePublished" or @pubdate]/@datetime'
        '|//*[@itemprop="datePublished"]/@content'
        '|//article//time/@datetime|//main//time/@datetime'
        '|//time[not(ancestor::nav or ancestor::aside or ancestor::footer)]/@datetime')
        if chrome.isdisjoint([value.getparent(), *value.getparent().iterancestors()])]
    if date := first_date(times[:20], context):
        return date, False
    import htmldate  # on the first page that needs it: see page_statements._jsonld

    story = _without(doc, chrome)
    try:
        guess = htmldate.find_date(story, url=link or None, original_date=True,
                                   extensive_search=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, RecursionError):
        guess = None
    day = first_date([guess] if guess else [], context)
    if day is None or (modified is not None and modified.date().isoformat() == guess):
        return modified, False
    log.info("%s: no stated date; the day %s is htmldate's guess from the page's text",
             context.name, guess)
    return day, True


def _before_story(doc, headline: str) -> set:
    """The elements before the story's `<h1>` outside its block: the page's header, its
    menus, the site's clock. Inside the `<article>` or `<main>` holding the `<h1>`, and in the
    `<h1>`'s own block (its parent's earlier siblings: a kicker, a date line), nothing is."""
    wanted = squash(headline)
    story = next((h1 for h1 in doc.iter("h1") if wanted and (
        (found := squash(h1.text_content())) and (found in wanted or wanted in found))), None)
    if story is None:
        return set()
    ancestors = [a for a in story.iterancestors() if a.tag not in ("body", "html")]
    inner = next((i for i, a in enumerate(ancestors) if a.tag in ("article", "main")), 0)
    return {sibling for ancestor in ancestors[max(1, inner):]
            for sibling in ancestor.itersiblings(preceding=True)}


def _without(doc, elements: set):
    """A copy of `doc` without `elements` (the original is read further)."""
    if not elements:
        return doc
    marked = [element for element in elements if isinstance(element.tag, str)]
    for element in marked:
        element.set("data-newsfeed-drop", "")
    copy = deepcopy(doc)
    for element in marked:
        del element.attrib["data-newsfeed-drop"]
    for element in copy.xpath("//*[@data-newsfeed-drop]"):
        element.drop_tree()
    return copy


def first_date(values: list, context: Context) -> datetime | None:
    """The first of `values` that is a readable date between 1990 and now (a page's date in
    the future is a wrong zone or a typo, never an embargo)."""
    latest = datetime.now(UTC) + timedelta(minutes=1)
    for value in values:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        text = _iso_repaired(value if isinstance(value, str) else str(value))
        try:
            date = context.date(text)
        except (Rejected, OverflowError, ValueError):
            continue
        if _EARLIEST <= date <= latest:
            return date
        log.info("%s: ignoring the implausible date %r", context.name, text[:40])
    return None


def _iso_repaired(text: str) -> str:
    """An ISO 8601 timestamp written loosely ("2020-12-05T23:15:0Z", "2019-10-19 18:56:59",
    "2019-11-20T09:29:08+0000") in the form Python reads; anything else as it was."""
    text = text.strip()[:64]
    match = _LOOSE_ISO.match(text)
    if not match:
        return text
    day, hour, minute, second, fraction, zone = match.groups()
    zone = (zone or "").replace("UTC", "Z").replace("GMT", "Z").strip()
    if len(zone) == 5:  # +0000
        zone = f"{zone[:3]}:{zone[3:]}"
    return f"{day}T{int(hour):02d}:{int(minute):02d}:{int(second or 0):02d}{fraction or ''}{zone}"
