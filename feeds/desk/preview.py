"""A story as a feed reader will show it: rendered into the site's first feed as Atom by the
renderer the feeds use, and read back by feedparser, as readers read it."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser

import config
from articles.model import Article
from feeds.rendering import render

DRAFT_ID = "urn:uuid:00000000-0000-0000-0000-000000000000"


@dataclass(frozen=True)
class Entry:
    title: str
    link: str
    published: datetime | None
    authors: list[str]
    source: str
    cites: list[str]
    tags: list[str]
    image: str
    content_html: str  # as feedparser gives it: sanitized once more


def entry(cfg: config.Config, a: Article) -> Entry:
    feed = cfg.feed[0]
    channel = render.Channel(key=feed.name, title=feed.title, description=feed.description,
                             base_url=cfg.site.base_url, language=cfg.site.language)
    # A story not yet stored has no id or slug yet; `updated` is set as the store would.
    a = dataclasses.replace(a, id=a.id or DRAFT_ID, slug=a.slug or "draft",
                            updated=a.updated or a.published)
    parsed = feedparser.parse(render.atom(channel, [a]))
    e = parsed.entries[0]
    published = e.get("published_parsed")
    media = e.get("media_content") or e.get("media_thumbnail") or []
    return Entry(
        title=e.get("title", ""),
        link=e.get("link", ""),
        published=datetime(*published[:6], tzinfo=UTC) if published else None,
        authors=[x.get("name", "") for x in e.get("authors", []) if x.get("name")],
        source=a.source,
        cites=[x.get("name", "") for x in e.get("contributors", []) if x.get("name")],
        tags=[t.get("term", "") for t in e.get("tags", [])],
        image=media[0].get("url", "") if media else (a.image.url if a.image else ""),
        content_html=(e.get("content") or [{}])[0].get("value", ""),
    )
