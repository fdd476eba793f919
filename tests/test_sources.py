"""Polling upstream sources: a real HTTP server on 127.0.0.1 whose feeds change between polls,
a real SQLite store, and (at the end) the real `newsfeed run` process serving what it follows."""

from __future__ import annotations

import json
import logging
import subprocess
from datetime import UTC, datetime, timedelta

import pytest
from feed_server import FEEDS, FeedServer, Item, rss
from live import NEWSFEED, LiveService
from lxml import etree

from articles import source_state
from articles.sources import BACKOFF_CAP, Poller, describe, format_table, retry_delay
from articles.store import Store
from config import Source

START = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
DAY = datetime(2024, 3, 4, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def upstream():
    with FeedServer() as server:
        yield server


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'store.db'}")
    store.create()
    yield store
    store.close()


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def poller(store, clock):
    return Poller(store, clock=clock)


def source(upstream: FeedServer, path: str = "/feed.xml", **settings) -> Source:
    settings = {"name": "wire", "allow_private": True, "timeout_seconds": 2, **settings}
    return Source(url=upstream.url(path), **settings)


def by_title(store: Store) -> dict:
    return {a.title: a for a in store.latest(100)}


def test_new_edited_and_removed_entries_and_conditional_get(upstream, store, poller, clock):
    a, b, c = (Item(f"g{n}", f"Story {n}", f"<p>Text {n}.</p>", DAY) for n in "abc")
    upstream.serve("/feed.xml", rss([a, b, c]), etag='"v1"')
    wire = source(upstream, categories=["partner"])
    first = poller.poll(wire)
    assert (first.status, first.added, first.changed) == ("ok", 3, True)
    stored = by_title(store)
    revision = store.revision()

    again = poller.poll(wire)  # the same ETag: 304, nothing read, nothing stored
    assert (again.status, again.changed) == ("not modified", False)
    assert upstream.hits("/feed.xml")[-1]["if-none-match"] == '"v1"'
    assert store.revision() == revision

    clock.advance(hours=1)
    edited, new = Item("gb", "Story b", "<p>Text b, corrected.</p>", DAY), Item("gd", "Story d")
    upstream.serve("/feed.xml", rss([edited, c, new]), etag='"v2"')
    changed = poller.poll(wire)
    assert (changed.added, changed.updated, changed.unchanged) == (1, 1, 1)
    now = by_title(store)
    assert set(now) == {"Story a", "Story b", "Story c", "Story d"}  # removed upstream: kept
    assert now["Story b"].content_html == "<p>Text b, corrected.</p>"
    assert now["Story b"].updated == clock.now
    assert (now["Story b"].id, now["Story b"].published) == (stored["Story b"].id, DAY)
    assert now["Story c"] == stored["Story c"]

    upstream.serve("/feed.xml", rss([edited, c, new]), etag='"v3"')  # new ETag, same entries
    revision = store.revision()
    assert poller.poll(wire).unchanged == 3
    assert store.revision() == revision


def test_articles_credit_the_upstream_feed_and_its_author(upstream, store, poller):
    upstream.serve("/feed.xml", (FEEDS / "rss2-dated-wire-with-zones.xml").read_bytes())
    poller.poll(source(upstream, categories=["partner"]))
    rutte = by_title(store)["Dutch PM resigns after coalition collapses"]
    assert rutte.source == "World News | Wire & Partners"
    assert rutte.source_url == rutte.source_id == upstream.url("/feed.xml")
    assert (rutte.origin, rutte.authors) == ("wire", ("Anna de Vries",))
    assert rutte.tags == ("Europe", "Politics", "partner")
    assert rutte.published == datetime(2024, 3, 1, 14, 0, tzinfo=UTC)


def test_undated_entries_keep_the_time_first_seen(upstream, store, poller, clock):
    upstream.serve("/feed.xml", rss([Item("g1", "Undated one")]))
    poller.poll(source(upstream))
    clock.advance(hours=2)
    upstream.serve("/feed.xml", rss([Item("g2", "Undated two"), Item("g1", "Undated one")]))
    Poller(store, clock=clock).poll(source(upstream))  # a restart in between
    stored = by_title(store)
    assert stored["Undated one"].published == START
    assert stored["Undated two"].published == START + timedelta(hours=2)
    again = Poller(store, clock=clock).poll(source(upstream))
    assert (again.unchanged, again.changed) == (2, False)


def test_a_permanent_redirect_moves_the_source(upstream, store, poller, caplog):
    upstream.serve("/old.xml", status=301, headers={"Location": "/new.xml"})
    upstream.serve("/new.xml", rss([Item("g1", "Moved story", date=DAY)]))
    wire = source(upstream, "/old.xml")
    with caplog.at_level(logging.WARNING, "newsfeed.sources"):
        assert poller.poll(wire).added == 1
    assert "moved permanently to " + upstream.url("/new.xml") in caplog.text
    assert by_title(store)["Moved story"].source_url == upstream.url("/new.xml")
    poller.poll(wire)
    assert len(upstream.hits("/old.xml")) == 1 and len(upstream.hits("/new.xml")) == 2
    assert source_state.load(store, "wire")["url"] == upstream.url("/new.xml")


def test_a_new_url_in_the_config_starts_afresh(upstream, poller, store):
    upstream.serve("/a.xml", rss([Item("g1", "A", date=DAY)]), etag='"a"')
    upstream.serve("/b.xml", rss([Item("g1", "B", date=DAY)]), etag='"b"')
    poller.poll(source(upstream, "/a.xml"))
    assert poller.poll(source(upstream, "/b.xml")).status == "ok"
    assert "if-none-match" not in upstream.hits("/b.xml")[0]


def test_410_gone_stops_polling(upstream, store, poller, caplog):
    upstream.serve("/feed.xml", status=410)
    with caplog.at_level(logging.WARNING, "newsfeed.sources"):
        assert poller.poll(source(upstream)).gone
    assert "410 Gone; no longer polling it" in caplog.text
    assert poller.poll(source(upstream)).gone
    assert len(upstream.hits("/feed.xml")) == 1
    (row,) = describe(store, [source(upstream)])
    assert (row["status"], row["next_run"]) == ("gone", None)


def test_429_retry_after_is_honored(upstream, store, poller, clock):
    upstream.serve("/feed.xml", status=429, headers={"Retry-After": "7200"})
    wire = source(upstream, every_minutes=1)
    poll = poller.poll(wire)
    assert poll.status == "error" and "429 Too Many Requests" in poll.message
    assert poll.retry_at == START + timedelta(hours=2)
    clock.advance(minutes=30)
    waiting = Poller(store, clock=clock).poll(wire)  # a restart does not poll earlier either
    assert (waiting.status, waiting.retry_at) == ("waiting", START + timedelta(hours=2))
    assert len(upstream.hits("/feed.xml")) == 1
    clock.advance(hours=2)
    upstream.serve("/feed.xml", rss([]))
    assert poller.poll(wire).status == "ok"


def test_failures_back_off_exponentially_and_a_success_resets(upstream, store, poller, clock):
    upstream.serve("/feed.xml", status=500)
    wire = source(upstream, every_minutes=10)
    delays = []
    for _ in range(3):
        poll = poller.poll(wire)
        delays.append(poll.retry_at - clock.now)
        clock.now = poll.retry_at
    assert delays == [timedelta(minutes=20), timedelta(minutes=40), timedelta(minutes=80)]
    assert "500 Internal Server Error" in poll.message
    assert source_state.load(store, "wire")["failures"] == 3
    upstream.serve("/feed.xml", rss([]))
    assert poller.poll(wire).retry_at is None
    assert source_state.load(store, "wire")["failures"] == 0


@pytest.mark.parametrize("every, failures, retry_after, delay", [
    (600, 1, None, 1200),
    (1800, 10, None, BACKOFF_CAP),
    (86400, 3, None, 86400),  # polled less often than the cap: never sooner than usual
    (60, 1, 7200, 7200),
    (60, 1, 30 * 86400, 86400),  # Retry-After is honored up to a day
])
def test_retry_delay(every, failures, retry_after, delay):
    assert retry_delay(every, failures, retry_after) == delay


def test_a_slow_source_fails_alone(upstream, store, poller):
    upstream.serve("/slow.xml", rss([Item("s", "Slow", date=DAY)]), delay=2)
    upstream.serve("/fast.xml", rss([Item("f", "Fast", date=DAY)]))
    slow = poller.poll(source(upstream, "/slow.xml", name="slow", timeout_seconds=0.3))
    fast = poller.poll(source(upstream, "/fast.xml", name="fast"))
    assert slow.status == "error" and "did not answer within 0.3 seconds" in slow.message
    assert fast.added == 1
    assert set(by_title(store)) == {"Fast"}


@pytest.mark.parametrize("path, body, settings, message", [
    ("/big.xml", rss([Item(str(n), f"Story {n}") for n in range(50)]), {"max_bytes": 2000},
     "over the limit of 2,000 (max_bytes)"),
    ("/laughs.xml", (FEEDS / "billion-laughs-entities.xml").read_bytes(), {},
     "is not a feed: it declares XML entities"),
    ("/xxe.xml", (FEEDS / "xxe-external-entity.xml").read_bytes(), {},
     "is not a feed: it declares XML entities"),
    ("/page.html", (FEEDS / "html-page-not-a-feed.html").read_bytes(), {},
     "is not a feed: it is an HTML page"),
    ("/garbage", bytes(range(256)) * 4, {}, "is not a feed: it is not an RSS, Atom or JSON feed"),
])
def test_bad_answers_are_logged_and_store_nothing(upstream, store, poller, caplog, path, body,
                                                  settings, message):
    upstream.serve(path, body, etag='"x"')
    with caplog.at_level(logging.WARNING, "newsfeed.sources"):
        poll = poller.poll(source(upstream, path, **settings))
    assert poll.status == "error" and message in poll.message
    assert f"source wire: {upstream.url(path)}" in caplog.text and message in caplog.text
    assert "Traceback" not in caplog.text
    assert store.count() == 0
    assert source_state.load(store, "wire")["etag"] == ""  # fetched again next time


def test_a_half_broken_feed_keeps_what_was_recovered(upstream, store, poller, caplog):
    upstream.serve("/feed.xml", (FEEDS / "rss2-half-broken-truncated.xml").read_bytes())
    with caplog.at_level(logging.WARNING, "newsfeed.sources"):
        poll = poller.poll(source(upstream))
    assert (poll.status, poll.added) == ("ok", 2)
    assert "not well-formed XML" in caplog.text and "kept the 2 entries" in caplog.text


@pytest.mark.parametrize("name, content_type, count", [
    ("rss2-dated-wire-with-zones.xml", "application/rss+xml", 3),
    ("rss2-undated-items-no-guid.xml", "text/xml", 3),
    ("atom-xml-base-html-content.xml", "application/atom+xml", 2),
    ("rss1-rdf-dc-date.rdf", "application/rdf+xml", 2),
    ("jsonfeed-1.1-relative-links.json", "application/feed+json", 2),
])
def test_real_world_feeds_over_http(upstream, store, poller, name, content_type, count):
    upstream.serve(f"/{name}", (FEEDS / name).read_bytes(), content_type=content_type)
    assert poller.poll(source(upstream, f"/{name}")).added == count
    assert poller.poll(source(upstream, f"/{name}")).unchanged == count


def test_the_same_guid_in_two_sources_is_two_articles(upstream, store, poller):
    upstream.serve("/a.xml", rss([Item("1", "First of A", date=DAY)], title="Wire A"))
    upstream.serve("/b.xml", rss([Item("1", "First of B", date=DAY)], title="Wire B"))
    poller.poll(source(upstream, "/a.xml", name="a"))
    poller.poll(source(upstream, "/b.xml", name="b"))
    assert set(by_title(store)) == {"First of A", "First of B"}


def test_two_entries_with_one_title_on_one_day_do_not_overwrite_each_other(upstream, store,
                                                                           poller):
    letters = [Item("l1", "Letters", "<p>First.</p>", DAY), Item("l2", "Letters", "<p>2</p>", DAY)]
    upstream.serve("/feed.xml", rss(letters))
    assert poller.poll(source(upstream)).added == 1
    revision = store.revision()
    assert not poller.poll(source(upstream)).changed
    assert store.revision() == revision


def test_an_unexpected_error_is_contained(upstream, store, poller, monkeypatch, caplog):
    upstream.serve("/feed.xml", rss([Item("1", "One", date=DAY)]))
    monkeypatch.setattr(store, "save", lambda *a, **k: (_ for _ in ()).throw(OSError("disk")))
    with caplog.at_level(logging.WARNING, "newsfeed.sources"):
        poll = poller.poll(source(upstream))
    assert poll.status == "error" and "failed unexpectedly (OSError: disk)" in poll.message


def test_describe_and_the_table(upstream, store, poller):
    upstream.serve("/feed.xml", rss([Item("1", "One", date=DAY)]))
    wire, never = source(upstream), source(upstream, "/other.xml", name="never")
    poller.poll(wire)
    rows = describe(store, [wire, never])
    assert rows[0] | {"url": None} == {
        "name": "wire", "url": None, "status": "ok", "message": "", "http_status": 200,
        "last_fetch": START.isoformat(), "last_success": START.isoformat(), "failures": 0,
        "entries": 1, "stored": 1, "next_run": (START + timedelta(minutes=30)).isoformat()}
    assert (rows[1]["status"], rows[1]["last_fetch"]) == ("new", None)
    table = format_table(rows).splitlines()
    assert table[0].split() == ["NAME", "STATUS", "LAST", "FETCH", "ENTRIES", "STORED", "NEXT",
                                "RUN", "URL"]
    assert table[1].split()[:4] == ["wire", "ok", "2024-03-05", "12:00:00Z"]
    assert "never" in table[2] and "at start" in table[2]


@pytest.mark.slow
def test_the_running_service_follows_a_source_and_credits_it(tmp_path, upstream):
    feed = (FEEDS / "atom-xml-base-html-content.xml").read_bytes()
    upstream.serve("/blog.atom", feed, content_type="application/atom+xml", etag='"1"')
    url = upstream.url("/blog.atom")
    upstream.serve("/laughs.xml", (FEEDS / "billion-laughs-entities.xml").read_bytes())
    upstream.serve("/slow.xml", rss([Item("s", "Slow story", date=DAY)]), delay=5)
    toml = (f'[[source]]\nname = "blog"\nurl = "{url}"\nevery_minutes = 0.02\n'
            'allow_private = true\ncategories = ["partner"]\n\n'
            f'[[source]]\nname = "laughs"\nurl = "{upstream.url("/laughs.xml")}"\n'
            'every_minutes = 0.05\nallow_private = true\n\n'
            f'[[source]]\nname = "slow"\nurl = "{upstream.url("/slow.xml")}"\n'
            'every_minutes = 0.05\nallow_private = true\ntimeout_seconds = 1\n')
    with LiveService(tmp_path, toml) as svc:
        atom = svc.wait_for("/feeds/news.atom", lambda r: b"A bold claim" in r.content).content
        ns = {"a": "http://www.w3.org/2005/Atom"}
        (entry,) = etree.fromstring(atom).xpath("//a:entry[contains(a:title, 'bold')]",
                                                namespaces=ns)
        assert entry.xpath("a:source/a:title/text()", namespaces=ns) == ["Notes & Queries"]
        assert entry.xpath("a:source/a:id/text()", namespaces=ns) == [
            "tag:blog.example.net,2024:feed"]
        assert entry.xpath("a:source/a:link/@href", namespaces=ns) == [url]
        assert entry.xpath("a:author/a:name/text()", namespaces=ns) == ["Carla Mendes"]
        rss_feed = svc.get("/feeds/news.rss").content
        assert f'<source url="{url}">Notes &amp; Queries</source>'.encode() in rss_feed
        items = svc.get("/feeds/news.json").json()["items"]
        assert {i["_source"]["name"] for i in items} == {"Notes & Queries"}

        newer = feed.replace(b"<entry xml:base", b"<entry><title>Fresh post</title><id>tag:blog."
                             b"example.net,2024:post-18</id><updated>2024-03-03T08:00:00Z"
                             b"</updated><content>New.</content></entry><entry xml:base", 1)
        upstream.serve("/blog.atom", newer, content_type="application/atom+xml", etag='"2"')
        svc.wait_for("/feeds/news.atom", lambda r: b"Fresh post" in r.content)
        listing = subprocess.run([NEWSFEED, "sources", "--config", svc.config_path, "--json"],
                                 capture_output=True, text=True, timeout=30, check=True)
        blog, laughs, slow = json.loads(listing.stdout)
        assert (blog["name"], blog["stored"], blog["failures"]) == ("blog", 3, 0)
        assert blog["status"] in ("ok", "not modified")
        assert (laughs["status"], laughs["stored"]) == ("error", 0)
        assert "declares XML entities" in laughs["message"]
        assert slow["status"] in ("new", "error")  # still waiting for its answer, or timed out
    assert "Traceback" not in svc.log()
    assert "source laughs:" in svc.log()
