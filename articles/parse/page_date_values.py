"""The dates a saved page states in its markup, as values: which meta tags state its
publication (`publication_tags`, and the `GENERIC` ones that name a date without saying
which), a value read as a date (`first_date`: ISO 8601 written loosely, Unix time, between
1990 and now; `clock`: as written, with its offset), and the order the page writes slashed
digits that read either way in (`in_page_order`, `line_order`). `page_dates` weighs them
against the story's own lines and its place on the page.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from lxml import etree

from articles.model import Rejected
from articles.parse.context import Context
from articles.parse.newswire import date_lines
from articles.parse.newswire.date_forms import Stated
from articles.parse.page_date_lines import EARLIEST, Order
from articles.parse.page_statements import as_list, meta_all

log = logging.getLogger("newsfeed.parse")

TIME_VALUES = etree.XPath("//time/@datetime")


def publication_tags(meta) -> list:
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


# Meta tags naming a date without saying which: the print edition's, the last update's, the
# page's build. The story's own date, where the page shows one, is believed before them.
GENERIC = ("dc.date", "dcterms.date", "date")


def update_as_publication(stated: list, tagged: list, modified: datetime | None,
                          context: Context) -> bool:
    """Whether the structured data's publication date is the page's last update, which some
    templates write there, while its meta tags state a publication days before (not the
    same time written in another zone)."""
    if not modified:
        return False
    first, earlier = first_date(stated, context), first_date(tagged, context)
    return bool(first == modified and earlier and first - earlier > timedelta(days=1))


_LOOSE_ISO = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(\.\d+)?\s*"
                        r"(Z|[+-]\d{2}:?\d{2}|UTC|GMT)?$")

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


def clock(value) -> datetime | None:
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


def in_page_order(doc, meta, article: dict, *groups: list) -> tuple[list, ...]:
    """Each group of statements with its slashed dates ("11/01/2023…") written year first
    in the order the page writes them (`_slash_order`)."""
    values = [v for group in groups for v in group]
    if not any(isinstance(v, str) and _SLASHED.match(v.strip()) for v in values):
        return groups
    order = _slash_order(doc, meta, article, values)
    return tuple(_as_read(group, order) for group in groups)


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
                       *TIME_VALUES(doc)])
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


def line_order(doc, meta, article: dict) -> Order:
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
