"""Who reads: User-Agents of real aggregators and readers, counting in memory, the store's
bounded reader table, and `newsfeed stats` after real polls of a real running newsfeed."""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa
from databases import postgres_database
from live import NEWSFEED, SEED, LiveService

from articles.schema import feed_readers
from articles.store import Store
from feeds import metrics, readers
from feeds.readers import Announcement, Tally, announced, client_name

# User-Agents as aggregators send them (from access logs and the services' own code):
# (User-Agent, aggregator, its id for the feed, subscribers announced).
AGGREGATORS = [
    ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )", "Feedly", "", 134),
    ("Feedly/1.0 (+https://feedly.com/poller.html; 12 subscribers; )", "Feedly", "", 12),
    ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 16 subscribers; like FeedFetcher-Google)",
     "Feedly", "", 16),
    ("Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 26 subscribers; )",
     "Inoreader", "", 26),
    ("Mozilla/5.0 (compatible; inoreader.com; 7 subscribers)", "Inoreader", "", 7),
    ("NewsBlur Feed Fetcher - 1 subscriber - http://www.newsblur.com/site/1234567/example "
     "(Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/14.0.1 Safari/605.1.15)", "NewsBlur", "1234567", 1),
    ("NewsBlur Feed Fetcher - 12 subscribers - https://www.newsblur.com", "NewsBlur", "", 12),
    ("Mozilla/5.0 (compatible; theoldreader.com; 9 subscribers; feed-id=0719795c4d27c784217b0bc0)",
     "The Old Reader", "0719795c4d27c784217b0bc0", 9),
    ("Mozilla/5.0 (compatible; theoldreader.com; 2 subscribers)", "The Old Reader", "", 2),
    ("Feedbin feed-id:1306543 - 3 subscribers", "Feedbin", "1306543", 3),
    ("Feedbin feed-id:9428 - 7 subscribers", "Feedbin", "9428", 7),
    ("Mozilla/5.0 (compatible; BazQux/2.4; +https://bazqux.com/fetcher; 5 subscribers)",
     "BazQux", "", 5),
    ("Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 4 subscribers; "
     "feed-id=9048986372668769311)", "Google Feedfetcher", "9048986372668769311", 4),
    ("Netvibes (http://www.netvibes.com/; 5 subscribers; feedID: 5404723)",
     "Netvibes", "5404723", 5),
    ("Overcast/1.0 Podcast Sync (1190 subscribers; feed-id=554901; +http://overcast.fm/)",
     "Overcast", "554901", 1190),
    ("Bloglines/3.1 (http://www.bloglines.com; 1 subscriber)", "Bloglines", "", 1),
    ("NewsGatorOnline/2.0 (http://www.newsgator.com; 39 subscribers)", "NewsGator", "", 39),
]

# Readers and fetchers that announce no count: each (address, User-Agent) is one reader.
READERS = [
    ("Mozilla/5.0 (compatible; Miniflux/2.2.3; +https://miniflux.app)", "Miniflux"),
    ("FreshRSS/1.23.1 (Linux; https://freshrss.org)", "FreshRSS"),
    ("Tiny Tiny RSS/24.02 (https://tt-rss.org/)", "Tiny Tiny RSS"),
    ("NetNewsWire (RSS Reader; https://netnewswire.com/)", "NetNewsWire"),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Thunderbird/115.6.1",
     "Thunderbird"),
    ("Liferea/1.13.5 (Linux; en_US; https://lzone.de/liferea/)", "Liferea"),
    ("Akregator/5.24.0 (23.08.0); syndication", "Akregator"),
    ("newsbeuter/2.4 (Linux 3.2.0-23-generic; i686; http://www.newsbeuter.org/) "
     "libcurl/7.22.0 GnuTLS/2.12.14 zlib/1.2.3.4", "newsbeuter"),
    ("Aggregator/2.22.000 (Android/13; exynos9611)", "Aggregator"),  # an app, despite its name
    ("Blogtrottr/2.0", "Blogtrottr"),
    ("SimplePie/1.5.6 (Feed Parser; http://simplepie.org)", "SimplePie"),
    ("Superfeedr bot/2.0 http://superfeedr.com - Make your feeds realtime: get in touch - "
     "feed-id:46271263", "Superfeedr bot"),
    ("Feedfetcher-Google; (+http://www.google.com/feedfetcher.html)", "Feedfetcher-Google"),
    ("FeedBurner/1.0 (http://www.FeedBurner.com)", "FeedBurner"),
    ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; like FeedFetcher-Google)", "Feedly"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/120.0.0.0 Safari/537.36", "Chrome"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4.1 Safari/605.1.15", "Safari"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "Firefox"),
    ("python-requests/2.32.3", "python-requests"),
    ("", "unknown"),
]

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("user_agent", "name", "feed_id", "subscribers"), AGGREGATORS)
def test_aggregators_announce_their_subscribers(user_agent, name, feed_id, subscribers):
    assert announced(user_agent) == Announcement(name, feed_id, subscribers)


@pytest.mark.parametrize(("user_agent", "name"), READERS)
def test_other_readers_announce_none_and_get_a_short_name(user_agent, name):
    assert announced(user_agent) is None
    assert client_name(user_agent) == name


def scope(path: str, user_agent: str = "", client: str = "192.0.2.1") -> dict:
    headers = [(b"accept", b"*/*")]
    if user_agent:
        headers.append((b"user-agent", user_agent.encode("latin-1")))
    return {"type": "http", "method": "GET", "path": path, "headers": headers,
            "client": (client, 50000)}


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/newsfeed.db")
    store.create()
    yield store
    store.close()


def rows(store: Store) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.select(feed_readers)).mappings()]


def test_subscribers_are_announced_counts_plus_distinct_readers(store):
    tally = Tally()
    feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )"
    hits = [
        (scope("/feeds/news.atom", feedly, "198.51.100.1"), 200),
        (scope("/feeds/news.atom", feedly, "198.51.100.2"), 304),  # another Feedly poller
        (scope("/feeds/news.rss", feedly.replace("134", "135"), "198.51.100.3"), 304),
        (scope("/feeds/news.json", "Feedbin feed-id:1 - 3 subscribers"), 200),
        (scope("/feeds/news.atom", "Feedbin feed-id:2 - 4 subscribers"), 200),  # its 2nd feed id
        (scope("/feeds/news.atom", READERS[3][0], "203.0.113.1"), 200),
        (scope("/feeds/news.atom", READERS[3][0], "203.0.113.2"), 304),  # another person
        (scope("/feeds/news.rss", READERS[4][0], "203.0.113.1"), 200),
        (scope("/feeds/news.rss", READERS[4][0], "203.0.113.1"), 304),  # the same one again
        (scope("/feeds/world.atom", READERS[0][0], "203.0.113.9"), 200),
        (scope("/feeds/news/archive/1.atom", READERS[5][0]), 200),  # history, not a subscription
        (scope("/feeds/tags/europe.atom", READERS[5][0]), 200),
        (scope("/feeds/nope.atom", READERS[5][0]), 404),
    ]
    for request, status in hits:
        tally.hit(request, status, 0 if status == 304 else 1000)
    before = metrics.REGISTRY.get_sample_value(
        "newsfeed_feed_requests_total", {"feed": "news", "format": "atom", "status": "304"}) or 0
    assert readers.flush(store, tally=tally, now=NOW) == 7
    assert not tally.hits and not tally.pending

    found = readers.counts(store, ["news", "world", "quiet"], now=NOW)
    news = found["news"]
    assert news.subscribers == 135 + 3 + 4 + 2 + 1
    assert (news.readers, news.polls, news.not_modified) == (3, 9, 4)
    assert news.not_modified_share == pytest.approx(4 / 9)
    assert news.clients == {"Feedly": 135, "Feedbin": 7, "NetNewsWire": 2, "Thunderbird": 1}
    assert found["world"].subscribers == 1 and found["quiet"].subscribers == 0
    assert set(found) == {"news", "world", "quiet"}  # no row for archives, tags or 404s
    assert metrics.REGISTRY.get_sample_value(
        "newsfeed_feed_requests_total", {"feed": "news", "format": "atom", "status": "304"}
    ) == before + 2
    assert metrics.REGISTRY.get_sample_value("newsfeed_feed_subscribers", {"feed": "news"}) == 145
    assert all(len(r["key"]) == 40 and "203.0.113" not in r["key"] for r in rows(store))

    # The next flush: a count announced later replaces the old one; polls add up.
    tally.hit(scope("/feeds/news.atom", feedly.replace("134", "140"), "198.51.100.1"), 304, 0)
    readers.flush(store, tally=tally, now=NOW + timedelta(minutes=1))
    news = readers.counts(store, now=NOW + timedelta(minutes=1))["news"]
    assert news.subscribers == 140 + 7 + 3 and (news.polls, news.not_modified) == (10, 5)

    # A day later whoever was not seen again is gone, from the counts and from the store.
    later = NOW + timedelta(hours=24, minutes=30)
    tally.hit(scope("/feeds/news.atom", READERS[3][0], "203.0.113.1"), 304, 0)
    readers.flush(store, tally=tally, now=later)
    assert [r["name"] for r in rows(store)] == ["NetNewsWire"]
    assert readers.counts(store, now=later)["news"].subscribers == 1


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    with contextlib.ExitStack() as stack:
        url = (f"sqlite:///{tmp_path}/newsfeed.db" if request.param == "sqlite"
               else stack.enter_context(postgres_database()))
        store = Store(url)
        store.create()
        stack.callback(store.close)
        yield store


def test_each_feed_keeps_its_days_polls_304s_and_subscribers(any_store):
    store = any_store
    tally = Tally()
    feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 40 subscribers; )"
    for status in (200, 304, 304, 304):
        tally.hit(scope("/feeds/news.atom", feedly), status, 0)
    tally.hit(scope("/feeds/news.rss", READERS[0][0], "203.0.113.1"), 200, 10)
    readers.flush(store, tally=tally, now=NOW)
    tally.hit(scope("/feeds/news.atom", feedly.replace("40", "45")), 304, 0)
    readers.flush(store, tally=tally, now=NOW + timedelta(minutes=1))  # the same day
    tally.hit(scope("/feeds/news.atom", feedly.replace("40", "30")), 200, 0)
    readers.flush(store, tally=tally, now=NOW + timedelta(days=2))

    days = readers.history(store, ["news", "world"], 4, now=NOW + timedelta(days=2))
    day = NOW.date()
    assert days["news"] == [
        readers.Day(day - timedelta(days=1)),  # no polls: there, empty
        readers.Day(day, polls=6, not_modified=4, subscribers=46),  # the most counted
        readers.Day(day + timedelta(days=1)),
        readers.Day(day + timedelta(days=2), polls=1, not_modified=0, subscribers=30),
    ]
    assert days["news"][1].not_modified_share == pytest.approx(4 / 6)
    assert [d.polls for d in days["world"]] == [0, 0, 0, 0]

    tally.hit(scope("/feeds/news.atom", feedly), 304, 0)  # 90 days on, the first are gone
    readers.flush(store, tally=tally, now=NOW + timedelta(days=92))
    kept = readers.history(store, ["news"], 100, now=NOW + timedelta(days=92))["news"]
    assert [d.day for d in kept if d.polls] == [day + timedelta(days=2), day + timedelta(days=92)]


def test_the_reader_table_stays_bounded(store, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ROWS", 5)
    tally = Tally()
    feedly = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 50 subscribers; )"
    tally.hit(scope("/feeds/news.atom", feedly), 200, 10)
    readers.flush(store, tally=tally, now=NOW)
    for n in range(12):  # twelve readers, a minute apart
        tally.hit(scope("/feeds/news.atom", f"Reader/{n}.0", f"203.0.113.{n}"), 200, 10)
        readers.flush(store, tally=tally, now=NOW + timedelta(minutes=n))
    kept = rows(store)
    assert sum(r["kind"] == "reader" for r in kept) <= 5
    assert {r["name"] for r in kept if r["kind"] == "reader"} >= {"Reader"}
    assert [r["subscribers"] for r in kept if r["kind"] == "aggregator"] == [50]  # kept


def test_the_hot_path_tally_is_bounded(monkeypatch):
    monkeypatch.setattr(readers, "MAX_HITS", 3)
    tally = Tally()
    for n in range(10):
        tally.hit(scope("/feeds/news.atom", f"Flood/{n}", f"203.0.113.{n}"), 200, 1)
    assert len(tally.hits) == 4  # three remembered, the rest counted without who
    assert sum(n for n, _ in tally.hits.values()) == 10


def test_newsfeed_stats_after_real_polls(tmp_path):
    svc = LiveService(tmp_path)
    with svc:
        staging = svc.root / SEED.name  # renamed in whole: never half-copied
        shutil.copyfile(SEED, staging)
        staging.rename(svc.inbox / SEED.name)
        svc.wait_for("/", lambda r: b"Rutte" in r.content)  # the home page: not a feed poll
        polls = [
            ("atom", "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )"),
            ("rss", "Inoreader/1.0 (+http://www.inoreader.com/feed-fetcher; 26 subscribers; )"),
            ("json", "Feedbin feed-id:1306543 - 3 subscribers"),
            ("atom", "NetNewsWire (RSS Reader; https://netnewswire.com/)"),
            ("rss", READERS[4][0]),
        ]
        for fmt, user_agent in polls:
            first = svc.get(f"/feeds/news.{fmt}", headers={"User-Agent": user_agent})
            again = svc.get(f"/feeds/news.{fmt}", headers={
                "User-Agent": user_agent, "If-None-Match": first.headers["etag"]})
            assert (first.status_code, again.status_code) == (200, 304)
    # Stopping writes the readers of the last minute; the stats are read from the store.
    result = subprocess.run([NEWSFEED, "stats", "--json", "--config", svc.config_path],
                            capture_output=True, text=True, timeout=60, check=True)
    stats = json.loads(result.stdout)
    (news,) = stats["feeds"]
    assert news["feed"] == "news" and news["subscribers"] == 134 + 26 + 3 + 2
    assert (news["aggregated"], news["readers"]) == (163, 2)
    assert (news["polls"], news["not_modified"], news["not_modified_share"]) == (10, 5, 0.5)
    assert list(news["clients"]) == ["Feedly", "Inoreader", "Feedbin", "NetNewsWire",
                                     "Thunderbird"]
    assert stats["articles"] == 1 and stats["window_hours"] == 24

    plain = subprocess.run([NEWSFEED, "stats", "--config", svc.config_path],
                           capture_output=True, text=True, timeout=60, check=True)
    assert plain.stdout == "news\t165\t163\t2\t10\t0.5000\n"


def test_readers_are_counted_per_feed_over_http_only_for_feeds(tmp_path):
    """The home page and other paths are not feed requests; a HEAD sends no bytes."""
    with LiveService(tmp_path) as svc:
        before = _requests(svc)
        svc.get("/")
        svc.get("/healthz")
        httpx.head(svc.url("/feeds/news.atom"), headers={"Accept-Encoding": "identity"})
        after = _requests(svc)
    assert after - before == 1


def _requests(svc: LiveService) -> float:
    text = svc.get("/metrics").text
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith("newsfeed_feed_requests_total{"))
