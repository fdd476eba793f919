"""Serving over real HTTP: codings (gzip, brotli, q-values), the browser view negotiated by
Fetch Metadata, validators and 304s, HEAD, Vary, Cache-Control, and output files that are
whole at every instant while the feeds are rebuilt.

One real `newsfeed run` process (tests/live.py) with the seed story, shared by the module.
"""

from __future__ import annotations

import gzip
import json
import os
import threading
import time

import brotli
import httpx
import lxml.etree
import pytest
from live import LiveService

pytestmark = pytest.mark.slow

MAX_AGE = 123
FEEDS = ["/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json"]
NAVIGATE = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"}
HTTP_DATE = "Sat, 08 Jul 2023 00:00:00 GMT"  # the seed story's date: the feed's updated time
DECODE = {None: lambda data: data, "gzip": gzip.decompress, "br": brotli.decompress}


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    """The running service, with a configured max-age and the seed story."""
    service = LiveService(tmp_path_factory.mktemp("serving"))
    text = service.config_path.read_text(encoding="utf-8")
    service.config_path.write_text(
        text.replace("[server]\n", f"[server]\ncache_max_age = {MAX_AGE}\n"), encoding="utf-8"
    )
    with service:
        yield service.drop_seed()


def fetch(svc: LiveService, path: str, method: str = "GET", **headers: str) -> httpx.Response:
    """The answer with `wire`, its body exactly as sent (httpx decodes nothing here)."""
    headers.setdefault("Accept-Encoding", "identity")
    with httpx.stream(method, svc.url(path), headers=headers, timeout=10) as r:
        r.wire = b"".join(r.iter_raw())
    return r


def published_file(svc: LiveService, path: str) -> bytes:
    return (svc.output / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize(
    ("accept_encoding", "coding"),
    [
        ("identity", None),
        ("gzip", "gzip"),
        ("x-gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),  # Chromium's
        ("gzip, deflate", "gzip"),
        ("*", "br"),
        ("br;q=0.5, gzip", "gzip"),
        ("gzip;q=0.2, br;q=0.9", "br"),
        ("br;q=0, gzip;q=0", None),
        ("gzip;q=0.5, identity", None),
        ("br;q=0, *;q=0.1", "gzip"),
        ("deflate, zstd", None),
        ("", None),
    ],
)
def test_the_coding_follows_accept_encoding_and_q_values(svc, accept_encoding, coding):
    for path in FEEDS:
        r = fetch(svc, path, **{"Accept-Encoding": accept_encoding})
        assert r.status_code == 200
        assert r.headers.get("content-encoding") == coding, (path, accept_encoding)
        assert int(r.headers["content-length"]) == len(r.wire)
        assert DECODE[coding](r.wire) == published_file(svc, path)


def test_each_coding_has_its_etag_and_answers_304_to_it(svc):
    for path in FEEDS:
        etags = {}
        for coding in ("identity", "gzip", "br"):
            ok = fetch(svc, path, **{"Accept-Encoding": coding})
            etag = etags[coding] = ok.headers["etag"]
            assert etag.startswith('"') and etag.endswith('"')  # strong
            again = fetch(svc, path, **{"Accept-Encoding": coding, "If-None-Match": etag})
            assert (again.status_code, again.wire) == (304, b"")
            assert again.headers["etag"] == etag
            for name in ("last-modified", "cache-control", "vary"):
                assert again.headers[name] == ok.headers[name]
            assert "content-length" not in again.headers or again.headers["content-length"] == "0"
        assert etags["gzip"] == etags["identity"][:-1] + '-gz"'
        assert etags["br"] == etags["identity"][:-1] + '-br"'


def test_if_none_match_uses_weak_comparison_and_lists(svc):
    path = FEEDS[0]
    etag = fetch(svc, path).headers["etag"]
    for header in (f"W/{etag}", f'"other", {etag}', "*", etag[:-1] + '-br"'):
        assert fetch(svc, path, **{"If-None-Match": header}).status_code == 304, header
    for header in ('"other"', '"other", W/"another"'):
        assert fetch(svc, path, **{"If-None-Match": header}).status_code == 200, header
    both = {"If-None-Match": '"other"', "If-Modified-Since": HTTP_DATE}
    assert fetch(svc, path, **both).status_code == 200  # If-None-Match decides


def test_last_modified_is_the_feeds_own_time_and_if_modified_since_answers_304(svc):
    for path in FEEDS:
        ok = fetch(svc, path)
        assert ok.headers["last-modified"] == HTTP_DATE
        assert ok.headers["cache-control"] == f"public, max-age={MAX_AGE}"
        for since, status in [
            (HTTP_DATE, 304),
            ("Sun, 09 Jul 2023 10:00:00 GMT", 304),
            ("Fri, 07 Jul 2023 23:59:59 GMT", 200),
            ("not a date", 200),
        ]:
            assert fetch(svc, path, **{"If-Modified-Since": since}).status_code == status, since


@pytest.mark.parametrize("headers", [{}, {"Accept-Encoding": "br"}, NAVIGATE])
def test_head_has_the_headers_of_get_and_no_body(svc, headers):
    for path in [*FEEDS, "/"]:
        got = fetch(svc, path, **headers)
        head = fetch(svc, path, "HEAD", **headers)
        assert head.status_code == 200 and head.wire == b""
        del head.headers["date"], got.headers["date"]
        assert head.headers == got.headers
        assert int(head.headers["content-length"]) == len(got.wire)


def test_vary_names_what_the_answer_depends_on(svc):
    for path in FEEDS:
        assert fetch(svc, path).headers["vary"] == "Sec-Fetch-Dest, Accept-Encoding"
        assert fetch(svc, path, **NAVIGATE).headers["vary"] == "Sec-Fetch-Dest, Accept-Encoding"
    assert fetch(svc, "/").headers["vary"] == "Accept-Encoding"  # the same for everyone
    assert fetch(svc, "/articles/2023-07-08-rutte-resigns").headers["vary"] == "Accept-Encoding"


def test_a_browser_navigation_gets_the_html_view_in_every_coding(svc):
    for path in FEEDS:
        feed = fetch(svc, path)
        for coding in ("identity", "gzip", "br"):
            r = fetch(svc, path, **NAVIGATE, **{"Accept-Encoding": coding})
            assert r.status_code == 200
            assert r.headers["content-type"] == "text/html; charset=utf-8"
            assert r.headers["last-modified"] == HTTP_DATE
            page = DECODE[r.headers.get("content-encoding")](r.wire).decode()
            assert page.startswith("<!doctype html>")
            assert "copy its URL into your feed reader" in page
            assert "Mark Rutte has resigned" in page and "News.Az" in page
            assert r.headers["etag"].strip('"').partition("-")[0] != feed.headers["etag"].strip('"')
        view_etag = fetch(svc, path, **NAVIGATE).headers["etag"]
        assert fetch(svc, path, **NAVIGATE, **{"If-None-Match": view_etag}).status_code == 304
        # the view's ETag does not validate the feed, nor the feed's the view
        assert fetch(svc, path, **{"If-None-Match": view_etag}).status_code == 200
        feed_etag = {"If-None-Match": feed.headers["etag"]}
        assert fetch(svc, path, **NAVIGATE, **feed_etag).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Sec-Fetch-Dest": "document"},
        {"Sec-Fetch-Mode": "navigate"},
        {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "cors"},  # fetch() from a page
        {"Sec-Fetch-Dest": "iframe", "Sec-Fetch-Mode": "navigate"},
        {"Sec-Fetch-Dest": "empty", "Sec-Fetch-Mode": "cors"},
        {"Accept": "text/html"},  # some readers send it; only Fetch Metadata means a person
    ],
)
def test_anything_but_a_top_level_navigation_gets_the_feed_byte_for_byte(svc, headers):
    for path in FEEDS:
        r = fetch(svc, path, **headers)
        assert r.wire == published_file(svc, path)
        assert not r.headers["content-type"].startswith("text/html")


def test_html_pages_are_the_same_for_browsers(svc):
    for path in ("/", "/articles/2023-07-08-rutte-resigns"):
        assert fetch(svc, path, **NAVIGATE).wire == fetch(svc, path).wire


def test_output_files_are_whole_at_every_instant_during_50_rebuilds(svc):
    """A thread reads the published files in a tight loop while 50 stories arrive one by one,
    each making a rebuild; every read must be a complete document."""
    names = ["feeds/news.atom", "feeds/news.rss", "feeds/news.json", "index.html"]
    checks = {
        ".atom": lxml.etree.fromstring,
        ".rss": lxml.etree.fromstring,
        ".json": json.loads,
        ".html": lambda data: data.rstrip().endswith(b"</html>") or 1 / 0,
    }
    stop, reads, broken = threading.Event(), [0], []

    def read_forever() -> None:
        while not stop.is_set():
            for name in names:
                path = svc.output / name
                for suffix, unpack in (("", bytes), (".gz", gzip.decompress)):
                    try:
                        data = unpack((path.parent / (path.name + suffix)).read_bytes())
                        checks[path.suffix](data)
                    except Exception as exc:
                        broken.append(f"{name}{suffix}: {exc!r}")
                    reads[0] += 1

    reader = threading.Thread(target=read_forever)
    reader.start()
    try:
        for i in range(50):
            title = f"Rebuild number {i} of the serving test"
            staging = svc.root / f"story-{i}.txt"
            staging.write_text(
                f"date 2024-01-{1 + i % 28:02d}\n\n{title} is its lead sentence.\n\n"
                "The council met again, Wire Desk reports.\n\nWire Desk\n",
                encoding="utf-8",
            )
            old = time.time() - 3600  # long finished: the drop folder takes it at once
            os.utime(staging, (old, old))
            staging.rename(svc.inbox / staging.name)
            deadline = time.monotonic() + 20
            while title.encode() not in published_file(svc, "/feeds/news.json"):
                assert time.monotonic() < deadline, f"rebuild {i} did not happen\n{svc.log()}"
                time.sleep(0.01)
    finally:
        stop.set()
        reader.join()
    assert not broken, broken[:5]
    assert reads[0] >= 2 * 50 * len(names)  # the reader was reading throughout, not only once
    assert not [p for p in svc.output.rglob("*") if p.name.endswith(".tmp")]
    assert fetch(svc, FEEDS[2]).wire == published_file(svc, FEEDS[2])
