"""`feeds.publishing.publish.Publisher` on a real SQLite store: which entries each configured feed
holds,
tag feeds, ids that survive a new base_url, rebuilds that render only what changed, and the
check that keeps the last good version online. Output is parsed with lxml and feedparser.

The helpers here (`Site`, `story`, `parse`) are shared by the other `test_feeds_*` modules.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import lxml.etree
import pytest
import sqlalchemy as sa

import config
from articles.model import Article
from articles.queries import Filter
from articles.reading import read_article_file
from articles.store import Store
from feeds.publishing.publish import Publisher
from feeds.publishing.query import FeedQuery
from feeds.rendering import check, render

ATOM = "{http://www.w3.org/2005/Atom}"
ROOT = Path(__file__).parents[1]
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


def story(n: int, **fields) -> Article:
    """Story `n`, published `n` hours after T0 unless told otherwise."""
    values = {
        "title": f"Story {n}",
        "content_html": f"<p>What happened in story {n}.</p>",
        "summary": f"What happened in story {n}.",
        "published": T0 + timedelta(hours=n),
        "authors": ("Desk",),
        "source": "Wire",
    }
    return Article(**{**values, **fields})


class Site:
    """A config file, a real SQLite store and a Publisher under `root`."""

    def __init__(self, root: Path, toml: str = "", base_url: str = "https://news.example.org/",
                 store: Store | None = None):
        root.mkdir(parents=True, exist_ok=True)
        (root / "config.toml").write_text(
            f'[site]\nbase_url = "{base_url}"\n[store]\nurl = "sqlite:///store.db"\n{toml}',
            encoding="utf-8",
        )
        self.cfg = config.load(root / "config.toml")
        self.store = store or Store(self.cfg.store.url)
        self.store.create()
        self.publisher = Publisher(self.store, self.cfg)

    def save(self, *articles: Article) -> None:
        assert self.store.save(articles).changed

    def publish(self, force: bool = False) -> bool:
        return self.publisher.publish(force=force)

    def body(self, path: str) -> bytes:
        resource = self.publisher.resources.get(path) or self.publisher.archive_page(path)
        assert resource is not None, f"nothing published at {path}"
        return resource.body

    def ids(self, path: str) -> list[str]:
        """The entry ids of a published document, read with the parser of its format."""
        return [e["id"] for e in parse(self.body(path), path.rsplit(".", 1)[1])["entries"]]


def parse(body: bytes, fmt: str) -> dict:
    """A document read back: feedparser (bozo-free) for XML after lxml, json for JSON Feed."""
    if fmt == "json":
        doc = json.loads(body)
        return {"feed": doc, "entries": doc["items"]}
    lxml.etree.fromstring(body)
    doc = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert not doc.bozo, doc.get("bozo_exception")
    return doc


class Renders:
    """Counts the documents rendered, by self URL, through the checked path all take."""

    def __init__(self, monkeypatch):
        self.urls: list[str] = []
        original = check.rendered

        def counting(fmt, channel, *rest, **options):
            self.urls.append(channel.self_url(fmt))
            return original(fmt, channel, *rest, **options)

        monkeypatch.setattr(check, "rendered", counting)


FEEDS = """
[[feed]]
name = "all"
[[feed]]
name = "world"
categories = ["World"]
[[feed]]
name = "wire"
sources = ["wire"]
[[feed]]
name = "jane"
authors = ["Jane Doe"]
[[feed]]
name = "world-by-jane"
categories = ["world", "europe"]
authors = ["jane doe"]
"""


def test_each_feed_holds_exactly_the_articles_its_filters_let_through(tmp_path):
    site = Site(tmp_path, FEEDS)
    stories = [
        story(1, tags=("world",), authors=("Jane Doe",), source="Wire"),
        story(2, tags=("Europe", "politics"), authors=("John Roe",), source="Herald"),
        story(3, tags=("sport",), authors=("Jane Doe", "John Roe"), source="Herald"),
        story(4, tags=(), authors=("Desk",), source="Wire"),
        story(5, tags=("WORLD",), authors=("John Roe",), source="Herald"),
    ]
    site.save(*stories)
    assert site.publish()
    by_title = {}
    for fmt in ("atom", "rss", "json"):
        doc = parse(site.body(f"/feeds/all.{fmt}"), fmt)
        by_title = {e["title"]: e["id"] for e in doc["entries"]}
    assert list(by_title) == [f"Story {n}" for n in (5, 4, 3, 2, 1)]  # newest first
    expected = {
        "all": [5, 4, 3, 2, 1],
        "world": [5, 1],  # any case
        "wire": [4, 1],
        "jane": [3, 1],  # any of several authors
        "world-by-jane": [1],  # every list must match, any value in each
    }
    for name, numbers in expected.items():
        for fmt in ("atom", "rss", "json"):
            assert site.ids(f"/feeds/{name}.{fmt}") == [by_title[f"Story {n}"] for n in numbers]


def test_a_feed_keeps_its_newest_limit_entries_by_their_own_dates(tmp_path):
    site = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 2\n')
    site.save(story(3), story(1), story(2, published=T0 + timedelta(days=9)))
    site.publish()
    doc = parse(site.body("/feeds/news.atom"), "atom")
    assert [e.title for e in doc.entries] == ["Story 2", "Story 3"]
    assert doc.feed.updated == "2024-05-10T08:00:00+00:00"



def test_date_only_stories_of_one_day_never_share_an_updated_time(tmp_path):
    """The W3C validator warns of two Atom entries with the same <updated>: same-day stories
    dated by day only (the seed's form) are given distinct seconds by the store."""
    site = Site(tmp_path / "site", '[[feed]]\nname = "all"\n')
    for n in range(3):
        path = tmp_path / f"wire-{n}.txt"
        path.write_text(f"date 2024-03-01\n\nStory {n} is the lead of its own article.\n\n"
                        f"The council met for the {n}th time.\n\nWire Desk\n", encoding="utf-8")
        site.save(*read_article_file(path, tz=UTC, max_bytes=100_000))
    site.save(*read_article_file(ROOT / "samples" / "2023-07-08-rutte-resigns.txt", tz=UTC,
                                 max_bytes=5_000_000))
    site.publish()
    body = site.body("/feeds/all.atom")
    entries = lxml.etree.fromstring(body).findall(f"{ATOM}entry")
    held = [e.findtext(f"{ATOM}updated") for e in entries]
    assert len(held) == 4 and len(set(held)) == 4, held
    assert sorted(e.updated for e in parse(body, "atom").entries) == [
        "2023-07-08T00:00:00+00:00", "2024-03-01T00:00:00+00:00",
        "2024-03-01T00:00:01+00:00", "2024-03-01T00:00:02+00:00"]
    assert {e.findtext(f"{ATOM}published") for e in entries} == {
        "2023-07-08T00:00:00+00:00", "2024-03-01T00:00:00+00:00"}


def test_tag_feeds_on_demand_whatever_the_case_of_the_request(tmp_path):
    site = Site(tmp_path)
    site.save(story(1, tags=("World",)), story(2, tags=("sport",)), story(3, tags=("world",)))
    site.publish()
    for fmt in ("atom", "rss", "json"):
        first = site.publisher.tag_feed("World", fmt)
        assert site.publisher.tag_feed("wORLD", fmt).body == first.body
        entries = parse(first.body, fmt)["entries"]
        assert [e["title"] for e in entries] == ["Story 3", "Story 1"]
    doc = parse(site.publisher.tag_feed("world", "atom").body, "atom")
    assert doc.feed.links[0].href == "https://news.example.org/feeds/tags/world.atom"
    assert site.publisher.tag_feed("nothing-here", "atom") is None


def test_no_id_changes_with_the_base_url(tmp_path):
    toml = '[[feed]]\nname = "news"\nlimit = 2\n'
    one = Site(tmp_path / "one", toml, base_url="http://127.0.0.1:8080/")
    one.save(*(story(n) for n in range(1, 6)))
    one.publish()
    other = Site(tmp_path / "two", toml, base_url="https://news.example.org/wire/",
                 store=one.store)
    other.publish()
    paths = ["/feeds/news", "/feeds/news/archive/1", "/feeds/news/archive/2"]
    for path in paths:
        for fmt in ("atom", "rss", "json"):
            a, b = (parse(s.body(f"{path}.{fmt}"), fmt) for s in (one, other))
            assert [e["id"] for e in a["entries"]] == [e["id"] for e in b["entries"]]
            assert all(e["id"].startswith("urn:uuid:") for e in a["entries"])
            if fmt == "atom":
                assert a["feed"]["id"] == b["feed"]["id"] == render.Channel(
                    "news", "", "", "").id
            link = b["entries"][0]["link" if fmt != "json" else "url"]
            assert link.startswith("https://news.example.org/wire/articles/")


def test_a_rebuild_that_touches_no_feed_is_two_statements_and_no_render(tmp_path, monkeypatch):
    site = Site(tmp_path, '[[feed]]\nname = "world"\ncategories = ["world"]\nlimit = 3\n')
    site.save(*(story(n, tags=("world",)) for n in range(1, 6)))
    site.publish()
    before = dict(site.publisher.resources)
    renders, statements = Renders(monkeypatch), []
    sa.event.listen(site.store.engine, "before_cursor_execute",
                    lambda *args: args[2] != "BEGIN" and statements.append(args[2]))
    site.save(story(6, tags=("sport",)))  # a change the feed does not show
    statements.clear()
    assert site.publish()
    assert renders.urls == []
    assert len(statements) == 2, statements  # the store's revision, then the feed's versions
    assert site.publisher.resources["/feeds/world.atom"] is before["/feeds/world.atom"]
    assert site.publisher.changed == []


def plans(store: Store, limit: int, where: Filter) -> list[str]:
    """The query plan of each statement `store.versions` runs."""
    statements = []
    listener = lambda conn, cursor, sql, params, *rest: statements.append((sql, params))  # noqa: E731
    sa.event.listen(store.engine, "before_cursor_execute", listener)
    store.versions(limit, where, after_pk=10)
    sa.event.remove(store.engine, "before_cursor_execute", listener)
    with store.engine.connect() as conn:
        return [" | ".join(r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", p))
                for sql, p in statements if sql != "BEGIN"]


def test_the_versions_queries_never_read_the_whole_store(tmp_path):
    site = Site(tmp_path)
    site.save(*(story(n, tags=("sport",) if n < 3 else ("world",)) for n in range(1, 101)))
    (everything,) = plans(site.store, 5, Filter())
    # In order from `now` back (embargoed stories are dated after it), stops at 5.
    assert "SEARCH articles USING INDEX ix_articles_newest (published<?)" in everything
    assert "TEMP B-TREE" not in everything
    assert "USING INTEGER PRIMARY KEY (rowid>?)" in everything  # the rest, from after_pk on
    (common,) = plans(site.store, 5, Filter(categories=["world"]))
    assert "SCAN articles USING COVERING INDEX ix_articles_newest" in common  # the 100 newest
    assert "(kind=? AND value=? AND article_pk>?)" in common  # the rest, from its tag's index
    rare = plans(site.store, 5, Filter(categories=["sport"]))
    assert len(rare) == 2  # too few among the newest: found through the tag
    assert "SEARCH article_terms USING COVERING INDEX" in rare[1]
    for plan in (everything, common, *rare):
        assert "SCAN articles |" not in f"{plan} |" and "SCAN article_terms" not in plan, plan
    head, _ = site.store.versions(5, Filter(categories=["sport"]))
    assert [pk for pk, _ in head] == [2, 1]


def test_an_edit_re_renders_the_feed_and_lists_it_as_changed(tmp_path, monkeypatch):
    site = Site(tmp_path, '[[feed]]\nname = "news"\n[[feed]]\nname = "other"\n'
                'categories = ["other"]\n')
    site.save(story(1), story(2))
    site.publish()
    renders = Renders(monkeypatch)
    site.save(story(2, content_html="<p>A correction.</p>"))
    site.publish()
    assert sorted(renders.urls) == sorted(
        f"https://news.example.org/feeds/news.{fmt}" for fmt in ("atom", "rss", "json"))
    assert sorted(site.publisher.changed) == sorted(renders.urls)
    assert b"A correction." in site.body("/feeds/news.atom")


def test_a_restart_changes_no_byte_and_reports_no_change(tmp_path):
    site = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 2\n')
    site.save(*(story(n) for n in range(1, 6)))
    site.publish()
    again = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 2\n', store=site.store)
    assert again.publish(force=True)
    assert again.publisher.changed == []
    for path in ("/feeds/news.atom", "/feeds/news.json", "/feeds/news/archive/2.rss"):
        assert again.body(path) == site.body(path)


def test_a_feed_that_fails_the_check_keeps_its_last_good_version(tmp_path, caplog):
    toml = '[output]\nmax_bytes = 6000\n[[feed]]\nname = "news"\n'
    site = Site(tmp_path, toml)
    site.save(story(1), story(2))
    site.publish()
    good = site.body("/feeds/news.atom")
    huge = story(3, title="A very long story", content_html="<p>" + "word " * 2000 + "</p>")
    site.save(huge)
    with caplog.at_level(logging.ERROR, logger="newsfeed.publish"):
        site.publish()
    assert site.body("/feeds/news.atom") == good
    assert (tmp_path / "var/public/feeds/news.atom").read_bytes() == good
    messages = [r.getMessage() for r in caplog.records]
    slug = site.store.latest(1)[0].slug
    assert any("feeds/news.atom" in m and "over the limit" in m and slug in m for m in messages)
    # After a restart the last good version comes from the output folder.
    again = Site(tmp_path, toml, store=site.store)
    again.publish(force=True)
    assert again.body("/feeds/news.atom") == good


def test_a_failure_no_single_article_causes_says_so(tmp_path, caplog):
    site = Site(tmp_path, '[output]\nmax_bytes = 5000\n[[feed]]\nname = "news"\n')
    site.save(*(story(n, content_html="<p>" + "word " * 300 + "</p>") for n in range(1, 4)))
    with caplog.at_level(logging.ERROR, logger="newsfeed.publish"):
        site.publish()
    assert "/feeds/news.atom" not in site.publisher.resources  # nothing good to keep yet
    assert any("each article passes on its own" in r.getMessage() for r in caplog.records)


def test_a_publish_whose_files_cannot_be_written_is_done_again_by_the_next(tmp_path):
    site = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 2\n')
    site.save(story(1))
    site.publish()
    output = site.cfg.output.path
    blocker = output / "feeds" / "news.rss.gz"
    blocker.unlink()
    blocker.mkdir()  # news.rss.gz can't be written now
    site.save(story(2))
    with pytest.raises(OSError):
        site.publish()
    assert b"Story 2" not in site.body("/feeds/news.rss")  # the last good version, served
    assert b"Story 2" in (output / "feeds" / "news.atom").read_bytes()  # the others written
    blocker.rmdir()
    assert site.publish()  # the store did not change since: the same publish, now whole
    for name in ("news.atom", "news.rss", "news.json"):
        assert b"Story 2" in (output / "feeds" / name).read_bytes()
        assert b"Story 2" in site.body(f"/feeds/{name}")
    assert (output / "feeds" / "news.rss.gz").is_file()


def test_each_distinct_query_is_rendered_once_per_revision(tmp_path, monkeypatch):
    site = Site(tmp_path)
    site.save(story(1, tags=("world",)), story(2))
    site.publish()
    renders = Renders(monkeypatch)
    first = site.publisher.query_feed("news", "atom", FeedQuery.parse(b"q=story&limit=5"))
    assert first is not None and renders.urls == [
        "https://news.example.org/feeds/news.atom?limit=5&q=story"]
    # the same query, written otherwise: the kept document, nothing rendered
    same = site.publisher.query_feed("news", "atom", FeedQuery.parse(b"limit=5&q=%20STORY&x=1"))
    assert same is first and len(renders.urls) == 1
    other = site.publisher.query_feed("news", "atom", FeedQuery.parse(b"q=story&limit=1"))
    assert other is not first and len(renders.urls) == 2
    site.save(story(3))
    site.publish()
    renders.urls.clear()
    again = site.publisher.query_feed("news", "atom", FeedQuery.parse(b"q=story&limit=5"))
    assert again is not first and len(renders.urls) == 1  # a new revision: rendered anew
    assert b"Story 3" in again.body
