"""Rendering one feed document as Atom 1.0 and RSS 2.0 (feedgen) and JSON Feed 1.1.

Everything a document says comes from the articles and the `Channel`, never from the
clock: the feed's own updated/lastBuildDate is the newest entry's, so an unchanged store
renders byte-identical documents. Each article is made safe on the way in
(`feeds.rendering.clean.safe`), so a document is well-formed whatever was stored. feedgen's known
gaps (see DESIGN.md) are filled by the `NewsfeedFeed` and `NewsfeedEntry` extensions.
"""

from __future__ import annotations

import contextlib
import html
import json
import math
import re
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from urllib.parse import quote

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from articles.model import Article, Enclosure, Image, Takedown
from articles.sanitize import clean_text
from feeds.rendering.clean import safe

ATOM_NS = "http://www.w3.org/2005/Atom"
FH_NS = "http://purl.org/syndication/history/1.0"  # RFC 5005
SY_NS = "http://purl.org/rss/1.0/modules/syndication/"
AT_NS = "http://purl.org/atompub/tombstones/1.0"  # RFC 6721
WEBFEEDS_NS = "http://webfeeds.org/rss/1.0"  # Feedly's
MEDIA_NS = "http://search.yahoo.com/mrss/"  # Media RSS, in Atom and RSS alike
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_ID_NAMESPACE = uuid.UUID("0f3c8e38-57a1-4a43-a1c5-0a9a3c6f2b64")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the updated time of a feed with no entries yet
GENERATOR = "newsfeed"
VERSION = "5"  # change it when documents change for the same entries: archive pages re-render

MEDIA_TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}
_SURROGATES = re.compile("[\ud800-\udfff]")
_AMPERSAND = re.compile(rb"&amp;(?=[#\w])")  # "&" before what could make an entity, "&T" too


@dataclass(frozen=True)
class Channel:
    """What a feed document says about itself: its feed, and which RFC 5005 page it is."""

    key: str  # "news", or "tags/world": the feed's path below /feeds/, without suffix
    title: str
    description: str
    base_url: str  # the site's, ending in "/"
    language: str = "en"
    hub: str = ""
    page: int = 0  # 0: the subscription document; n: archive page n, 1 the oldest
    pages: int = 0  # how many archive pages the feed has
    icon: str = ""  # absolute URL of the site's small icon (favicon): Atom icon, JSON favicon
    logo: str = ""  # absolute URL of a larger image (PNG/JPEG/GIF): Atom logo, RSS image,
    # JSON Feed icon
    ttl: int = 0  # minutes readers may wait between polls: RSS ttl and sy:update*; 0: none
    cover: str = ""  # absolute URL of a wide image: Feedly's webfeeds:cover (RSS)
    accent: str = ""  # "2b6cb0": Feedly's webfeeds:accentColor (RSS)
    query: str = ""  # a normalized query string ("limit=5&q=rutte"): a selection of the feed
    # Stories it showed that were taken down lately, newest first: Atom's RFC 6721
    # at:deleted-entry elements (RSS and JSON Feed have none: the entry just leaves them).
    tombstones: tuple[Takedown, ...] = ()

    @property
    def id(self) -> str:
        """Fixed by the feed's key (and query) alone, so a new `base_url` changes no published
        id; a selection of a feed is a feed of its own."""
        name = f"{self.key}?{self.query}" if self.query else self.key
        return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, name)}"

    def url(self, fmt: str) -> str:
        """The subscription document's URL."""
        return f"{self.base_url}feeds/{quote(self.key)}.{fmt}"

    def archive_url(self, page: int, fmt: str) -> str:
        return f"{self.base_url}feeds/{quote(self.key)}/archive/{page}.{fmt}"

    def self_url(self, fmt: str) -> str:
        if self.page:
            return self.archive_url(self.page, fmt)
        return f"{self.url(fmt)}?{self.query}" if self.query else self.url(fmt)

    def article_url(self, article: Article) -> str:
        return f"{self.base_url}articles/{quote(article.slug)}"

    def history(self, fmt: str) -> list[tuple[str, str]]:
        """The RFC 5005 links of this document, (rel, href)."""
        if not self.page:
            return [("prev-archive", self.archive_url(self.pages, fmt))] if self.pages else []
        links = [("current", self.url(fmt))]
        if self.page > 1:
            links.append(("prev-archive", self.archive_url(self.page - 1, fmt)))
        if self.page < self.pages:
            links.append(("next-archive", self.archive_url(self.page + 1, fmt)))
        return links


def updated(entries: Sequence[Article], channel: Channel | None = None) -> datetime:
    """The feed's own updated time: its newest entry's, or its latest takedown's."""
    newest = max((a.updated or a.published for a in entries), default=EPOCH)
    if channel is not None and channel.tombstones:
        return max(newest, channel.tombstones[0].deleted)
    return newest


def atom(channel: Channel, entries: Sequence[Article], newest: datetime | None = None) -> bytes:
    """Atom 1.0. `newest` is the feed's own updated time when `entries` are only some of its
    entries (see `split`); by default, theirs."""
    fg = _generator(channel, entries, "atom", newest)
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def rss(channel: Channel, entries: Sequence[Article], newest: datetime | None = None) -> bytes:
    """RSS 2.0; `<`, and `&` where it could be read as a reference, written as hexadecimal
    references, as the RSS Best Practices Profile asks (the same XML, and no warning from
    the W3C validator)."""
    body = _generator(channel, entries, "rss", newest).rss_str(
        pretty=True, encoding="UTF-8", xml_declaration=True
    )
    return _AMPERSAND.sub(b"&#x26;", body.replace(b"&lt;", b"&#x3C;"))


def json_feed(
    channel: Channel, entries: Sequence[Article], newest: datetime | None = None
) -> bytes:
    """JSON Feed 1.1 from the same entries (feedgen writes none); `next_url` pages back.

    Laid out as `json.dumps(indent=2)` would, each item its own block (see `split`)."""
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": clean_text(channel.title),
        "home_page_url": channel.base_url,
        "feed_url": channel.self_url("json") if channel.query else channel.url("json"),
        "description": _description(channel),
        "language": channel.language,
        "authors": [{"name": clean_text(channel.title)}],
    }
    older = channel.page - 1 if channel.page else channel.pages
    if older:
        doc["next_url"] = channel.archive_url(older, "json")
    if channel.logo:
        doc["icon"] = channel.logo
    if channel.icon:
        doc["favicon"] = channel.icon
    if channel.hub and not channel.page:
        doc["hubs"] = [{"type": "WebSub", "url": channel.hub}]
    head = json.dumps(doc, ensure_ascii=False, indent=2)[:-2] + f',\n{_JSON_ITEMS}'
    items = [_indented(_json_item(channel, safe(a, channel.base_url)), "    ") for a in entries]
    text = head + ",".join(f"\n    {item}" for item in items) + _JSON_TAIL
    return _SURROGATES.sub("", text).encode()  # lone surrogates have no UTF-8


def _indented(value, indent: str) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)` with every line after the first
    indented by `indent`, in a third of its time (its indented form is pure Python)."""
    if type(value) is str:
        return encode_basestring(value)
    inner = indent + "  "
    if type(value) is dict and value and all(type(k) is str for k in value):
        return "{\n" + ",\n".join(
            f"{inner}{encode_basestring(k)}: "
            f"{encode_basestring(v) if type(v) is str else _indented(v, inner)}"
            for k, v in value.items()) + f"\n{indent}}}"
    if type(value) is list and value:
        return "[\n" + ",\n".join(
            inner + (encode_basestring(v) if type(v) is str else _indented(v, inner))
            for v in value) + f"\n{indent}]"
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + indent)


RENDERERS = {"atom": atom, "rss": rss, "json": json_feed}
# Where a document's entries start and its tail begins: entries are the only elements at
# their indentation, XML escapes every `<` in text and attributes, and JSON every line break.
_JSON_ITEMS = '  "items": ['
_JSON_TAIL = "\n  ]\n}\n"
_ENTRY_START = {"atom": b"\n  <entry", "rss": b"\n    <item>", "json": b"\n    {\n"}
_TAIL_START = {"atom": b"\n</feed>", "rss": b"\n  </channel>", "json": _JSON_TAIL.encode()}
SEPARATORS = {"atom": b"", "rss": b"", "json": b","}  # between two entries of a document


def split(fmt: str, body: bytes) -> tuple[bytes, list[bytes], bytes]:
    """A document as (head, entries, tail): `head + SEPARATORS[fmt].join(entries) + tail`.

    An entry's bytes depend on its article, the format and the site's base URL only, never
    on the channel or the other entries, so a document can be put together from entries
    rendered before (see `feeds.rendering.documents`)."""
    start = _ENTRY_START[fmt]
    end = body.rindex(_TAIL_START[fmt])
    first = body.find(start, body.index(_JSON_ITEMS.encode()) if fmt == "json" else 0, end)
    if first < 0:
        return body[:end], [], body[end:]
    pieces = body[first + len(start):end].split(SEPARATORS[fmt] + start)
    return body[:first], [start + piece for piece in pieces], body[end:]


def bare(fmt: str, head: bytes) -> bytes:
    """The start of an Atom or RSS document with `head` (from `split`) up to where its
    entries may begin, without the channel's own elements: the root's start tag (RSS: and
    <channel>)."""
    if fmt == "rss":
        return head[: head.index(b"<channel>") + len(b"<channel>")]
    return head[: head.index(b">", head.index(b"<feed")) + 1]


def update_period(ttl: int) -> tuple[str, int]:
    """`sy:updatePeriod` and `sy:updateFrequency` for polls at most every `ttl` minutes: the
    shortest period holding one, and how many polls fit in it (never more often than ttl)."""
    for period, minutes in (("hourly", 60), ("daily", 1440), ("weekly", 10080),
                            ("monthly", 43200)):
        if ttl <= minutes:
            return period, max(1, minutes // ttl)
    return "yearly", max(1, 525600 // ttl)


def ttl_minutes(feed_ttl: int, cache_max_age: int) -> int:
    """A feed's RSS ttl: its own, or the server's Cache-Control max-age in whole minutes."""
    return feed_ttl or max(1, math.ceil(cache_max_age / 60))


def _description(channel: Channel) -> str:
    return clean_text(channel.description) or f"The latest articles of {clean_text(channel.title)}"


def _generator(channel: Channel, entries: Sequence[Article], fmt: str,
               newest: datetime | None) -> FeedGenerator:
    """A FeedGenerator set to write the document in `fmt`. Its entries say the same in
    Atom and RSS: within `shared_entries`, the generator of this thread's last call is set
    again for the other format when its channel and articles are the same."""
    newest = (newest or updated(entries, channel)).astimezone(UTC)
    if not getattr(_last, "sharing", False):
        return _for(_built(channel, entries, newest), channel, fmt)
    last = getattr(_last, "built", None)
    if (last is not None and last[0] == (channel, newest) and len(last[1]) == len(entries)
            and all(a is b for a, b in zip(last[1], entries, strict=True))):
        fg = last[2]
    else:
        fg = _built(channel, entries, newest)
        _last.built = ((channel, newest), tuple(entries), fg)
    return _for(fg, channel, fmt)


@contextlib.contextmanager
def shared_entries() -> Iterator[None]:
    """Within it, this thread renders the Atom and RSS documents of the same channel and
    articles from one FeedGenerator, their entries built once; nothing is kept after it."""
    _last.sharing = True
    try:
        yield
    finally:
        _last.sharing, _last.built = False, None


_last = threading.local()  # `shared_entries`: whether on, and the last generator with its key


def _for(fg: FeedGenerator, channel: Channel, fmt: str) -> FeedGenerator:
    """`fg` set to write the document in `fmt`."""
    fg.newsfeed.history = channel.history(fmt)
    # Each for one format only, but its namespace would be declared in the other too.
    fg.newsfeed.ttl = channel.ttl if fmt == "rss" and not channel.page else 0
    fg.newsfeed.tombstones = channel.tombstones if fmt == "atom" else ()
    # What Feedly shows of the feed, read from where it subscribes; only for a site that
    # sets its look (the W3C validator warns of the namespace, which it does not know).
    look = fmt == "rss" and not channel.page and (channel.logo or channel.cover or channel.accent)
    fg.newsfeed.webfeeds = () if not look else (
        ("icon", channel.icon), ("logo", channel.logo), ("cover", channel.cover),
        ("accentColor", channel.accent))
    # The self link first and the alternate last: feedgen's RSS <link> is the last one.
    fg.link(href=channel.self_url(fmt), rel="self", type=MEDIA_TYPES[fmt], replace=True)
    fg.link(href=channel.base_url, rel="alternate", type="text/html")
    return fg


def _built(channel: Channel, entries: Sequence[Article], newest: datetime) -> FeedGenerator:
    """A FeedGenerator of `entries`, with what the channel says alike in Atom and RSS: each
    sets only its own elements (icon: Atom; image, ttl: RSS)."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("newsfeed", NewsfeedFeed, NewsfeedEntry, atom=True, rss=True)
    fg.id(channel.id)
    fg.title(clean_text(channel.title))
    fg.description(_description(channel))
    fg.author({"name": clean_text(channel.title), "uri": channel.base_url})
    fg.language(channel.language)
    fg.generator(GENERATOR)
    fg.newsfeed.hub = "" if channel.page else channel.hub  # archive pages never change
    fg.newsfeed.archive = bool(channel.page)
    if channel.icon:
        fg.icon(channel.icon)
    if channel.logo:  # Atom's logo; RSS images are GIF, JPEG or PNG: never the .ico favicon
        fg.image(url=channel.logo, title=clean_text(channel.title), link=channel.base_url)
    if channel.ttl and not channel.page:  # archive pages never change: no polling hints
        fg.ttl(channel.ttl)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    fg.pubDate(newest)
    for article in entries:
        _entry(fg, channel, safe(article, channel.base_url))
    return fg


def _entry(fg: FeedGenerator, channel: Channel, a: Article) -> None:
    fe = fg.add_entry(order="append")
    fe.id(a.id)
    fe.guid(a.id, permalink=False)
    fe.title(a.title)
    fe.link(href=channel.article_url(a), rel="alternate", type="text/html")
    fe.published(a.published)
    fe.updated(a.updated)
    for name in a.authors:
        fe.author({"name": name})
    for name in a.cites:
        fe.contributor({"name": name})
    if a.authors:
        fe.dc.dc_creator(list(a.authors))
    if a.cites:
        fe.dc.dc_contributor(list(a.cites))
    if a.content_html.strip():  # a summary-only story has no content: never a blank one
        fe.content(a.content_html, type="html")
    fe.summary(a.summary or a.title)
    for tag in a.tags:
        fe.category(term=tag)
    fe.newsfeed.article = a


class NewsfeedFeed(BaseExtension):
    """Channel-level additions: the WebSub hub link (feedgen puts one in Atom only) and the
    RFC 5005 history links and `fh:archive` marker, in both formats."""

    hub = ""
    history: Sequence[tuple[str, str]] = ()
    archive = False
    ttl = 0  # RSS only: sy:updatePeriod and sy:updateFrequency
    tombstones: Sequence[Takedown] = ()  # Atom only
    webfeeds: Sequence[tuple[str, str]] = ()  # RSS only: Feedly's icon, logo, cover, colour

    def extend_ns(self):
        # Media RSS is declared in every document, so that an entry's bytes never depend
        # on whether another entry of the document has an image.
        spaces = {"fh": FH_NS} if self.archive else {"sy": SY_NS} if self.ttl else {}
        spaces = {"media": MEDIA_NS, **spaces}
        if any(value for _, value in self.webfeeds):
            spaces["webfeeds"] = WEBFEEDS_NS
        return {**spaces, "at": AT_NS} if self.tombstones else spaces

    def extend_atom(self, feed):
        # feedgen writes Atom elements without a namespace under a default xmlns: so do we.
        self._links(feed, "link")
        if self.archive:
            xml_elem(f"{{{FH_NS}}}archive", feed)
        for gone in self.tombstones:  # before the entries, so in the document's head
            tombstone = xml_elem(f"{{{AT_NS}}}deleted-entry", feed, ref=gone.id,
                                 when=gone.deleted.astimezone(UTC).isoformat())
            if reason := clean_text(gone.reason):
                xml_elem(f"{{{AT_NS}}}comment", tombstone).text = reason
        return feed

    def extend_rss(self, rss_root):
        channel = rss_root[0]
        self._links(channel, f"{{{ATOM_NS}}}link")
        if self.archive:
            xml_elem(f"{{{FH_NS}}}archive", channel)
        if self.ttl:  # lower-case names, as the module defines them (feedgen's are not)
            period, frequency = update_period(self.ttl)
            xml_elem(f"{{{SY_NS}}}updatePeriod", channel).text = period
            xml_elem(f"{{{SY_NS}}}updateFrequency", channel).text = str(frequency)
        for name, value in self.webfeeds:
            if value and name == "cover":
                xml_elem(f"{{{WEBFEEDS_NS}}}cover", channel, image=value)
            elif value:
                xml_elem(f"{{{WEBFEEDS_NS}}}{name}", channel).text = value
        return rss_root

    def _links(self, parent, tag: str) -> None:
        if self.hub:
            xml_elem(tag, parent, href=self.hub, rel="hub")
        for rel, href in self.history:
            xml_elem(tag, parent, href=href, rel=rel)


class NewsfeedEntry(BaseEntryExtension):
    """Entry-level additions feedgen lacks: the original's link, enclosures, the lead image
    (Media RSS), the entry's language (Atom), a complete atom:source, RSS <source>, and a
    plain-text RSS description."""

    article: Article | None = None

    def extend_atom(self, entry):
        a = self.article
        if a.language:  # always when known: an entry's bytes never depend on its feed's
            entry.set(XML_LANG, a.language)
        if a.link:
            xml_elem("link", entry, rel="related", type="text/html", href=a.link)
        for enc in _enclosures(a):
            xml_elem("link", entry, rel="enclosure", href=enc.url, type=enc.type,
                     length=str(enc.length))
        _media(entry, a.image)
        if a.source_id and a.source_url:
            source = xml_elem("source", entry)
            xml_elem("id", source).text = a.source_id
            xml_elem("title", source).text = a.source or a.source_url
            xml_elem("link", source, rel="self", href=a.source_url)
            xml_elem("updated", source).text = a.updated.isoformat()
        return entry

    def extend_rss(self, item):
        a = self.article
        # RSS readers take a description as HTML: the plain summary, escaped.
        item.find("description").text = html.escape(a.summary or a.title, quote=False)
        if enclosures := _enclosures(a):  # RSS allows one enclosure an item
            enc = enclosures[0]
            xml_elem("enclosure", item, url=enc.url, length=str(enc.length), type=enc.type)
        if a.source and a.source_url:
            xml_elem("source", item, url=a.source_url).text = a.source
        _media(item, a.image)
        return item


def _enclosures(a: Article) -> list[Enclosure]:
    """The article's enclosures, and its lead image when its length is known (RSS and Atom
    require one) and it is not one of them already."""
    found = list(a.enclosures)
    image = a.image
    if image and image.length and image.type and image.url not in {e.url for e in found}:
        found.append(Enclosure(image.url, image.type, image.length))
    return found


def _media(parent, image: Image | None) -> None:
    """The lead image as Media RSS, where readers and aggregators look for a picture:
    `media:content` (with its caption and credit) and `media:thumbnail`."""
    if image is None:
        return
    size = {name: str(value) for name, value in (("width", image.width),
                                                 ("height", image.height)) if value}
    content = xml_elem(f"{{{MEDIA_NS}}}content", parent, url=image.url, medium="image",
                       **({"type": image.type} if image.type else {}), **size,
                       **({"fileSize": str(image.length)} if image.length else {}))
    if image.caption:
        xml_elem(f"{{{MEDIA_NS}}}description", content, type="plain").text = image.caption
    if image.credit:
        xml_elem(f"{{{MEDIA_NS}}}credit", content).text = image.credit
    xml_elem(f"{{{MEDIA_NS}}}thumbnail", parent, url=image.url, **size)


def _json_item(channel: Channel, a: Article) -> dict:
    item = {
        "id": a.id,
        "url": channel.article_url(a),
        "title": a.title,
        # JSON Feed wants content in every item: a summary-only story's is its summary
        **({"content_html": a.content_html} if a.content_html.strip()
           else {"content_text": a.summary or a.title}),
        "summary": a.summary,
        "date_published": a.published.isoformat(),
        "date_modified": a.updated.isoformat(),
    }
    if a.link:
        item["external_url"] = a.link
    if a.authors:
        item["authors"] = [{"name": n} for n in a.authors]
    if a.tags:
        item["tags"] = list(a.tags)
    if a.language:
        item["language"] = a.language
    if a.image:
        item["image"] = a.image.url
    if a.enclosures:
        item["attachments"] = [
            {"url": e.url, "mime_type": e.type, **({"size_in_bytes": e.length} if e.length else {})}
            for e in a.enclosures
        ]
    if a.source or a.cites:
        source = {
            "name": a.source,
            "url": a.source_url,
            "feed_id": a.source_id,
            "cites": list(a.cites),
        }
        item["_source"] = {k: v for k, v in source.items() if v}
    return item
