"""Fetching upstream feeds: conditional GET, redirects, limits and refusals, against a real
HTTP server on 127.0.0.1."""

from __future__ import annotations

import gzip
import time
from datetime import UTC, datetime

import pytest
from feed_server import FeedServer

from articles import fetch as fetch_module
from articles.fetch import FetchError, Limits, fetch, is_public

LOCAL = Limits(max_bytes=100_000, timeout=2, allow_private=True)


@pytest.fixture
def upstream():
    with FeedServer() as server:
        yield server


def test_conditional_get_sends_the_validators_and_reads_304(upstream):
    upstream.serve("/f", b"<rss/>", etag='"v1"', headers={"Last-Modified": "Fri, 01 Mar 2024 "
                                                         "10:00:00 GMT"})
    first = fetch(upstream.url("/f"), limits=LOCAL)
    assert (first.status, first.body, first.etag) == (200, b"<rss/>", '"v1"')
    again = fetch(upstream.url("/f"), etag=first.etag, last_modified=first.last_modified,
                  limits=LOCAL)
    assert (again.status, again.body) == (304, b"")
    sent = upstream.hits("/f")[-1]
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Fri, 01 Mar 2024 10:00:00 GMT"
    assert "newsfeed" in sent["user-agent"]


def test_permanent_redirects_report_the_new_url_temporary_ones_do_not(upstream):
    upstream.serve("/old", status=301, headers={"Location": "/older"})
    upstream.serve("/older", status=308, headers={"Location": upstream.url("/new")})
    upstream.serve("/new", b"<rss/>")
    upstream.serve("/temp", status=302, headers={"Location": "/old"})
    moved = fetch(upstream.url("/old"), limits=LOCAL)
    assert (moved.status, moved.url, moved.moved_to) == (200, upstream.url("/new"),
                                                         upstream.url("/new"))
    via_temporary = fetch(upstream.url("/temp"), limits=LOCAL)
    assert (via_temporary.status, via_temporary.moved_to) == (200, "")


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://example.org/feed",
                                      "gopher://example.org/"])
def test_a_redirect_never_leaves_http(upstream, location):
    upstream.serve("/f", status=301, headers={"Location": location})
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetch(upstream.url("/f"), limits=LOCAL)


def test_too_many_redirects(upstream):
    upstream.serve("/loop", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(upstream.url("/loop"), limits=LOCAL)


def test_loopback_is_refused_unless_allowed(upstream):
    upstream.serve("/f", b"<rss/>")
    with pytest.raises(FetchError, match="allow_private = true"):
        fetch(upstream.url("/f"), limits=Limits(allow_private=False))
    assert upstream.hits("/f") == []  # refused before connecting


def test_each_redirect_hop_is_checked_where_it_connects(upstream, monkeypatch):
    # 127.0.0.1 plays a public address here; the redirect to [::1] must still be refused.
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1")
    port = upstream.url("/").split(":")[2].rstrip("/")
    upstream.serve("/f", status=301, headers={"Location": f"http://[::1]:{port}/g"})
    with pytest.raises(FetchError, match="loopback or private"):
        fetch(upstream.url("/f"), limits=Limits(allow_private=False))
    assert len(upstream.hits("/f")) == 1


@pytest.mark.parametrize("address, public", [
    ("127.0.0.1", False), ("10.1.2.3", False), ("172.16.0.9", False), ("192.168.1.1", False),
    ("169.254.169.254", False), ("100.64.0.1", False), ("0.0.0.0", False), ("224.0.0.1", False),
    ("::1", False), ("::ffff:127.0.0.1", False), ("fc00::1", False), ("fe80::1%eth0", False),
    ("93.184.216.34", True), ("2606:4700:4700::1111", True),
])
def test_which_addresses_are_public(address, public):
    assert is_public(address) is public


def test_a_declared_oversized_body_is_refused_before_reading(upstream):
    upstream.serve("/big", b"x" * 200_000)
    with pytest.raises(FetchError, match="200,000 bytes, over the limit of 100,000"):
        fetch(upstream.url("/big"), limits=LOCAL)


def test_the_size_limit_holds_while_streaming_without_content_length(upstream):
    def endless(handler):
        for _ in range(1000):
            handler.wfile.write(b"<item>" + b"x" * 10_000 + b"</item>")

    upstream.serve("/stream", endless)
    with pytest.raises(FetchError, match="more than 100,000 bytes"):
        fetch(upstream.url("/stream"), limits=LOCAL)


def test_the_size_limit_counts_decompressed_bytes(upstream):
    bomb = gzip.compress(b" " * 5_000_000)  # about 5 kB on the wire
    upstream.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="more than 100,000 bytes"):
        fetch(upstream.url("/bomb"), limits=LOCAL)


def test_a_slow_answer_times_out(upstream):
    upstream.serve("/slow", b"<rss/>", delay=60)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"did not answer within 0\.5 seconds"):
        fetch(upstream.url("/slow"), limits=Limits(timeout=0.5, allow_private=True))
    assert time.monotonic() - started < 30  # given up long before the answer would come


def test_a_body_dripping_in_slowly_hits_the_deadline(upstream):
    def drip(handler):
        for _ in range(600):  # a minute
            handler.wfile.write(b"<!-- -->")
            handler.wfile.flush()
            time.sleep(0.1)

    upstream.serve("/drip", drip)
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 seconds"):
        fetch(upstream.url("/drip"), limits=Limits(timeout=1, allow_private=True))
    assert time.monotonic() - started < 30  # cut off long before the body ends


def test_only_http_urls_are_fetched():
    with pytest.raises(FetchError, match="not an http or https URL"):
        fetch("file:///etc/passwd", limits=LOCAL)


def test_retry_after_as_seconds_or_as_a_date(upstream):
    now = datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    upstream.serve("/a", status=429, headers={"Retry-After": "120"})
    upstream.serve("/b", status=503, headers={"Retry-After": "Fri, 01 Mar 2024 11:00:00 GMT"})
    upstream.serve("/c", status=503, headers={"Retry-After": "soon"})
    assert fetch(upstream.url("/a"), limits=LOCAL).retry_after(now) == 120
    assert fetch(upstream.url("/b"), limits=LOCAL).retry_after(now) == 3600
    assert fetch(upstream.url("/c"), limits=LOCAL).retry_after(now) is None
