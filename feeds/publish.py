"""Publishing: render every feed once per store revision, keep the bytes and their validators
in memory for the web app, and write them atomically into the output folder.

A `Resource` is everything an answer needs, computed once: body, gzip body, strong ETag,
Last-Modified, and the header lists of the 200 and 304 answers. The web app's hot path
only looks one up and compares a header.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import config
from articles.store import Filter, Store
from feeds import pages, render

log = logging.getLogger("newsfeed.publish")

CONTENT_TYPES = {
    "atom": b"application/atom+xml; charset=utf-8",
    "rss": b"application/rss+xml; charset=utf-8",
    "json": b"application/feed+json; charset=utf-8",
    "html": b"text/html; charset=utf-8",
}
TAG_FEED_CACHE = 256  # tag feeds kept rendered; the least recently asked for go first


@dataclass(frozen=True)
class Resource:
    """One published document, with the answers to every request for it worked out in advance.

    `answers[(gzip, not_modified)]` is (status, headers, body) for that request.
    """

    body: bytes
    etag: bytes  # strong, quoted, from the identity bytes; the gzip body's adds "-gz"
    last_modified: bytes  # HTTP date of the document's own updated time
    modified_at: float  # the same as a timestamp, for If-Modified-Since comparisons
    answers: dict[tuple[bool, bool], tuple[int, list, bytes]]

    @classmethod
    def make(cls, body: bytes, content_type: bytes, modified: datetime, max_age: int) -> Resource:
        """Every answer in advance, each answer's ETag its first header.

        `answers[coding, not_modified]` serves the document, coding 0 identity, 1 gzip,
        2 brotli (so `(gzip, not_modified)` keys still hold); `answers[coding, not_modified,
        True]` serves a browser navigating to it: a feed's HTML view (`pages.feed_view`),
        or the document itself when it has none.
        """
        import brotli

        last_modified = format_datetime(modified.astimezone(UTC), usegmt=True).encode()
        view = pages.feed_view(body, content_type)
        common = [
            (b"last-modified", last_modified),
            (b"cache-control", f"public, max-age={max_age}".encode()),
            (b"vary", b"Accept-Encoding" if view is None else b"Sec-Fetch-Dest, Accept-Encoding"),
        ]
        codings = [
            (b"", "", lambda data: data),
            (b"gzip", "-gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0)),
            (b"br", "-br", lambda data: brotli.compress(data, quality=9)),  # 11: 14x the time, -8%
        ]
        representations = [((), content_type, body)]
        if view is not None:
            representations.append(((True,), CONTENT_TYPES["html"], view))
        answers = {}
        for key, media_type, document in representations:
            digest = hashlib.sha256(document).hexdigest()[:32]
            for coding, (name, suffix, encode) in enumerate(codings):
                data = encode(document)
                headers = [(b"etag", f'"{digest}{suffix}"'.encode()), *common]
                answers[(coding, True, *key)] = (304, headers, b"")
                headers = [
                    *headers,
                    (b"content-type", media_type),
                    (b"content-length", str(len(data)).encode()),
                    *([(b"content-encoding", name)] if name else []),
                ]
                answers[(coding, False, *key)] = (200, headers, data)
        if view is None:
            answers |= {(*key, True): answer for key, answer in answers.items()}
        etag = answers[0, True][1][0][1]
        return cls(body, etag, last_modified, modified.timestamp(), answers)

    @property
    def gzip_body(self) -> bytes:
        return self.answers[True, False][2]


class Publisher:
    """Renders the configured feeds and the home page for the store's current revision."""

    def __init__(self, store: Store, cfg: config.Config):
        self.store, self.cfg = store, cfg
        self.resources: dict[str, Resource] = {}  # URL path -> resource; replaced, never mutated
        self.revision: int | None = None
        self._lock = threading.Lock()
        self._tag_cache: OrderedDict[tuple[int, str, str], Resource | None] = OrderedDict()

    def channel(self, feed: config.Feed) -> render.Channel:
        site = self.cfg.site
        return render.Channel(
            key=feed.name,
            title=feed.title,
            description=feed.description,
            base_url=site.base_url,
            language=site.language,
            hub=self.cfg.websub.hub,
        )

    def publish(self, force: bool = False) -> bool:
        """Render and publish if the store changed since the last time; whether it did."""
        with self._lock:
            revision = self.store.revision()
            if revision == self.revision and not force:
                return False
            resources, listing = {}, []
            for feed in self.cfg.feed:
                channel = self.channel(feed)
                entries = self.store.latest(
                    feed.limit, Filter(feed.categories, feed.sources, feed.authors)
                )
                for fmt, make in render.RENDERERS.items():
                    resources[f"/feeds/{feed.name}.{fmt}"] = self._resource(
                        make(channel, entries), fmt, render.updated(entries)
                    )
                listing.append((feed, channel, entries))
            home = pages.home(self.cfg, listing)
            resources["/"] = self._resource(
                home, "html", max((render.updated(e) for *_, e in listing), default=render.EPOCH)
            )
            self._write(resources)
            self.resources, self.revision = resources, revision
            log.info("published revision %d: %d feeds", revision, len(self.cfg.feed))
            return True

    def tag_feed(self, tag: str, fmt: str) -> Resource | None:
        """The feed of one tag, rendered on first request and kept per revision."""
        key = (self.revision or 0, tag.casefold(), fmt)
        if key in self._tag_cache:
            self._tag_cache.move_to_end(key)
            return self._tag_cache[key]
        entries = self.store.latest(self.cfg.feed[0].limit, Filter(categories=[tag]))
        resource = None
        if entries:
            channel = render.Channel(
                key=f"tags/{tag}",
                title=f"{self.cfg.site.title}: {tag}",
                description=f"Articles tagged {tag}",
                base_url=self.cfg.site.base_url,
                language=self.cfg.site.language,
                hub=self.cfg.websub.hub,
            )
            body = render.RENDERERS[fmt](channel, entries)
            resource = self._resource(body, fmt, render.updated(entries))
        self._tag_cache[key] = resource
        while len(self._tag_cache) > TAG_FEED_CACHE:
            self._tag_cache.popitem(last=False)
        return resource

    def _resource(self, body: bytes, fmt: str, modified: datetime) -> Resource:
        return Resource.make(body, CONTENT_TYPES[fmt], modified, self.cfg.server.cache_max_age)

    def _write(self, resources: dict[str, Resource]) -> None:
        """Write each document and its .gz beside it; a reader of the folder never sees half."""
        root = self.cfg.output.path
        for url_path, res in resources.items():
            relative = "index.html" if url_path == "/" else url_path.lstrip("/")
            path = root / relative
            _write_if_changed(path, res.body, res.modified_at)
            _write_if_changed(path.with_name(path.name + ".gz"), res.gzip_body, res.modified_at)


def _write_if_changed(path: Path, data: bytes, mtime: float) -> None:
    try:
        if path.read_bytes() == data:
            return
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.utime(tmp, (mtime, mtime))
    os.replace(tmp, path)
