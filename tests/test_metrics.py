"""The operations endpoints over real HTTP: /metrics, /readyz, /feeds.opml, /favicon.ico; and
the counting functions the scheduler and the drop folder call."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from live import SEED, LiveService, free_port
from lxml import etree
from prometheus_client.parser import text_string_to_metric_families

import config
from articles.inbox import Outcome
from articles.sources import Poll
from articles.store import Store
from feeds import metrics
from feeds.publishing.publish import Publisher
from feeds.serving.web import DEFAULT_ICON, App

IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    root = tmp_path_factory.mktemp("metrics")
    extra = '[[feed]]\nname = "news"\ntitle = "All the news"\n\n' \
            '[[feed]]\nname = "world"\ntitle = "World & <Europe>"\ncategories = ["world"]\n'
    with LiveService(root, extra) as svc:
        drop(svc, SEED.name, SEED.read_text(encoding="utf-8"))
        drop(svc, "world/harbour.md", HARBOUR)  # a subfolder: tagged "world"
        svc.wait_for("/feeds/world.atom", lambda r: b"Harbour" in r.content)
        svc.wait_for("/feeds/news.atom", lambda r: b"Rutte" in r.content)
        yield svc


HARBOUR = """---
title: Harbour reopens after six weeks of repairs
date: 2024-03-01
---
The northern lock reopened on Monday.
"""


def drop(svc: LiveService, name: str, text: str) -> None:
    """A finished file, renamed into the drop folder as a careful writer would."""
    staging = svc.root / Path(name).name
    staging.write_text(text, encoding="utf-8")
    old = time.time() - 3600
    os.utime(staging, (old, old))
    (svc.inbox / name).parent.mkdir(parents=True, exist_ok=True)
    staging.rename(svc.inbox / name)


def samples(svc: LiveService) -> dict[tuple[str, frozenset], float]:
    response = svc.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(response.text)
        for s in family.samples
    }


def value(found: dict, name: str, **labels) -> float:
    return found.get((name, frozenset(labels.items())), 0.0)


def test_feed_requests_by_feed_format_and_status_and_bytes_sent(svc):
    before = samples(svc)
    first = svc.get("/feeds/news.atom", headers=IDENTITY)
    etag = first.headers["etag"]
    again = svc.get("/feeds/news.atom", headers={**IDENTITY, "If-None-Match": etag})
    rss = svc.get("/feeds/world.rss", headers={"Accept-Encoding": "gzip"})
    head = httpx.head(svc.url("/feeds/news.json"))
    missing = svc.get("/feeds/nope.rss")
    tag = svc.get("/feeds/tags/world.atom", headers=IDENTITY)
    assert [r.status_code for r in (first, again, rss, head, missing, tag)] == [
        200, 304, 200, 200, 404, 200]
    after = samples(svc)

    def delta(name, **labels):
        return value(after, name, **labels) - value(before, name, **labels)

    requests = "newsfeed_feed_requests_total"
    assert delta(requests, feed="news", format="atom", status="200") == 1
    assert delta(requests, feed="news", format="atom", status="304") == 1
    assert delta(requests, feed="world", format="rss", status="200") == 1
    assert delta(requests, feed="news", format="json", status="200") == 1  # the HEAD
    assert delta(requests, feed="unknown", format="rss", status="404") == 1
    assert delta(requests, feed="tags/*", format="atom", status="200") == 1
    sent = "newsfeed_feed_sent_bytes_total"
    assert delta(sent, feed="news", format="atom") == len(first.content)
    assert delta(sent, feed="world", format="rss") == int(rss.headers["content-length"])
    assert delta(sent, feed="news", format="json") == 0  # HEAD: no body


def test_jobs_and_builds_are_timed(svc):
    found = samples(svc)
    for job in ("rebuild", "scan", "readers"):
        assert value(found, "newsfeed_job_duration_seconds_count", job=job) >= 1
    assert value(found, "newsfeed_feed_build_duration_seconds_count") >= 1
    assert value(found, "process_resident_memory_bytes") > 0


def test_healthz_and_readyz(svc):
    assert svc.get("/healthz").text == "ok\n"
    ready = svc.get("/readyz")
    assert ready.status_code == 200 and ready.text.startswith("ready: revision ")
    assert ready.headers["cache-control"] == "no-store"


def test_feeds_opml_lists_every_feed(svc):
    response = svc.get("/feeds.opml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/x-opml; charset=utf-8"
    root = etree.fromstring(response.content)
    assert root.get("version") == "2.0"
    outlines = root.findall("body/outline")
    found = [(o.get("text"), o.get("type"), o.get("xmlUrl"), o.get("htmlUrl")) for o in outlines]
    assert found == [
        ("All the news", "rss", svc.url("/feeds/news.atom"), svc.base_url),
        ("World & <Europe>", "rss", svc.url("/feeds/world.atom"), svc.base_url),
    ]
    for outline in outlines:
        assert httpx.get(outline.get("xmlUrl")).status_code == 200
    cached = svc.get("/feeds.opml", headers={"If-None-Match": response.headers["etag"]})
    assert cached.status_code == 304


def test_favicon_is_the_shipped_icon(svc):
    response = svc.get("/favicon.ico", headers=IDENTITY)
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/x-icon"
    assert response.content == DEFAULT_ICON.read_bytes()
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert "max-age=86400" in response.headers["cache-control"]
    again = svc.get("/favicon.ico", headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304


class InProcess:
    """The web app on uvicorn in a thread, for states a running newsfeed never shows."""

    def __init__(self, root: Path, extra: str = ""):
        self.port = free_port()
        path = root / "config.toml"
        path.write_text(f'[site]\nbase_url = "http://127.0.0.1:{self.port}/"\n{extra}\n'
                        f'[store]\nurl = "sqlite:///db/newsfeed.db"\n', encoding="utf-8")
        self.cfg = config.load(path)
        self.store = Store(self.cfg.store.url)
        self.store.create()
        self.publisher = Publisher(self.store, self.cfg)
        self.server = uvicorn.Server(uvicorn.Config(
            App(self.publisher, self.store, self.cfg), host="127.0.0.1", port=self.port,
            lifespan="off", access_log=False, log_config=None))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self):
        self.thread.start()
        while not self.server.started:
            time.sleep(0.01)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.store.close()

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(f"http://127.0.0.1:{self.port}{path}", timeout=10, **kwargs)


def test_readyz_is_503_until_published_and_when_the_store_is_gone(tmp_path):
    with InProcess(tmp_path) as site:
        waiting = site.get("/readyz")
        assert waiting.status_code == 503
        assert waiting.text == "not ready: feeds not published yet (news)\n"
        site.publisher.publish(force=True)
        assert site.get("/readyz").status_code == 200
        site.store.close()
        shutil.rmtree(tmp_path / "db")  # the database is gone; SQLite cannot reopen it
        gone = site.get("/readyz")
        assert gone.status_code == 503
        assert gone.text.startswith("not ready: the store does not answer (")


def test_a_configured_icon_is_served_instead(tmp_path):
    icon = tmp_path / "brand.png"
    icon.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    with InProcess(tmp_path, 'icon = "brand.png"\n') as site:
        response = site.get("/favicon.ico", headers=IDENTITY)
    assert response.headers["content-type"] == "image/png"
    assert response.content == icon.read_bytes()


def test_a_missing_icon_is_a_config_error(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text('[site]\nicon = "nothing.ico"\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"'site.icon': no such file .*nothing.ico"):
        config.load(path)


@pytest.mark.parametrize(("message", "reason"), [
    ("it is 6,000,000 bytes, over the limit of 5,000,000 (inbox.max_bytes)", "too_large"),
    ("its type is not one newsfeed reads (expected one of .json, .md)", "unsupported_type"),
    ("it is a JSON Feed, not an article; follow it as a [[source]] instead", "unsupported_type"),
    ("it is empty", "empty"),
    ("it has a title but no text", "empty"),
    ("it has no title (add a 'title' key)", "no_title"),
    ("its date 'soon' is not a date newsfeed can read", "bad_date"),
    ("it has no date (strict dates are on)", "bad_date"),
    ("its link 'x' is not an absolute http(s) URL", "bad_url"),
    ("it is not valid JSON (Expecting value at line 1, column 1)", "malformed"),
    ("it is the article 'x', deleted on 2026-01-01 10:00 UTC; a deleted article is …", "deleted"),
    ("newsfeed could not read it (KeyError); see the service log", "unreadable"),
    ("something new", "other"),
])
def test_rejections_are_counted_by_a_few_fixed_reasons(message, reason):
    assert metrics.reason_label(message) == reason


def test_ingest_and_poll_counting():
    def get(name, **labels):
        return metrics.REGISTRY.get_sample_value(name, labels) or 0

    ingested = "newsfeed_articles_ingested_total"
    before = [get(ingested, via="inbox", result="added"), get(ingested, via="source",
                                                              result="updated")]
    rejected = get("newsfeed_articles_rejected_total", via="inbox", reason="no_title")
    polls = get("newsfeed_source_polls_total", source="wire", result="ok")
    metrics.record_ingest(Outcome(stored=3, added=2, unchanged=1,
                                  rejected={"a.md": "it has no title (add a 'title' key)"}))
    metrics.record_poll(Poll(source="wire", status="ok", added=0, updated=4))
    assert get(ingested, via="inbox", result="added") == before[0] + 2
    assert get(ingested, via="source", result="updated") == before[1] + 4
    assert get("newsfeed_articles_rejected_total", via="inbox", reason="no_title") == rejected + 1
    assert get("newsfeed_source_polls_total", source="wire", result="ok") == polls + 1


def test_timed_job_and_build():
    def count(name, **labels):
        return metrics.REGISTRY.get_sample_value(name, labels) or 0

    def fail():
        raise RuntimeError("boom")

    jobs = count("newsfeed_job_duration_seconds_count", job="test-job")
    with pytest.raises(RuntimeError):
        metrics.timed_job("test-job", fail)()
    assert count("newsfeed_job_duration_seconds_count", job="test-job") == jobs + 1

    builds = count("newsfeed_feed_build_duration_seconds_count")
    assert metrics.timed_build(lambda force=False: force)(force=True) is True
    assert metrics.timed_build(lambda force=False: force)() is False  # nothing published
    assert count("newsfeed_feed_build_duration_seconds_count") == builds + 1
