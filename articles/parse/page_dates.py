"""When a saved page says its story was published: the first plausible statement of it
(schema.org, Open Graph and the other meta tags), then the story's `<time>` elements, then
htmldate's guess from the page's text; the page's header and menus, where a site prints its
clock, are never read for it. Every date is an aware datetime between 1990 and now. How a
statement's value reads as a date, and the order the page writes its digits in, is
`page_date_values`'; here the statements are weighed against the story's own `<time>`s, the
lines at its headline and its place on the page.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy
from datetime import datetime, timedelta, timezone
from urllib.parse import urljoin, urlsplit

from lxml import etree

from articles.parse.context import Context
from articles.parse.newswire.date_forms import CLOCK
from articles.parse.newswire.date_words import NUMBERED
from articles.parse.page_date_lines import (
    Order,
    ago_line,
    date_line,
    labelled_line,
    line_dates,
    update_line,
)
from articles.parse.page_date_values import (
    GENERIC,
    TIME_VALUES,
    clock,
    first_date,
    in_page_order,
    line_order,
    publication_tags,
    update_as_publication,
)
from articles.parse.page_statements import as_list, meta_all, squash

log = logging.getLogger("newsfeed.parse")




def published(doc, meta, article: dict, link: str, context: Context,
              modified: datetime | None, headline: str,
              names: tuple[str, ...] = ()) -> tuple[datetime | None, bool]:
    """The first plausible date a specific statement gives; then a generic `date` meta
    tag's, unless the story shows its own (`_story_date`); then the story's `<time>`
    elements; then the date line printed at its headline; then htmldate's guess (a day:
    the `modified` instant when it falls on that day); then `modified`. The last three read
    the page without what comes before its story (`_before_story`): a date there is the
    site's clock, the day the page was saved, not the story's; nor are the times of the
    teasers in other `<article>`s the story's. With it, whether the date is htmldate's
    guess. `names` (the byline's, the outlet's) may stand beside the date at the headline."""
    tagged = publication_tags(meta)
    stated = [*as_list(article.get("datePublished")), *as_list(article.get("dateCreated")),
              *tagged]
    if update_as_publication(stated, tagged, modified, context):
        stated = tagged
    stated, generic = in_page_order(doc, meta, article, stated, meta_all(meta, *GENERIC))
    h1 = _story_heading(doc, headline, ("h1",))
    if date := first_date(stated, context):
        return _local(date, [*stated, *generic, *TIME_VALUES(doc)], doc, h1,
                      headline, names), False
    order = line_order(doc, meta, article)
    if date := first_date(generic, context):
        return _story_date(doc, h1, headline, names, context, link, order) or _local(
            date, [*generic, *TIME_VALUES(doc)], doc, h1, headline, names), False
    chrome = _before_story(h1) | _site_header_times(doc, h1)
    times = [value for value in _STORY_TIMES(doc)
        if chrome.isdisjoint([value.getparent(), *value.getparent().iterancestors()])
        and not _elsewhere(value.getparent(), h1, link)]
    date = first_date(times[:20], context)
    if date and _not_before_address(date, link):
        return _local(date, times, doc, h1, headline, names), False
    heading = h1 if h1 is not None else _story_heading(doc, headline, ("h2", "h3"))
    if heading is not None and (date := date_line(heading, names, context, order)
                                or labelled_line(heading, context, order)) and _not_before_address(
                                    date, link):
        return date, False
    import htmldate  # on the first page that needs it: see page_statements._jsonld

    story = _without(doc, chrome | set(_QUOTED_POSTS(doc)))  # a quoted post's date is its own
    try:
        guess = htmldate.find_date(story, url=link or None, original_date=True,
                                   extensive_search=True, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, RecursionError):
        guess = None
    guess = _in_address_month(_not_a_year_alone(guess, story, link), link)
    day = first_date([guess] if guess else [], context)
    if day is None and modified is None and heading is not None and (
            before := ago_line(heading)):
        log.info("%s: no stated date; the page says it is %d days old: dated that long before "
                 "the file's time (a guess)", context.name, before.days)
        return context.mtime - before, True
    if day is None or (modified is not None and modified.date().isoformat() == guess):
        return modified, False
    log.info("%s: no stated date; the day %s is a guess from the page's text and address",
             context.name, guess)
    return day, True


def _not_a_year_alone(guess: str | None, story, link: str) -> str | None:
    """htmldate's guess, unless it is a year alone: the last resort of its extensive search
    reads bare years (a copyright line's, the date of a licence in the footer: TASS's
    "выдано 02 апреля 1999 г.") and gives the oldest one's 1 January. Such a day, unless its
    plain search finds it too, is no date (a page saved whole by Chrome, whose scripts and
    their JSON-LD are left out, has only its text to go by)."""
    if guess is None or not guess.endswith("-01-01"):
        return guess
    import htmldate

    try:
        plain = htmldate.find_date(deepcopy(story), url=link or None, original_date=True,
                                   extensive_search=False, outputformat="%Y-%m-%d")
    except (ValueError, TypeError, RecursionError):
        plain = None
    return guess if plain == guess else None


def _in_address_month(guess: str | None, link: str) -> str | None:
    """htmldate's day, unless the page's address dates the story to another month
    (".../2016/12/132377/slug", which htmldate reads only with a day in it; the Guardian's
    ".../2023/jul/08/slug", which it does not read at all): then the address's day, else
    that month's first day. Else htmldate may guess from the other stories' links and the
    years in their titles (Refinery29: 2022-01-01 for a story of December 2016)."""
    month = _address_month(link)
    if month is None:
        return guess
    year, number, day = month
    if guess and guess.startswith(f"{year}-{number:02d}-"):
        return guess
    try:
        return datetime(year, number, day or 1).date().isoformat()
    except ValueError:  # "/2013/feb/30/": the month is the address's word
        return f"{year}-{number:02d}-01"


def _not_before_address(date: datetime, link: str) -> bool:
    """Whether a date the page prints may be the story's, by its address: a CMS puts the
    month a story was first published in its address ("/2017/09/slug"), so a date printed
    before that month is another thing's (a reviewed book's release, a quoted post's). A
    later one may be the story's update, shown as its date. A day's slack: the address's
    clock may be the site's, the date's UTC."""
    month = _address_month(link)
    return month is None or (date + timedelta(days=1)).replace(tzinfo=None) >= datetime(
        month[0], month[1], 1)


def _address_month(link: str) -> tuple[int, int, int | None] | None:
    """(year, month, day or None) the page's address dates it to, if it does."""
    path = urlsplit(link).path if link else ""
    month = _ADDRESS_MONTH.search(path) or _ADDRESS_NAMED_MONTH.search(path)
    if month is None:
        return None
    number = month["month"].lower()
    number = int(number) if number.isdigit() else NUMBERED[number]
    return int(month["year"]), number, int(month["day"]) if month["day"] else None


_ADDRESS_MONTH = re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<month>0[1-9]|1[0-2])/(?P<day>)")
_ADDRESS_NAMED_MONTH = re.compile(
    r"/(?P<year>(?:19|20)\d\d)/(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)/"
    r"(?:(?P<day>0?[1-9]|[12]\d|3[01])/)?", re.IGNORECASE)


def line_update(doc, meta, article: dict, headline: str, names: tuple[str, ...],
                context: Context) -> datetime | None:
    """The update a date line at the story's headline states, for a page whose markup
    states neither its update nor its publication (a page that states its publication
    states its update beside it when it has one; reading its lines costs a tenth of the
    page)."""
    if article.get("datePublished") or publication_tags(meta):
        return None
    heading = _story_heading(doc, headline, ("h1",))
    if heading is None:
        heading = _story_heading(doc, headline, ("h2", "h3"))
    if heading is None:
        return None
    return update_line(heading, names, context, line_order(doc, meta, article))


def _story_date(doc, h1, headline: str, names: tuple[str, ...],
                context: Context, link: str, order: Order) -> datetime | None:
    """The date the story shows itself: a `<time>` marked as its publication's or in the
    `<article>` or `<main>` holding its `<h1>` (not in a teaser's), else the date line at its
    headline. None when it shows none."""
    block = next(h1.iterancestors("article", "main"), None) if h1 is not None else None
    times = _PUBLISHED_TIMES(doc)
    if block is not None:
        times += [value for value in _INNER_TIME_VALUES(block)
                  if not _elsewhere(value.getparent(), h1, link)]
    if date := first_date(times[:20], context):
        return _local(date, times, doc, h1, headline, names)
    heading = h1 if h1 is not None else _story_heading(doc, headline, ("h2", "h3"))
    if heading is None:
        return None
    return date_line(heading, names, context, order) or labelled_line(heading, context, order)


def _story_heading(doc, headline: str, tags: tuple[str, ...]):
    """The first of the page's `tags` headings saying the story's headline, or None. A
    heading in the site's logo is not the story's, whatever it hides for search engines."""
    wanted = squash(headline)
    if not wanted:
        return None
    for tag in tags:
        for heading in doc.iter(tag):
            found = squash(heading.text_content())
            if found and (found in wanted or wanted in found) and not _in_logo(heading):
                return heading
    return None


def _in_logo(heading) -> bool:
    """Whether `heading` is in an element marked as the site's logo, below the page's
    `<body>` and outside any `<article>` or `<main>`."""
    for element in (heading, *heading.iterancestors()):
        if element.tag in ("article", "main", "body"):
            return False
        if _LOGO.search(f"{element.get('class', '')} {element.get('id', '')}"):
            return True
    return False


_LOGO = re.compile(r"logo|brand", re.IGNORECASE)


def _elsewhere(element, h1, link: str) -> bool:
    """Whether a `<time>` (its `element`) dates something other than the story: a related
    story's teaser, in an `<article>` other than the one holding the story's `<h1>` (a blog
    lists them below its post) or in a list item whose headline links to another page (a
    site's "latest posts"; the item linking to the story itself is the story's); or a post
    quoted in a `<blockquote>` (Instagram's, X's, TikTok's embeds)."""
    if next(element.iterancestors("blockquote"), None) is not None:
        return True
    item = next(element.iterancestors("li"), None)
    if item is not None:
        own = urlsplit(link).path.rstrip("/") if link else None
        headlines = (path.rstrip("/") for anchor in item.iter("a")
                     if (href := anchor.get("href")) and anchor.get("rel") not in _PEOPLE_LINKS
                     and len(anchor.text_content().split()) >= _HEADLINE_WORDS
                     and not _LISTING.search(path := urlsplit(urljoin(link, href)).path))
        if next(headlines, own) != own:
            return True
    if h1 is None or next(h1.iterancestors("article"), None) is None:
        return False
    article = next(element.iterancestors("article"), None)
    return article is not None and h1 not in article.iter("h1")


_HEADLINE_WORDS = 4  # a link of fewer words names a person, a section, a tag: not a story
_PEOPLE_LINKS = ("author", "tag", "category")  # rel values of a byline's and a post's labels
_LISTING = re.compile(r"/(?:authors?|autor(?:en)?|tags?|category|categories|kategorie|topics?|"
                      r"themen?|section|ressort)/", re.IGNORECASE)


def _local(date: datetime, values: list, doc, h1, headline: str,
           names: tuple[str, ...]) -> datetime:
    """`date` at the page's own offset when the page states it in UTC and another of its
    statements shows the same instant on its local clock: with an offset ("Sat, 19 Oct
    2019 00:04:00 +0200" beside "2019-10-18T22:04:00Z"), without one ("2023-11-08
    23:30:59" beside "2023-11-09T05:30:59Z"), or in the date line at its headline
    ("3/5/2022 22:41" beside "Wed, 04 May 2022 02:41:00 GMT"). The instant is the same;
    the day a reader of the page saw is the page's."""
    if date.utcoffset() != timedelta(0):
        return date
    utc = date.replace(tzinfo=None)
    for value in values:
        wall = clock(value)
        if wall is None or (wall.tzinfo is not None and not wall.utcoffset()):
            continue
        if wall.tzinfo is not None and abs(wall - date) < timedelta(minutes=1):
            return date.astimezone(wall.tzinfo)
        if wall.tzinfo is None and (offset := _offset(wall - utc)):
            return date.astimezone(timezone(offset))
    if not CLOCK.search(doc.text_content()):
        return date  # no line of the page states a time
    heading = h1 if h1 is not None else _story_heading(doc, headline, ("h2", "h3"))
    for stated in (line_dates(heading, names) if heading is not None else ()):
        if stated.timed and stated.tz is None:
            wall = datetime(stated.year, stated.month, stated.day, stated.hour, stated.minute)
            if offset := _offset(wall - utc.replace(second=0, microsecond=0)):
                return date.astimezone(timezone(offset))
    return date


def _offset(difference: timedelta) -> timedelta | None:
    """`difference` between a local clock and UTC when it can be a zone's offset: whole
    quarter hours, not zero, at most 14 hours; not 12 hours, which is the same time read on
    a 12-hour clock ("06:00" for 6 pm) far more often than New Zealand's offset."""
    if (difference and not difference % timedelta(minutes=15)
            and abs(difference) <= timedelta(hours=14) and abs(difference) != timedelta(hours=12)):
        return difference
    return None


_INNER_TIME_VALUES = etree.XPath(".//time/@datetime")
# An embedded post (X's, Instagram's, TikTok's, Mastodon's, Bluesky's) or any quotation that
# carries its own time: its date is the post's, not the story's.
_QUOTED_POSTS = etree.XPath(
    '//blockquote[.//time or contains(@class, "twitter") or contains(@class, "instagram") or '
    'contains(@class, "tiktok") or contains(@class, "mastodon") or contains(@class, "bluesky")'
    ' or contains(@class, "text-post-media")]')
_SITE_HEADERS = etree.XPath(
    "//header[not(ancestor::article or ancestor::main or ancestor::header)]")
_PUBLISHED_TIMES = etree.XPath('//time[@itemprop="datePublished" or @pubdate]/@datetime'
                               '|//*[@itemprop="datePublished"]/@content')
_STORY_TIMES = etree.XPath(  # a story's times: not of a menu, a sidebar or the page's foot
    '//time[@itemprop="datePublished" or @pubdate]/@datetime'
    '|//*[@itemprop="datePublished"]/@content'
    '|//article//time/@datetime|//main//time/@datetime'
    '|//time[not(ancestor::nav or ancestor::aside or ancestor::footer)]/@datetime')
_MARKED_TO_DROP = etree.XPath("//*[@data-newsfeed-drop]")


def _site_header_times(doc, h1) -> set:
    """The `<time>`s in the page's `<header>`s outside its `<article>` and `<main>`: the
    site's clock, unless that header holds the story's `<h1>` (a theme that sets the post's
    title, byline and date over its picture at the top of the page)."""
    return {time for header in _SITE_HEADERS(doc) if h1 is None or h1 not in header.iter("h1")
            for time in header.iter("time")}


def _before_story(story) -> set:
    """The elements before the story's `<h1>` outside its block: the page's header, its
    menus, the site's clock. Inside the `<article>` or `<main>` holding the `<h1>`, and in the
    `<h1>`'s own block (its parent's earlier siblings: a kicker, a date line), nothing is."""
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
    for element in _MARKED_TO_DROP(copy):
        element.drop_tree()
    return copy
