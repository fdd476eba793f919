"""Rendering one feed's entries as Atom 1.0 and RSS 2.0 (feedgen) and JSON Feed 1.1.

Everything a document says comes from the articles and the `Channel`, never from the
clock: the feed's own updated/lastBuildDate is the newest entry's, so an unchanged store
renders byte-identical documents. feedgen's known gaps (see DESIGN.md) are filled by the
`NewsfeedEntry` extension below rather than by editing its output.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem

from articles.model import Article
from articles.sanitize import xml_safe

ATOM_NS = "http://www.w3.org/2005/Atom"
FEED_ID_NAMESPACE = uuid.UUID("0f3c8e38-57a1-4a43-a1c5-0a9a3c6f2b64")
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the updated time of a feed with no entries yet
GENERATOR = "newsfeed"

MEDIA_TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True)
class Channel:
    """What a feed document says about itself."""

    key: str  # "news", or "tags/world": the feed's path below /feeds/, without suffix
    title: str
    description: str
    base_url: str  # the site's, ending in "/"
    language: str = "en"
    hub: str = ""

    @property
    def id(self) -> str:
        """Fixed by the feed's key alone, so a new `base_url` changes no published id."""
        return f"urn:uuid:{uuid.uuid5(FEED_ID_NAMESPACE, self.key)}"

    def url(self, fmt: str) -> str:
        return f"{self.base_url}feeds/{self.key}.{fmt}"

    def article_url(self, article: Article) -> str:
        return f"{self.base_url}articles/{article.slug}"


def updated(entries: Sequence[Article]) -> datetime:
    """The feed's own updated time: its newest entry's."""
    return max((a.updated or a.published for a in entries), default=EPOCH)


def atom(channel: Channel, entries: Sequence[Article]) -> bytes:
    fg = _generator(channel, entries, "atom")
    return fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def rss(channel: Channel, entries: Sequence[Article]) -> bytes:
    fg = _generator(channel, entries, "rss")
    return fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True)


def json_feed(channel: Channel, entries: Sequence[Article]) -> bytes:
    """JSON Feed 1.1 from the same entries (feedgen writes none)."""
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.base_url,
        "feed_url": channel.url("json"),
        "description": _description(channel),
        "language": channel.language,
        "authors": [{"name": channel.title}],
    }
    if channel.hub:
        doc["hubs"] = [{"type": "WebSub", "url": channel.hub}]
    doc["items"] = [_json_item(channel, a) for a in entries]
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()


RENDERERS = {"atom": atom, "rss": rss, "json": json_feed}


def _description(channel: Channel) -> str:
    return channel.description or f"The latest articles of {channel.title}"


def _generator(channel: Channel, entries: Sequence[Article], fmt: str) -> FeedGenerator:
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.register_extension("newsfeed", NewsfeedFeed, NewsfeedEntry, atom=True, rss=True)
    fg.id(channel.id)
    fg.title(xml_safe(channel.title))
    fg.description(xml_safe(_description(channel)))
    fg.author({"name": xml_safe(channel.title), "uri": channel.base_url})
    fg.language(channel.language)
    fg.generator(GENERATOR)
    fg.newsfeed.hub = channel.hub
    newest = updated(entries)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    fg.pubDate(newest)
    # The self link first and the alternate last: feedgen's RSS <link> is the last one.
    fg.link(href=channel.url(fmt), rel="self", type=MEDIA_TYPES[fmt])
    fg.link(href=channel.base_url, rel="alternate", type="text/html")
    for article in entries:
        _entry(fg, channel, article)
    return fg


def _entry(fg: FeedGenerator, channel: Channel, a: Article) -> None:
    fe = fg.add_entry(order="append")
    fe.id(a.id)
    fe.guid(a.id, permalink=False)
    fe.title(xml_safe(a.title))
    fe.link(href=channel.article_url(a), rel="alternate", type="text/html")
    fe.published(a.published)
    fe.updated(a.updated or a.published)
    for name in a.authors:
        fe.author({"name": xml_safe(name)})
    for name in a.cites:
        fe.contributor({"name": xml_safe(name)})
    if a.authors:
        fe.dc.dc_creator([xml_safe(n) for n in a.authors])
    if a.cites:
        fe.dc.dc_contributor([xml_safe(n) for n in a.cites])
    fe.content(xml_safe(a.content_html), type="html")
    fe.summary(xml_safe(a.summary or a.title))
    for tag in a.tags:
        fe.category(term=xml_safe(tag))
    fe.newsfeed.article = a


class NewsfeedFeed(BaseExtension):
    """Channel-level additions: the WebSub hub link in RSS (feedgen puts it in Atom only)."""

    hub = ""

    def extend_atom(self, feed):
        if self.hub:
            xml_elem(f"{{{ATOM_NS}}}link", feed, href=self.hub, rel="hub")
        return feed

    def extend_rss(self, rss_root):
        if self.hub:
            channel = rss_root[0]
            xml_elem(f"{{{ATOM_NS}}}link", channel, href=self.hub, rel="hub")
        return rss_root


class NewsfeedEntry(BaseEntryExtension):
    """Entry-level additions feedgen lacks: a complete atom:source, RSS <source>, enclosures."""

    article: Article | None = None

    def extend_atom(self, entry):
        a = self.article
        for enc in a.enclosures:
            xml_elem(
                f"{{{ATOM_NS}}}link",
                entry,
                rel="enclosure",
                href=enc.url,
                type=enc.type,
                length=str(enc.length),
            )
        if a.source_id and a.source_url:
            source = xml_elem(f"{{{ATOM_NS}}}source", entry)
            xml_elem(f"{{{ATOM_NS}}}id", source).text = a.source_id
            xml_elem(f"{{{ATOM_NS}}}title", source).text = xml_safe(a.source or a.source_url)
            xml_elem(f"{{{ATOM_NS}}}link", source, rel="self", href=a.source_url)
            xml_elem(f"{{{ATOM_NS}}}updated", source).text = (a.updated or a.published).isoformat()
        return entry

    def extend_rss(self, item):
        a = self.article
        if a.enclosures:  # RSS allows one enclosure an item
            enc = a.enclosures[0]
            xml_elem("enclosure", item, url=enc.url, length=str(enc.length), type=enc.type)
        if a.source and a.source_url:
            xml_elem("source", item, url=a.source_url).text = xml_safe(a.source)
        return item


def _json_item(channel: Channel, a: Article) -> dict:
    item = {
        "id": a.id,
        "url": channel.article_url(a),
        "title": a.title,
        "content_html": a.content_html,
        "summary": a.summary,
        "date_published": a.published.isoformat(),
        "date_modified": (a.updated or a.published).isoformat(),
    }
    if a.link:
        item["external_url"] = a.link
    if a.authors:
        item["authors"] = [{"name": n} for n in a.authors]
    if a.tags:
        item["tags"] = list(a.tags)
    if a.language:
        item["language"] = a.language
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
