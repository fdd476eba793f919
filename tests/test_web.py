"""The web app (`feeds.serving.web.App`) behind a real uvicorn, over real HTTP, on a real SQLite
store.

Articles come in through the same pipeline as `newsfeed ingest` (files parsed, stored in
one transaction) and are published by the real `Publisher`; only the scheduler is left out,
so each test decides when the store changes.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import feedparser
import httpx
import pytest
import uvicorn
from live import SEED, free_port

import config
from articles.backlog import ingest_paths
from articles.store import Store
from feeds.publishing.publish import Publisher
from feeds.rendering.render import Channel
from feeds.serving.web import App

TAGGED = """\
---
title: Harbour reopens after six weeks of repairs
date: 2024-03-01
author: Jane Doe
tags: [world, Europe]
---
The northern lock reopened on Monday after six weeks of repairs.

Ships had been diverted through the southern channel.
"""
UNTAGGED = """\
---
title: Council approves the new library budget
date: 2024-03-02
author: John Roe
---
The council approved the budget on Tuesday.
"""
IDENTITY = {"Accept-Encoding": "identity"}


class Site:
    """A store, a publisher and the app on uvicorn in a thread, on a free port."""

    def __init__(self, root: Path):
        self.root = root
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        path = root / "config.toml"
        path.write_text(
            f'[site]\nbase_url = "{self.base_url}"\n\n[server]\nport = {self.port}\n'
            "cache_max_age = 60\n",
            encoding="utf-8",
        )
        self.cfg = config.load(path)
        self.store = Store(self.cfg.store.url)
        self.store.create()
        self.publisher = Publisher(self.store, self.cfg)
        self.server = uvicorn.Server(
            uvicorn.Config(
                App(self.publisher, self.store, self.cfg),
                host="127.0.0.1",
                port=self.port,
                lifespan="off",
                access_log=False,
                log_config=None,
            )
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def ingest(self, name: str, text: str) -> None:
        path = self.root / "files" / name
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.ingest_file(path)

    def ingest_file(self, path: Path) -> None:
        outcome = ingest_paths(self.store, [path], tz=UTC, max_bytes=self.cfg.inbox.max_bytes)
        assert (outcome.stored, outcome.rejected) == (1, {}), outcome
        assert self.publisher.publish()

    def start(self) -> Site:
        self.publisher.publish(force=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.store.close()

    def get(self, path: str, method: str = "GET", **headers) -> httpx.Response:
        """The answer with its body exactly as sent (never decoded by httpx)."""
        with httpx.stream(method, self.base_url + path.lstrip("/"), headers=headers,
                          timeout=10) as r:
            r.wire = b"".join(r.iter_raw())
        return r


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    s = Site(tmp_path_factory.mktemp("web"))
    s.ingest_file(SEED)
    s.ingest("harbour.md", TAGGED)
    s.start()
    yield s
    s.stop()


def feed(body: bytes):
    doc = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert not doc.bozo, doc.get("bozo_exception")
    return doc


# -- what exists and what does not ----------------------------------------------------------


def test_healthz(site):
    r = site.get("/healthz")
    assert (r.status_code, r.wire) == (200, b"ok\n")


@pytest.mark.parametrize(
    "path",
    [
        "/articles/no-such-story",
        "/feeds/news.xml",
        "/feeds/news.atom2",
        "/feeds/news",
        "/feeds/olds.atom",
        "/feeds/tags/world.xml",
        "/feeds/tags/no-such-tag.atom",
        "/feeds/tags/no-such-tag.json",
    ],
)
def test_unknown_things_are_404(site, path):
    assert site.get(path, **IDENTITY).status_code == 404
    assert site.get(path, method="HEAD", **IDENTITY).status_code == 404


def test_an_articles_page_has_validators_and_answers_304(site):
    r = site.get("/articles/harbour", **IDENTITY)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert b"Harbour reopens after six weeks of repairs" in r.wire
    assert r.headers["last-modified"] == "Fri, 01 Mar 2024 00:00:00 GMT"
    assert r.headers["cache-control"] == "public, max-age=60"
    again = site.get("/articles/harbour", **IDENTITY, **{"If-None-Match": r.headers["etag"]})
    assert (again.status_code, again.wire) == (304, b"")
    head = site.get("/articles/harbour", method="HEAD", **IDENTITY)
    assert (head.status_code, head.wire) == (200, b"")
    assert head.headers["etag"] == r.headers["etag"]


# -- tag feeds ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [("atom", "application/atom+xml"), ("rss", "application/rss+xml"),
     ("json", "application/feed+json")],
)
def test_a_tag_feed_holds_the_tagged_articles_only(site, fmt, media_type):
    r = site.get(f"/feeds/tags/world.{fmt}", **IDENTITY)
    assert r.status_code == 200
    assert r.headers["content-type"] == f"{media_type}; charset=utf-8"
    assert r.headers["last-modified"] == "Fri, 01 Mar 2024 00:00:00 GMT"
    link = f"{site.base_url}articles/harbour"
    if fmt == "json":
        doc = json.loads(r.wire)
        assert [i["url"] for i in doc["items"]] == [link]
        assert doc["feed_url"] == f"{site.base_url}feeds/tags/world.json"
        return
    doc = feed(r.wire)
    assert [e.link for e in doc.entries] == [link]
    assert [e.title for e in doc.entries] == ["Harbour reopens after six weeks of repairs"]
    self_links = [ln.href for ln in doc.feed.links if ln.rel == "self"]
    assert self_links == [f"{site.base_url}feeds/tags/world.{fmt}"]


def test_a_tag_feed_has_its_own_id(site):
    world = feed(site.get("/feeds/tags/world.atom", **IDENTITY).wire)
    news = feed(site.get("/feeds/news.atom", **IDENTITY).wire)
    assert world.feed.id == Channel("tags/world", "", "", site.base_url).id
    assert world.feed.id != news.feed.id
    assert len(news.entries) == 2


def test_a_tag_feed_answers_conditional_requests(site):
    r = site.get("/feeds/tags/europe.atom", **IDENTITY)
    assert r.status_code == 200
    again = site.get("/feeds/tags/europe.atom", **IDENTITY, **{"If-None-Match": r.headers["etag"]})
    assert (again.status_code, again.wire) == (304, b"")
    since = site.get("/feeds/tags/europe.atom", **IDENTITY,
                     **{"If-Modified-Since": r.headers["last-modified"]})
    assert (since.status_code, since.wire) == (304, b"")


# -- conditional GET on the published feeds ---------------------------------------------------


@pytest.fixture(scope="module")
def news(site):
    r = site.get("/feeds/news.atom", **IDENTITY)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=60"
    return r


def etag_variants(etag: str) -> dict[str, str]:
    opaque = etag.strip('"')
    return {
        "exact": etag,
        "star": "*",
        "weak": f"W/{etag}",
        "list": f'"0000", {etag}, "ffff"',
        "list-no-spaces": f'"0000",{etag}',
        "gzip-variant": f'"{opaque}-gz"',
        "weak-gzip-variant": f'W/"{opaque}-gz"',
    }


@pytest.mark.parametrize(
    "variant", ["exact", "star", "weak", "list", "list-no-spaces", "gzip-variant",
                "weak-gzip-variant"]
)
def test_if_none_match_that_matches_is_304(site, news, variant):
    header = etag_variants(news.headers["etag"])[variant]
    r = site.get("/feeds/news.atom", **IDENTITY, **{"If-None-Match": header})
    assert r.status_code == 304
    assert r.wire == b""
    assert r.headers["etag"] == news.headers["etag"]
    assert r.headers["last-modified"] == news.headers["last-modified"]
    assert "content-encoding" not in r.headers


@pytest.mark.parametrize("header", ['"0000"', 'W/"0000"', '"0000", "ffff"', ""])
def test_if_none_match_that_does_not_match_is_200(site, news, header):
    r = site.get("/feeds/news.atom", **IDENTITY, **{"If-None-Match": header})
    assert r.status_code == 200
    assert r.wire == news.wire


def test_if_none_match_wins_over_if_modified_since(site, news):
    r = site.get("/feeds/news.atom", **IDENTITY, **{
        "If-None-Match": '"0000"', "If-Modified-Since": news.headers["last-modified"]
    })
    assert r.status_code == 200


def test_a_gzip_request_with_the_identity_etag_is_304_with_the_gzip_etag(site, news):
    etag = news.headers["etag"]
    r = site.get("/feeds/news.atom", **{"Accept-Encoding": "gzip", "If-None-Match": etag})
    assert (r.status_code, r.wire) == (304, b"")
    assert r.headers["etag"] == etag[:-1] + '-gz"'


def http_date(response, seconds: int) -> str:
    moment = parsedate_to_datetime(response.headers["last-modified"]) + timedelta(seconds=seconds)
    return format_datetime(moment.astimezone(UTC), usegmt=True)


@pytest.mark.parametrize(("offset", "status"), [(0, 304), (1, 304), (86400 * 400, 304),
                                                (-1, 200), (-86400, 200)])
def test_if_modified_since_later_or_equal_is_304_earlier_is_200(site, news, offset, status):
    r = site.get("/feeds/news.atom", **IDENTITY, **{"If-Modified-Since": http_date(news, offset)})
    assert r.status_code == status
    assert r.wire == (b"" if status == 304 else news.wire)


@pytest.mark.parametrize("header", ["yesterday", "Sat, 08 Jul 2023", "2023-07-08T00:00:00"])
def test_an_unreadable_if_modified_since_is_ignored(site, news, header):
    r = site.get("/feeds/news.atom", **IDENTITY, **{"If-Modified-Since": header})
    assert r.status_code == 200


def test_head_has_the_get_headers_and_no_body(site, news):
    r = site.get("/feeds/news.atom", method="HEAD", **IDENTITY)
    assert r.status_code == 200
    assert r.wire == b""
    for name in ("content-type", "etag", "last-modified", "cache-control", "content-length"):
        assert r.headers[name] == news.headers[name]


# -- content coding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "accept", ["gzip", "gzip, deflate", "deflate, gzip;q=0.5", "x-gzip", "identity;q=0.5, gzip"]
)
def test_gzip_when_asked(site, news, accept):
    import gzip

    r = site.get("/feeds/news.atom", **{"Accept-Encoding": accept})
    assert r.headers["content-encoding"] == "gzip"
    assert r.headers["etag"] == news.headers["etag"][:-1] + '-gz"'
    assert "accept-encoding" in r.headers["vary"].lower()
    assert gzip.decompress(r.wire) == news.wire


@pytest.mark.parametrize(
    "accept", ["gzip;q=0", "gzip; q=0", "gzip;q=0.0", "gzip;q=0.000, deflate", "identity", ""]
)
def test_no_gzip_when_refused_or_not_asked(site, news, accept):
    r = site.get("/feeds/news.atom", **{"Accept-Encoding": accept})
    assert r.status_code == 200
    assert "content-encoding" not in r.headers
    assert r.headers["etag"] == news.headers["etag"]
    assert r.wire == news.wire


def test_no_accept_encoding_header_at_all_is_identity(site, news):
    with httpx.Client() as client:
        request = client.build_request("GET", site.base_url + "feeds/news.atom")
        del request.headers["accept-encoding"]
        r = client.send(request, stream=True)
        wire = b"".join(r.iter_raw())
        r.close()
    assert "content-encoding" not in r.headers
    assert wire == news.wire


# -- a tag feed's identity across store revisions --------------------------------------------


def test_a_tag_feeds_id_does_not_depend_on_how_the_first_request_spelled_it(tmp_path):
    s = Site(tmp_path)
    s.ingest("harbour.md", TAGGED)
    s.start()
    try:
        first = feed(s.get("/feeds/tags/World.atom", **IDENTITY).wire)
        s.ingest("library.md", UNTAGGED)  # a new store revision; the tag feed is re-rendered
        second = feed(s.get("/feeds/tags/world.atom", **IDENTITY).wire)
    finally:
        s.stop()
    assert [e.title for e in first.entries] == [e.title for e in second.entries]
    assert first.feed.id == second.feed.id
    assert [ln.href for ln in first.feed.links if ln.rel == "self"] == [
        ln.href for ln in second.feed.links if ln.rel == "self"
    ]
