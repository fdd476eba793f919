"""When a saved page says its story was published: the first plausible statement of it
(schema.org, Open Graph and the other meta tags), then the story's `<time>` elements, then
htmldate's guess from the page's text; the page's header and menus, where a site prints its
clock, are never read for it. Every date is an aware datetime between 1990 and now.
"""

from __future__ import annotations

import json
import logging
import re
from copy import deepcopy
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from articles.model import Rejected
from articles.parse.context import Context
from articles.parse.newswire import date_lines
from articles.parse.newswire.date_forms import CLOCK, Stated
from articles.parse.newswire.date_words import NUMBERED
from articles.parse.page_date_lines import (
    EARLIEST,
    Order,
    ago_line,
    date_line,
    labelled_line,
    line_dates,
    update_line,
)
from articles.parse.page_statements import as_list, meta_all, squash

log = logging.getLogger("newsfeed.parse")

_LOOSE_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(\.\d+)?\s*"
                        r"(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$")


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
    tagged = _tagged(meta)
    stated = [*as_list(article.get("datePublished")), *as_list(article.get("dateCreated")),
              *tagged]
    if _update_as_publication(stated, tagged, modified, context):
        stated = tagged
    generic = meta_all(meta, *_GENERIC)
    if any(isinstance(v, str) and _SLASHED.match(v.strip()) for v in [*stated, *generic]):
        order = _slash_order(doc, meta, article, [*stated, *generic])
        stated, generic = _as_read(stated, order), _as_read(generic, order)
    h1 = _story_heading(doc, headline, ("h1",))
    if date := first_date(stated, context):
        return _local(date, [*stated, *generic, *_TIME_VALUES(doc)], doc, h1,
                      headline, names), False
    order = _line_order(doc, meta, article)
    if date := first_date(generic, context):
        return _story_date(doc, h1, headline, names, context, link, order) or _local(
            date, [*generic, *_TIME_VALUES(doc)], doc, h1, headline, names), False
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


def _parsely_page(meta) -> list:
    """The `pub_date` of Parse.ly's older tag, a JSON object: `<meta name="parsely-page"
    content='{"pub_date": "2014-11-23T16:00:00+04:00", …}'>`."""
    dates = []
    for value in meta_all(meta, "parsely-page"):
        try:
            page = json.loads(value)
        except ValueError:
            continue
        if isinstance(page, dict) and isinstance(page.get("pub_date"), str):
            dates.append(page["pub_date"])
    return dates


def _update_as_publication(stated: list, tagged: list, modified: datetime | None,
                           context: Context) -> bool:
    """Whether the structured data's publication date is the page's last update, which some
    templates write there, while its meta tags state a publication days before (not the
    same time written in another zone)."""
    if not modified:
        return False
    first, earlier = first_date(stated, context), first_date(tagged, context)
    return bool(first == modified and earlier and first - earlier > timedelta(days=1))


_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)(.*)$", re.DOTALL)
_DOTTED = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])")
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_SLASHES = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])")


def _slash_order(doc, meta, article: dict, values: list) -> str:
    """How the page writes "11/01/2023": "md" (1 November) or "dm" (11 January, what
    newsfeed assumes). The page's other statements decide, in this order: the same day
    written in an order-free way (an ISO date, "01.11.2023" in its text) for one reading
    and not the other; its other slashed dates that only read one way ("10/25/2023");
    its locale, month first when it is American English ("en-US", "en_US")."""
    ambiguous = set()
    for value in values:
        if isinstance(value, str) and (m := _SLASHED.match(value.strip())):
            first, second, year = int(m[1]), int(m[2]), int(m[3])
            if first <= 12 and second <= 12 and first != second:
                ambiguous.add((first, second, year))
    if not ambiguous:
        return "dm"
    text = doc.text_content() if hasattr(doc, "text_content") else ""
    others = " ".join([text, *(v for v in values if isinstance(v, str)),
                       *_TIME_VALUES(doc)])
    days = {(int(d), int(m), int(y)) for d, m, y in _DOTTED.findall(others)}
    days |= {(int(d), int(m), int(y)) for y, m, d in _ISO_DAY.findall(others)}
    for first, second, year in ambiguous:
        as_dm, as_md = (first, second, year) in days, (second, first, year) in days
        if as_dm != as_md:
            return "md" if as_md else "dm"
    slashed = [(int(a), int(b)) for a, b, _ in _SLASHES.findall(others)]
    month_first = sum(a <= 12 < b for a, b in slashed)
    day_first = sum(b <= 12 < a for a, b in slashed)
    if month_first != day_first:
        return "md" if month_first > day_first else "dm"
    locales = [doc.get("lang"), *as_list(article.get("inLanguage")),
               *meta_all(meta, "og:locale", "content-language", "language")]
    us = any(isinstance(v, str) and v.strip().replace("_", "-").lower() == "en-us"
             for v in locales)
    return "md" if us else "dm"


def _tagged(meta) -> list:
    """The publication dates the page's meta tags state."""
    tagged = meta_all(meta, "article:published_time", "og:article:published_time",
                      "og:published_time", "datepublished",
                      "published_time", "article.published", "pubdate", "publishdate",
                      "publish-date", "publish_date", "parsely-pub-date", "sailthru.date",
                      "dc.date.issued", "dcterms.issued", "dcterms.created", "sort_date",
                      "citation_publication_date", "originalpublicationdate",
                      "rnews:datepublished")
    tagged += _parsely_page(meta)
    if any(kind.startswith("video") for kind in meta_all(meta, "og:type")):
        tagged += meta_all(meta, "uploaddate")  # a video's page: not a video in a story
    return tagged


def line_update(doc, meta, article: dict, headline: str, names: tuple[str, ...],
                context: Context) -> datetime | None:
    """The update a date line at the story's headline states, for a page whose markup
    states neither its update nor its publication (a page that states its publication
    states its update beside it when it has one; reading its lines costs a tenth of the
    page)."""
    if article.get("datePublished") or _tagged(meta):
        return None
    heading = _story_heading(doc, headline, ("h1",))
    if heading is None:
        heading = _story_heading(doc, headline, ("h2", "h3"))
    if heading is None:
        return None
    return update_line(heading, names, context, _line_order(doc, meta, article))


def _line_order(doc, meta, article: dict) -> Order:
    """How a date line at the headline writes slashed digits that read either way: as its
    zone says ("EDT": month first, "GMT", "CET": day first), else as the page's other
    statements do (`_slash_order`)."""

    def order(stated: Stated, line: str) -> str:
        return date_lines.zone_order(line) or _slash_order(
            doc, meta, article, [f"{stated.day}/{stated.month}/{stated.year}"])

    return order


def _as_read(values: list, order: str) -> list:
    """`values` with each "11/01/2023…" written year first in the page's `order`."""
    if order != "md":
        return values
    read = []
    for value in values:
        if (isinstance(value, str) and (m := _SLASHED.match(value.strip()))
                and int(m[1]) <= 12):  # "25/10/2023" reads one way only, as it is
            value = f"{m[3]}-{int(m[1]):02d}-{int(m[2]):02d}{m[4]}"
        read.append(value)
    return read


# Meta tags naming a date without saying which: the print edition's, the last update's, the
# page's build. The story's own date, where the page shows one, is believed before them.
_GENERIC = ("dc.date", "dcterms.date", "date")


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
        wall = _clock(value)
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


def _clock(value) -> datetime | None:
    """An ISO 8601 or RFC 822 timestamp as written: aware when it gives an offset."""
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(_iso_repaired(value))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None


def _offset(difference: timedelta) -> timedelta | None:
    """`difference` between a local clock and UTC when it can be a zone's offset: whole
    quarter hours, not zero, at most 14 hours; not 12 hours, which is the same time read on
    a 12-hour clock ("06:00" for 6 pm) far more often than New Zealand's offset."""
    if (difference and not difference % timedelta(minutes=15)
            and abs(difference) <= timedelta(hours=14) and abs(difference) != timedelta(hours=12)):
        return difference
    return None


_TIME_VALUES, _INNER_TIME_VALUES = etree.XPath("//time/@datetime"), etree.XPath(".//time/@datetime")
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


_UNIX_TIME = re.compile(r"1\d{9}(?:\d{3})?")  # seconds (2001-2033) or milliseconds


def first_date(values: list, context: Context) -> datetime | None:
    """The first of `values` that is a readable date between 1990 and now (a page's date in
    the future is a wrong zone or a typo, never an embargo)."""
    latest = datetime.now(UTC) + timedelta(minutes=1)
    for value in values:
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            continue
        # a number is Unix time, as JSON-LD may give it ("datePublished": 1676551869) and a
        # meta tag may write it ("1676551869", in milliseconds "1676551869000")
        if isinstance(value, str) and _UNIX_TIME.fullmatch(value.strip()):
            value = int(value)
        text = _iso_repaired(value) if isinstance(value, str) else value
        try:
            date = context.date(text)
        except (Rejected, OverflowError, ValueError):
            continue
        if EARLIEST <= date <= latest:
            return date
        log.info("%s: ignoring the implausible date %r", context.name, str(text)[:40])
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
