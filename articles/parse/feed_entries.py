"""An upstream feed's bytes into entries, and each entry into an `Article`.

RSS 0.9x/1.0/2.0 and Atom go through feedparser with its sanitizing and URL resolving off
(it resolves against the wrong base, and turns bare guids into URLs); JSON Feed, which
feedparser 6.0 does not read, is turned into the same shape of dicts here. Markup is then
cleaned with `articles.sanitize.clean_html`, relative URLs resolved against the entry's
own base (its xml:base, else the feed's URL). A document that declares XML entities is
refused before any parser sees it.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from urllib.parse import urljoin

import feedparser

from articles.dates import parse_date
from articles.model import Article, Enclosure, Image, Rejected
from articles.sanitize import (
    clean_html,
    clean_text,
    html_to_text,
    is_absolute_http,
    paragraphs_to_html,
    summarize,
)

# Ids of upstream entries are UUIDv5s of (source name, the entry's own id) in this namespace.
SOURCE_NAMESPACE = uuid.UUID("8c1d7c52-3b8e-4f39-9d0e-6f1c4a0b5e21")
_HTML_TYPES = ("text/html", "application/xhtml+xml", "html", "xhtml")
_BENIGN = (feedparser.NonXMLContentType, feedparser.CharacterEncodingOverride)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")


@dataclass(frozen=True)
class UpstreamFeed:
    """What a fetched document says about itself, and its entries (feedparser-shaped dicts)."""

    title: str
    id: str
    language: str
    authors: tuple[str, ...]
    entries: list = field(default_factory=list)
    problem: str = ""  # why it is not well-formed, when entries were recovered anyway


def read_feed(body: bytes, content_type: str = "") -> UpstreamFeed:
    """The feed in a response body, or `Rejected` saying what the body is instead."""
    start = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if start.startswith(b"{") or "json" in content_type.lower():
        return _json_feed(body)
    prolog = body.replace(b"\x00", b"")  # UTF-16 and UTF-32 as ASCII, for this search
    first = _FIRST_ELEMENT.search(prolog)
    if b"<!entity" in prolog[: first.start() if first else len(prolog)].lower():
        raise Rejected("it declares XML entities (<!ENTITY …>), which newsfeed refuses to expand")
    parsed = feedparser.parse(
        body,
        sanitize_html=False,
        resolve_relative_uris=False,
        response_headers={"content-type": content_type} if content_type else {},
    )
    if not parsed.get("version") and not parsed.entries:
        if re.search(rb"<html|<!doctype html", prolog[:4096].lower()):
            raise Rejected("it is an HTML page, not a feed; set url to the feed's own address")
        raise Rejected("it is not an RSS, Atom or JSON feed")
    problem = ""
    exc = parsed.get("bozo_exception")
    if parsed.get("bozo") and not isinstance(exc, _BENIGN):
        problem = f"it is not well-formed XML ({clean_text(str(exc)) or type(exc).__name__})"
    feed = parsed.feed
    return UpstreamFeed(
        title=_text(feed.get("title_detail")),
        id=feed.get("id", ""),
        language=clean_text(feed.get("language") or "")[:35],
        authors=_names(feed.get("authors")),
        entries=list(parsed.entries),
        problem=problem,
    )


def entry_key(entry) -> str:
    """The entry's own id within its feed: its guid or id, else its link, title or text."""
    for key in ("id", "link"):
        if value := str(entry.get(key) or "").strip():
            return value
    detail = entry.get("title_detail") or entry.get("summary_detail") or {}
    return "text:" + str(detail.get("value") or "")


def entry_id(source_name: str, entry) -> str:
    """The article id of an entry: fixed by the source's name and the entry's own id."""
    return f"urn:uuid:{uuid.uuid5(SOURCE_NAMESPACE, source_name + chr(10) + entry_key(entry))}"


def entry_dates(entry, tz: tzinfo) -> tuple[datetime | None, datetime | None]:
    """(published, updated) as the entry gives them; a date without zone is in `tz`."""
    published, updated = (_date(entry, name, tz) for name in ("published", "updated"))
    published = published or updated
    if updated is not None and updated <= published:
        updated = None  # the store keeps updated equal to published
    return published, updated


def to_article(entry, feed: UpstreamFeed, *, source_name: str, feed_url: str,
               categories: tuple[str, ...], published: datetime,
               updated: datetime | None) -> Article | None:
    """The article for one entry; None for an entry with neither title nor text, or one
    without text in a broken feed (likely cut off where the document breaks)."""
    content_html, summary = _body(entry, feed_url)
    text = html_to_text(content_html)
    if feed.problem and not text:
        return None
    title = _text(entry.get("title_detail")) or summarize(text, 100)
    if not title:
        return None
    source = feed.title or source_name
    return Article(
        id=entry_id(source_name, entry),
        title=title,
        content_html=content_html,
        summary=summary or summarize(text),
        published=published,
        updated=updated,
        authors=_names(entry.get("authors")) or feed.authors or (source,),
        source=source,
        source_url=feed_url,
        source_id=feed.id if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", feed.id) else feed_url,
        link=_link(entry, feed_url),
        tags=_unique([t.get("label") or t.get("term") or "" for t in entry.get("tags") or []]
                     + list(categories)),
        language=feed.language,
        enclosures=_enclosures(entry, feed_url),
        origin=source_name,
        image=_image(entry, feed_url),
    )


def _body(entry, feed_url: str) -> tuple[str, str]:
    """(sanitized content HTML, plain-text summary) from content and summary/description."""
    contents = entry.get("content") or []
    content = next((c for c in contents if c.get("type") in _HTML_TYPES), None)
    content = content or (contents[0] if contents else None)
    summary = entry.get("summary_detail")
    if summary is None and entry.get("summary"):
        summary = {"type": "text/html", "value": entry["summary"]}
    html = _html(content or summary, feed_url)
    return html, summarize(html_to_text(_html(summary, feed_url))) if content and summary else ""


def _html(detail, feed_url: str) -> str:
    if not detail or not detail.get("value"):
        return ""
    value = str(detail["value"])
    if detail.get("type") not in _HTML_TYPES:
        return paragraphs_to_html([p for p in re.split(r"\n\s*\n", value) if p.strip()])
    return clean_html(value, base_url=urljoin(feed_url, detail.get("base") or ""))


def _text(detail) -> str:
    """A title-like field as one line of text; HTML (Atom type="html", RSS) becomes its words."""
    if not detail or not detail.get("value"):
        return ""
    value = str(detail["value"])
    return clean_text(html_to_text(value) if detail.get("type") in _HTML_TYPES else value)


def _date(entry, name: str, tz: tzinfo) -> datetime | None:
    # dict.get: feedparser's own get() answers "updated" with the published date
    if (raw := str(dict.get(entry, name) or "")) and (value := parse_date(raw, tz)):
        return value
    parsed = dict.get(entry, f"{name}_parsed")
    return datetime(*parsed[:6], tzinfo=UTC) if parsed else None


def _link(entry, feed_url: str) -> str:
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            url = urljoin(feed_url, link["href"])
            return url if is_absolute_http(url) else ""
    link = str(entry.get("link") or "")  # a guid that claims to be a permalink
    return link if is_absolute_http(link) else ""


def _enclosures(entry, feed_url: str) -> tuple[Enclosure, ...]:
    found = []
    for link in entry.get("links") or []:
        url = urljoin(feed_url, link.get("href") or "")
        if link.get("rel") == "enclosure" and is_absolute_http(url):
            length = str(link.get("length") or "")
            found.append(Enclosure(url, link.get("type") or "application/octet-stream",
                                   int(length) if length.isdigit() else 0))
    return tuple(found)


def _image(entry, feed_url: str) -> Image | None:
    """The entry's lead image: its Media RSS `media:content` image, else its
    `media:thumbnail`, else its first image enclosure (which stays an enclosure too)."""
    credit = next((_plain(c.get("content")) for c in entry.get("media_credit") or []
                   if _plain(c.get("content"))), "")
    for media in entry.get("media_content") or []:
        kind = str(media.get("type") or "")
        if media.get("medium") == "image" or kind.startswith("image/"):
            url = urljoin(feed_url, str(media.get("url") or ""))
            if is_absolute_http(url):
                return Image(url=url, width=_count(media.get("width")),
                             height=_count(media.get("height")), type=kind,
                             length=_count(media.get("filesize") or media.get("fileSize")),
                             credit=credit)
    for media in entry.get("media_thumbnail") or []:
        url = urljoin(feed_url, str(media.get("url") or ""))
        if is_absolute_http(url):
            return Image(url=url, width=_count(media.get("width")),
                         height=_count(media.get("height")), credit=credit)
    for enclosure in _enclosures(entry, feed_url):
        if enclosure.type.startswith("image/"):
            return Image(url=enclosure.url, type=enclosure.type, length=enclosure.length,
                         credit=credit)
    return None


def _count(value) -> int:
    """A width, height or size in an attribute: a whole number, else 0."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else 0


def _plain(value) -> str:
    return clean_text(html_to_text(str(value or "")))


def _names(people) -> tuple[str, ...]:
    return tuple(_unique([p.get("name") or p.get("email") or "" for p in people or []
                          if isinstance(p, dict)]))


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        if (text := clean_text(str(value))) and text.casefold() not in seen:
            seen[text.casefold()] = text
    return tuple(seen.values())


def _json_feed(body: bytes) -> UpstreamFeed:
    """JSON Feed 1.0/1.1 in the shape feedparser gives RSS and Atom."""
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected(f"it is not valid JSON ({exc})") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
            "https://jsonfeed.org/version/"):
        raise Rejected("it is JSON but not a JSON Feed (no jsonfeed.org version)")
    home = doc.get("home_page_url") or ""
    entries = [_json_item(item, home) for item in doc.get("items") or [] if isinstance(item, dict)]
    return UpstreamFeed(
        title=clean_text(str(doc.get("title") or "")),
        id=str(doc.get("feed_url") or ""),
        language=clean_text(str(doc.get("language") or ""))[:35],
        authors=_names(doc.get("authors") or [doc.get("author")]),
        entries=entries,
    )


def _json_item(item: dict, home: str) -> dict:
    url = str(item.get("url") or "")
    links = [{"rel": "alternate", "href": url}] if url else []
    links += [{"rel": "enclosure", "href": a.get("url"), "type": a.get("mime_type"),
               "length": str(a.get("size_in_bytes") or "")}
              for a in item.get("attachments") or [] if isinstance(a, dict)]
    content = []
    if item.get("content_html"):
        content.append({"type": "text/html", "value": item["content_html"], "base": url or home})
    if item.get("content_text"):
        content.append({"type": "text/plain", "value": item["content_text"]})
    image = item.get("image") or item.get("banner_image")
    return {
        "id": str(item.get("id") or ""),
        "links": links,
        "media_content": [{"url": image, "medium": "image"}] if isinstance(image, str) else [],
        "title_detail": {"type": "text/plain", "value": item.get("title") or ""},
        "content": content,
        "summary_detail": {"type": "text/plain", "value": item.get("summary") or ""}
        if item.get("summary") else None,
        "published": item.get("date_published"),
        "updated": item.get("date_modified"),
        "authors": item.get("authors") or [item.get("author")],
        "tags": [{"term": t} for t in item.get("tags") or [] if isinstance(t, str)],
    }
