"""The ground of the Publisher and the documents it renders only when asked for.

`OnDemand` holds what every document of the configured feeds shares: each feed's channel,
which stories it shows (`where`, `_shown`, members-only feeds apart), the rendering check, and
where a document's file lives; and the documents rendered on request rather than per store
revision: a feed narrowed by a query (`query_feed`), a tag's feed (`tag_feed`), and archive
pages read back from the output folder (`archive_page`), each kept in a bounded LRU cache.
`feeds.publishing.publish.Publisher` builds on it the revision-driven publish.
"""

from __future__ import annotations

import dataclasses
import html
import logging
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import config
from articles.model import Article, Takedown
from articles.queries import Filter
from articles.store import Store
from feeds.publishing import archive
from feeds.publishing.query import MAX_QUERY_LIMIT, FeedQuery, normal
from feeds.publishing.resource import CONTENT_TYPES, Resource
from feeds.rendering import check, render
from feeds.rendering.documents import Documents

log = logging.getLogger("newsfeed.publish")

QUERY_CACHE = 256  # feed documents for a query string kept rendered, least recently asked go first
TAG_FEED_CACHE = 256  # tag feeds kept rendered; the least recently asked for go first
ARCHIVE_CACHE = 64  # archive pages kept in memory; all of them are files in the output folder


class OnDemand:
    """The configured feeds' channels, filters and files, and the documents rendered when a
    request asks for them (query and tag feeds, archive pages), kept per store revision.

    `revision` and `_feeds` are the publish's (`Publisher`): the revision the on-demand
    documents are cached against, and per feed the state whose `published` (archive page ->
    digest on disk) says which archive pages exist.
    """

    def __init__(self, store: Store, cfg: config.Config):
        self.store, self.cfg = store, cfg
        self.members_only = frozenset(f.name for f in cfg.feed if f.members_only)
        self.hidden = tuple(Filter(f.categories, f.sources, f.authors).frozen()
                            for f in cfg.feed if f.members_only)
        self.public = Filter(hidden=self.hidden)  # what public pages may show
        self.private_root = cfg.output.path.with_name(cfg.output.path.name + ".members")
        self.revision: int | None = None
        self._feeds: dict[str, Any] = {}  # feed name -> publish.FeedState; replaced per feed
        # Entries rendered once, kept for the subscription documents, the archive pages
        # being written and a few queries, in every format.
        self.documents = Documents(cfg.output.max_bytes,
                                   size=4 * len(render.RENDERERS) * sum(f.limit for f in cfg.feed))
        self._query_cache: OrderedDict[tuple, Resource | None] = OrderedDict()
        self._tag_cache: OrderedDict[tuple[int, str, str], Resource | None] = OrderedDict()
        self._archive_cache: OrderedDict[tuple[str, str], Resource] = OrderedDict()
        self._cache_lock = threading.Lock()  # web threads share the archive cache

    def channel(self, feed: config.Feed, pages: int = 0, page: int = 0, *,
                tombstones: tuple[Takedown, ...] = ()) -> render.Channel:
        site = self.cfg.site
        return render.Channel(
            key=feed.name,
            title=feed.title,
            description=feed.description,
            base_url=site.base_url,
            language=site.language,
            hub=self.cfg.websub.hub,
            page=page,
            pages=pages,
            **self._images(),
            ttl=render.ttl_minutes(feed.ttl, self.cfg.server.cache_max_age),
            cover=urljoin(site.base_url, site.cover) if site.cover else "",
            accent=site.accent_color,
            tombstones=tombstones,
        )

    def _images(self) -> dict[str, str]:
        """The icon (the site's /favicon.ico) and the logo (`site.logo`), absolute URLs."""
        site = self.cfg.site
        return {"icon": urljoin(site.base_url, "favicon.ico"),
                "logo": urljoin(site.base_url, site.logo) if site.logo else ""}

    def max_age(self, feed: config.Feed | None = None) -> int:
        """A feed's Cache-Control max-age: its ttl when it has one, so the two agree."""
        return feed.ttl * 60 if feed is not None and feed.ttl else self.cfg.server.cache_max_age

    def _shown(self, feed: config.Feed, a: Article) -> Article:
        """`a` as `feed` shows it: whole, or (`content = "summary"`) its summary and a link,
        for partners who must not republish the text."""
        if feed.content != "summary":
            return a
        url = html.escape(f"{self.cfg.site.base_url}articles/{quote(a.slug)}")
        text = html.escape(a.summary or a.title, quote=False)
        return dataclasses.replace(
            a, content_html=f'<p>{text}</p>\n<p><a href="{url}">Read the story</a></p>')

    def archive_page(self, url_path: str) -> Resource | None:
        """An archive page, `/feeds/<name>/archive/<n>.<fmt>`, from the output folder."""
        match = archive.PATH.match(url_path)
        state = match and self._feeds.get(match[1])
        digest = state and state.published.get(int(match[2]))
        if not digest:
            return None
        key = (url_path, digest)
        with self._cache_lock:
            resource = self._archive_cache.get(key)
            if resource is not None:
                self._archive_cache.move_to_end(key)
                return resource
        resource = self._from_disk(url_path, match[3])
        if resource is not None:
            with self._cache_lock:
                self._archive_cache[key] = resource
                while len(self._archive_cache) > ARCHIVE_CACHE:
                    self._archive_cache.popitem(last=False)
        return resource

    def query_feed(self, name: str, fmt: str, query: FeedQuery) -> Resource | None:
        """A configured feed narrowed by a query (`FeedQuery`), rendered once per distinct
        normalized query and store revision and kept in a bounded LRU cache; None when there
        is no such feed or format (or its document fails the check)."""
        feed = next((f for f in self.cfg.feed if f.name == name), None)
        if feed is None or feed.members_only or fmt not in render.RENDERERS:
            return None
        key = (self.revision or 0, name, fmt, query)
        with self._cache_lock:
            if key in self._query_cache:
                self._query_cache.move_to_end(key)
                return self._query_cache[key]
        entries = self._select(feed, query)
        channel = dataclasses.replace(self.channel(feed), hub="", query=query.encode())
        body = self._checked(channel.self_url(fmt), fmt, channel, entries)
        resource = None if body is None else self._resource(
            body, fmt, render.updated(entries), self.max_age(feed))
        with self._cache_lock:
            self._query_cache[key] = resource
            while len(self._query_cache) > QUERY_CACHE:
                self._query_cache.popitem(last=False)
        return resource

    def _select(self, feed: config.Feed, query: FeedQuery) -> list[Article]:
        """The feed's articles the query lets through, newest first."""
        limit = query.limit or feed.limit
        wanted = {normal(c) for c in feed.categories}
        if not query.category or not wanted or query.category in wanted:
            categories = [query.category] if query.category else feed.categories
            where = Filter(categories, feed.sources, feed.authors, self.hidden)
            return [self._shown(feed, a) for a in self.store.list(limit, q=query.q, where=where)]
        # The category and one of the feed's: the store's filter takes one list, so read
        # the category's articles in batches and keep those the feed shows.
        where = Filter([query.category], feed.sources, feed.authors, self.hidden)
        found: list[Article] = []
        for offset in range(0, 10 * MAX_QUERY_LIMIT, MAX_QUERY_LIMIT):
            batch = self.store.list(MAX_QUERY_LIMIT, offset, q=query.q, where=where)
            found += [a for a in batch if wanted & {normal(t) for t in a.tags}]
            if len(found) >= limit or len(batch) < MAX_QUERY_LIMIT:
                break
        return [self._shown(feed, a) for a in found[:limit]]

    def tag_feed(self, tag: str, fmt: str) -> Resource | None:
        """The feed of one tag, rendered on first request and kept per revision."""
        tag = tag.casefold()
        key = (self.revision or 0, tag, fmt)
        if key in self._tag_cache:
            self._tag_cache.move_to_end(key)
            return self._tag_cache[key]
        entries = self.store.latest(self.cfg.feed[0].limit,
                                    Filter(categories=[tag], hidden=self.hidden))
        resource = None
        if entries:
            channel = render.Channel(
                key=f"tags/{tag}",
                title=f"{self.cfg.site.title}: {tag}",
                description=f"Articles tagged {tag}",
                base_url=self.cfg.site.base_url,
                language=self.cfg.site.language,
                hub=self.cfg.websub.hub,
                **self._images(),
                ttl=render.ttl_minutes(0, self.cfg.server.cache_max_age),
            )
            body = self._checked(channel.url(fmt), fmt, channel, entries)
            if body is not None:
                resource = self._resource(body, fmt, render.updated(entries))
        self._tag_cache[key] = resource
        while len(self._tag_cache) > TAG_FEED_CACHE:
            self._tag_cache.popitem(last=False)
        return resource

    def _checked(self, where: str, fmt: str, channel: render.Channel, entries, *,
                 archived: bool = False) -> bytes | None:
        """The document, rendered and checked; None (and the reason logged) when it fails."""
        try:
            return self.documents.render(fmt, channel, entries, archived=archived)
        except check.Failed as exc:
            log.error("not publishing %s, keeping the last good version: %s", where, exc)
            return None

    def _from_disk(self, path: str, fmt: str, max_age: int | None = None) -> Resource | None:
        try:
            file = self._file(path)
            body, mtime = file.read_bytes(), file.stat().st_mtime
        except OSError:
            return None
        return self._resource(body, fmt, datetime.fromtimestamp(mtime, UTC), max_age,
                              private=self._private(path))

    def where(self, feed: config.Feed) -> Filter:
        """The articles a feed shows: a public one, none that a members-only feed shows."""
        hidden = () if feed.members_only else self.hidden
        return Filter(feed.categories, feed.sources, feed.authors, hidden)

    def _private(self, path: str) -> bool:
        """Whether a URL path is a members-only feed's document or archive page."""
        if not path.startswith("/feeds/") or not self.members_only:
            return False
        name = path[len("/feeds/"):].partition("/")[0].rpartition(".")[0] or path[
            len("/feeds/"):].partition("/")[0]
        return name in self.members_only

    def _root(self, path: str) -> Path:
        """Where a document's file goes: the output folder, or beside it if private."""
        return self.private_root if self._private(path) else self.cfg.output.path

    def _file(self, path: str) -> Path:
        return self._root(path) / ("index.html" if path == "/" else path.lstrip("/"))

    def _resource(self, body: bytes, fmt: str, modified: datetime,
                  max_age: int | None = None, *, private: bool = False) -> Resource:
        return Resource.make(body, CONTENT_TYPES[fmt], modified,
                             self.cfg.server.cache_max_age if max_age is None else max_age,
                             private=private)
