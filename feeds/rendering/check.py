"""The check every rendered document passes before it is published.

A document must be well-formed, read back with feedparser (JSON Feed: with `json`, which
feedparser 6 does not read), carry only absolute URLs in its links and ids, give every date
a time zone, and stay under the size limit. `rendered` renders and checks in one step, and
when a document fails it renders the entries one by one to name the articles at fault.

`feeds.rendering.documents` checks only what is new in a document: a small document of its head and
new entries gets every check but the feedparser read-back, which reads the new entries
under the bare root element, and the head only the first time its channel is rendered
(later heads differ in their dates alone). The read-back costs most, per element.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import datetime
from email.utils import parsedate_tz
from urllib.parse import urlsplit

import feedparser
from lxml import etree

from articles.model import Article
from feeds.rendering import render

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S")
# URLs `_absolute` takes as they are: http(s) with a plain host name, and URNs.
_PLAIN_URL = re.compile(r"(?:https?://[A-Za-z0-9.-]+(?::[0-9]+)?(?:[/?#]\S*)?|urn:[A-Za-z0-9-]+:\S+)\Z")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
# Elements whose text, and attributes whose value, is a URL or an id that must be absolute.
_URL_ELEMENTS = {"id", "uri", "guid", "link", "docs", "comments", "icon", "logo"}
_URL_ATTRIBUTES = {"href", "url", "src"}
_URL_ATTRIBUTE_VALUES = etree.XPath("|".join(f"//@{name}" for name in sorted(_URL_ATTRIBUTES)))
_RFC822_ZONE = re.compile(r"\s([+-]\d{4}|UT|GMT|[ECMP][SD]T|[A-IK-Z])$")
_ATOM_DATES = {"updated", "published"}
_RSS_DATES = {"pubDate", "lastBuildDate"}
_CHECKED_TAGS = [f"{{*}}{name}" for name in sorted(_URL_ELEMENTS | _ATOM_DATES | _RSS_DATES)]
_FEEDPARSER_VERSIONS = {"atom": "atom10", "rss": "rss20"}
_JSON_URLS = ("home_page_url", "feed_url", "next_url")
_JSON_ITEM_URLS = ("id", "url", "external_url", "image")
_JSON_DATES = ("date_published", "date_modified")


class Failed(Exception):
    """A document that must not be published; the message says why, naming the articles."""


def rendered(
    fmt: str, channel: render.Channel, entries: Sequence[Article], max_bytes: int,
    newest: datetime | None = None, *, read_back: bool = True,
) -> bytes:
    """The document of `entries` in `fmt`, checked; `Failed` when it may not be published.
    `newest`: the feed's updated time, when `entries` are only some of its entries;
    `read_back`: whether feedparser reads it back."""
    why, body = _attempt(fmt, channel, entries, max_bytes, newest, read_back)
    if why is None:
        return body
    culprits = [a.slug for a in entries
                if _attempt(fmt, channel, [a], max_bytes, newest, read_back)[0]]
    who = (f"because of article(s) {', '.join(culprits)}" if culprits
           else "though each article passes on its own")
    raise Failed(f"{channel.self_url(fmt)} {why}, {who}")


def problem(fmt: str, body: bytes, max_bytes: int, read_back: bool = True) -> str | None:
    """Why `body` must not be published, in a few words; None when it may be."""
    return too_big(body, max_bytes) or (
        _json(body) if fmt == "json" else _xml(fmt, body, read_back))


def too_big(body: bytes, max_bytes: int) -> str | None:
    if len(body) > max_bytes:
        return f"is {len(body):,} bytes, over the limit of {max_bytes:,}"
    return None


def _attempt(fmt, channel, entries, max_bytes, newest, read_back) -> tuple[str | None, bytes]:
    try:
        body = render.RENDERERS[fmt](channel, entries, newest)
    except Exception as exc:  # a renderer that raises fails the check like a bad document
        return f"cannot be rendered ({type(exc).__name__}: {exc})", b""
    return problem(fmt, body, max_bytes, read_back), body


def _xml(fmt: str, body: bytes, read_back: bool) -> str | None:
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        return f"is not well-formed XML ({exc})"
    if read_back and (why := reads_back(fmt, body)):
        return why
    for element in root.iter(*_CHECKED_TAGS):  # libxml2 finds them, in document order
        name = element.tag.rpartition("}")[2]
        text = (element.text or "").strip()
        if name in _URL_ELEMENTS and text and not _absolute(text):
            return f"has a relative URL or id in <{name}>: {text!r}"
        if fmt == "atom" and name in _ATOM_DATES and not _zoned_iso(element.text):
            return f"has a date without a time zone in <{name}>: {element.text!r}"
        if fmt == "rss" and name in _RSS_DATES and not _zoned_rfc822(element.text):
            return f"has a date without a time zone in <{name}>: {element.text!r}"
    for value in _URL_ATTRIBUTE_VALUES(root):
        if not _absolute(value):
            name = etree.QName(value.getparent()).localname
            return f"has a relative URL in <{name} {value.attrname}>: {str(value)!r}"
    return None


def reads_back(fmt: str, body: bytes) -> str | None:
    """Why feedparser does not read `body` back as a feed in `fmt`; None when it does (and
    for JSON Feed, which it does not read)."""
    if fmt == "json":
        return None
    doc = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if doc.bozo:
        return f"does not read back with feedparser ({doc.bozo_exception})"
    if doc.version != _FEEDPARSER_VERSIONS[fmt]:
        return f"reads back as {doc.version or 'no known format'}, not {fmt}"
    return None


def _json(body: bytes) -> str | None:
    try:
        doc = json.loads(body)
    except ValueError as exc:
        return f"is not valid JSON ({exc})"
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ) or not isinstance(doc.get("items"), list):
        return "is not a JSON Feed (version and items)"
    urls = [(key, doc[key]) for key in _JSON_URLS if key in doc]
    for item in doc["items"]:
        urls += [(key, item[key]) for key in _JSON_ITEM_URLS if key in item]
        urls += [("attachments", a.get("url")) for a in item.get("attachments", [])]
        for key in _JSON_DATES:
            if key in item and not _zoned_iso(item[key]):
                return f"has a date without a time zone in {key}: {item[key]!r}"
    for key, url in urls:
        if not isinstance(url, str) or not _absolute(url):
            return f"has a relative URL or id in {key}: {url!r}"
    return None


def _absolute(url: str) -> bool:
    """An absolute URI (`urn:`, `tag:`, …); for http(s), with a host."""
    if _PLAIN_URL.match(url):  # most of them, at a tenth of the cost of urlsplit
        return True
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a broken IPv6 host
        return False
    web = parts.scheme in ("http", "https")
    return bool(_SCHEME.match(url)) and (bool(parts.netloc) or not web)


def _zoned_iso(text: str | None) -> bool:
    try:
        return datetime.fromisoformat(text or "").tzinfo is not None
    except ValueError:
        return False


def _zoned_rfc822(text: str | None) -> bool:
    text = (text or "").strip()
    return parsedate_tz(text) is not None and bool(_RFC822_ZONE.search(text))
