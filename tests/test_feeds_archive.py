"""RFC 5005 archived feeds: the subscription document keeps the newest `limit` entries and
links `prev-archive` to fixed pages of `limit` entries in ingest order, plus one page of the
later articles it does not show, if any. A page renders again only when an entry in it
changed or a newer page appeared: a new article shown by the subscription document
changes no archive page until its page is full."""

from __future__ import annotations

import json
from datetime import timedelta

import lxml.etree
from test_feeds_publish import T0, Renders, Site, parse, story

from feeds.publishing.archive import Archive

FEED = '[[feed]]\nname = "news"\nlimit = 3\n'
BASE = "https://news.example.org/feeds/news"
FH = "{http://purl.org/syndication/history/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"


def links(body: bytes, fmt: str) -> dict[str, str]:
    """rel -> href of a document's own links (RSS: its atom:link elements)."""
    root = lxml.etree.fromstring(body)
    parent = root if fmt == "atom" else root.find("channel")
    return {ln.get("rel"): ln.get("href") for ln in parent.findall(f"{ATOM}link")
            if ln.get("rel") != "alternate"}


def is_archive(body: bytes, fmt: str) -> bool:
    root = lxml.etree.fromstring(body)
    return (root if fmt == "atom" else root.find("channel")).find(f"{FH}archive") is not None


def titles(site: Site, path: str) -> list[str]:
    return [e["title"] for e in parse(site.body(path), path.rsplit(".", 1)[1])["entries"]]


def eight_stories_one_at_a_time(site: Site) -> None:
    """Ingest order 1..8; published dates out of order (story 2 is the newest)."""
    for n in range(1, 9):
        published = T0 + timedelta(days=30) if n == 2 else T0 + timedelta(hours=n)
        site.save(story(n, published=published))
        site.publish()


def test_pages_of_limit_entries_in_ingest_order_linked_both_ways(tmp_path):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    assert titles(site, "/feeds/news.atom") == ["Story 2", "Story 8", "Story 7"]
    assert titles(site, "/feeds/news/archive/1.atom") == ["Story 3", "Story 2", "Story 1"]
    assert titles(site, "/feeds/news/archive/2.rss") == ["Story 6", "Story 5", "Story 4"]
    # Stories 7 and 8, not a full page yet, are in the subscription document: no page 3.
    assert site.publisher.archive_page("/feeds/news/archive/3.atom") is None
    site.save(story(9), story(10, published=T0 - timedelta(days=1)))  # 10 dropped late
    site.publish()
    assert titles(site, "/feeds/news.atom") == ["Story 2", "Story 9", "Story 8"]
    assert titles(site, "/feeds/news/archive/3.json") == ["Story 9", "Story 8", "Story 7"]
    assert titles(site, "/feeds/news/archive/4.json") == ["Story 10"]  # shown nowhere else
    for fmt in ("atom", "rss"):
        current = site.body(f"/feeds/news.{fmt}")
        assert links(current, fmt) == {"self": f"{BASE}.{fmt}",
                                       "prev-archive": f"{BASE}/archive/4.{fmt}"}
        assert not is_archive(current, fmt)
        pages = [site.body(f"/feeds/news/archive/{n}.{fmt}") for n in (1, 2, 3, 4)]
        assert all(is_archive(page, fmt) for page in pages)
        assert links(pages[0], fmt) == {"self": f"{BASE}/archive/1.{fmt}",
                                        "current": f"{BASE}.{fmt}",
                                        "next-archive": f"{BASE}/archive/2.{fmt}"}
        assert links(pages[1], fmt)["prev-archive"] == f"{BASE}/archive/1.{fmt}"
        assert links(pages[1], fmt)["next-archive"] == f"{BASE}/archive/3.{fmt}"
        assert "next-archive" not in links(pages[3], fmt)
    # JSON Feed pages back with next_url, from the subscription document to page 1.
    urls, doc = [], json.loads(site.body("/feeds/news.json"))
    while "next_url" in doc:
        urls.append(doc["next_url"])
        doc = json.loads(site.body(doc["next_url"].removeprefix("https://news.example.org")))
        assert doc["feed_url"] == f"{BASE}.json"
    assert urls == [f"{BASE}/archive/{n}.json" for n in (4, 3, 2, 1)]


def test_a_feed_that_fits_one_document_has_no_archive(tmp_path):
    site = Site(tmp_path, FEED)
    site.save(story(1), story(2), story(3))
    site.publish()
    assert links(site.body("/feeds/news.atom"), "atom") == {"self": f"{BASE}.atom"}
    assert "next_url" not in json.loads(site.body("/feeds/news.json"))
    assert not (tmp_path / "var/public/feeds/news/archive").exists()


def rendered_pages(renders: Renders) -> list[str]:
    return sorted({u.removeprefix(BASE).split(".")[0] for u in renders.urls})


def test_a_new_article_renders_no_archive_page_until_its_page_is_full(tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    page1 = site.body("/feeds/news/archive/1.atom")
    renders = Renders(monkeypatch)
    site.save(story(9))  # fills page 3: new, and page 2 gains its next-archive link, once
    site.publish()
    assert rendered_pages(renders) == ["", "/archive/2", "/archive/3"]
    assert titles(site, "/feeds/news/archive/3.atom") == ["Story 9", "Story 8", "Story 7"]
    for n in (10, 11):
        renders.urls.clear()
        site.save(story(n))
        site.publish()
        assert rendered_pages(renders) == [""]
    assert site.publisher.archive_page("/feeds/news/archive/4.atom") is None
    assert site.body("/feeds/news/archive/1.atom") == page1


def test_the_page_of_articles_not_shown_comes_and_goes(tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    site.save(story(9))  # fills page 3
    site.publish()
    renders = Renders(monkeypatch)
    site.save(story(10, published=T0 - timedelta(days=1)))  # dropped late: shown nowhere
    site.publish()
    assert rendered_pages(renders) == ["", "/archive/3", "/archive/4"]
    assert titles(site, "/feeds/news/archive/4.atom") == ["Story 10"]
    renders.urls.clear()
    slug = next(a.slug for a in site.store.latest(20) if a.title == "Story 10")
    assert site.store.delete(slug)  # the page of the rest goes with it
    site.publish()
    assert rendered_pages(renders) == ["", "/archive/3"]
    assert site.publisher.archive_page("/feeds/news/archive/4.atom") is None
    assert not list((tmp_path / "var/public/feeds/news/archive").glob("4.*"))
    assert "next-archive" not in links(site.body("/feeds/news/archive/3.atom"), "atom")


def test_an_edited_article_re_renders_only_its_page(tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    renders = Renders(monkeypatch)
    site.save(story(2, published=T0 + timedelta(days=30), content_html="<p>Corrected.</p>"))
    site.publish()
    assert sorted({u.removeprefix(BASE).split(".")[0] for u in renders.urls}) == [
        "", "/archive/1"]
    assert b"Corrected." in site.body("/feeds/news/archive/1.atom")


def test_an_article_joining_the_feed_in_an_old_page_cuts_the_pages_again(tmp_path):
    site = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 3\ncategories = ["world"]\n')
    late = T0 + timedelta(days=30)
    site.save(*(story(n, tags=("world",)) if n != 2 else story(2, published=late)
                for n in range(1, 9)))
    site.publish()
    assert titles(site, "/feeds/news/archive/1.atom") == ["Story 4", "Story 3", "Story 1"]
    # Story 2, the newest, is tagged "world" now: it shows first, and the pages shift.
    site.save(story(2, published=late, tags=("world",)))
    site.publish()
    assert titles(site, "/feeds/news/archive/1.atom") == ["Story 3", "Story 2", "Story 1"]
    assert titles(site, "/feeds/news/archive/2.atom") == ["Story 6", "Story 5", "Story 4"]


def test_an_article_leaving_the_feed_from_an_old_page_cuts_the_pages_again(tmp_path):
    site = Site(tmp_path, '[[feed]]\nname = "news"\nlimit = 3\ncategories = ["world"]\n')
    late = T0 + timedelta(days=30)
    site.save(*(story(n, tags=("world",), published=late if n == 2 else T0 + timedelta(hours=n))
                for n in range(1, 9)))
    site.publish()
    assert titles(site, "/feeds/news/archive/1.atom") == ["Story 3", "Story 2", "Story 1"]
    site.save(story(2, published=late, tags=("sport",)))  # the newest leaves the feed
    site.publish()
    assert titles(site, "/feeds/news.atom") == ["Story 8", "Story 7", "Story 6"]
    assert titles(site, "/feeds/news/archive/1.atom") == ["Story 4", "Story 3", "Story 1"]
    assert titles(site, "/feeds/news/archive/2.atom") == ["Story 7", "Story 6", "Story 5"]


def test_a_restart_renders_no_page_unless_its_file_is_gone(tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    renders = Renders(monkeypatch)
    (tmp_path / "var/public/feeds/news/archive/2.rss").unlink()
    again = Site(tmp_path, FEED, store=site.store)
    again.publish(force=True)
    archived = sorted(u.removeprefix(BASE) for u in renders.urls if "/archive/" in u)
    assert archived == [f"/archive/2.{fmt}" for fmt in ("atom", "json", "rss")]
    assert again.body("/feeds/news/archive/2.rss") == site.body("/feeds/news/archive/2.rss")


def test_a_changed_setting_renders_every_page_again(tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    renders = Renders(monkeypatch)
    again = Site(tmp_path, FEED.replace('name = "news"', 'name = "news"\ntitle = "Renamed"'),
                 store=site.store)
    again.publish(force=True)
    assert len([u for u in renders.urls if "/archive/" in u]) == 6
    assert parse(again.body("/feeds/news/archive/1.atom"), "atom").feed.title == "Renamed"


def test_archive_pages_are_files_served_with_their_own_date(tmp_path):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)
    resource = site.publisher.archive_page("/feeds/news/archive/2.atom")
    file = tmp_path / "var/public/feeds/news/archive/2.atom"
    assert resource.body == file.read_bytes()
    assert resource.last_modified == b"Wed, 01 May 2024 14:00:00 GMT"  # story 6's date
    assert (tmp_path / "var/public/feeds/news/archive/2.atom.gz").exists()
    assert site.publisher.archive_page("/feeds/news/archive/2.atom") is resource  # cached
    assert site.publisher.archive_page("/feeds/nope/archive/1.atom") is None
    assert site.publisher.archive_page("/feeds/news/archive/0.atom") is None


def keys(*pks: int, version: str = "v") -> list[tuple[int, str]]:
    return [(pk, version) for pk in pks]


def test_the_page_bookkeeping():
    arch = Archive.build(keys(1, 2, 4, 5, 7), limit=2).showing(keys(5, 4))  # 7 is not shown
    assert (arch.pages, arch.anchor, arch.tail, arch.rest) == (3, 5, ((7, "v"),), ((7, "v"),))
    assert [arch.page_of(pk) for pk in (1, 2, 4, 5, 7)] == [1, 1, 2, 2, None]
    assert [arch.after_pk(n) for n in (1, 2, 3)] == [0, 2, 5]
    assert Archive.build(keys(1, 2), limit=2).pages == 0  # one document holds them all
    assert arch.showing(keys(7, 5)).pages == 2  # 7 shown: no page of the rest
    grown = arch.extend(keys(7, 9, 11)).showing(keys(9, 7))  # the tail as the store has it
    assert (grown.pages, grown.anchor, grown.rest) == (4, 9, ((11, "v"),))
    assert grown.changed(arch) == {3, 4}  # page 3 filled, page 4 is new
    assert arch.extend(keys(7)).showing(keys(5, 4)).changed(arch) == set()
    assert arch.extend(keys(7)).showing(keys(7, 5)).changed(arch) == {2}  # page 3 went
    edited = arch.replace(1, keys(1, 2, version="w"))
    assert edited.changed(arch) == {1}
    assert edited.document("s", 1) != arch.document("s", 1)
    assert edited.document("s", 2) == arch.document("s", 2) != arch.document("t", 2)
    assert arch.replace(1, keys(1, 3)) is None  # an article joined or left: cut again


def test_a_publish_reports_its_progress_through_the_archive_pages(tmp_path):
    site = Site(tmp_path, FEED)
    site.save(*(story(n) for n in range(1, 10)))  # three full pages
    seen = []
    site.publisher.publish(force=True, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    seen.clear()
    site.save(story(10))  # no archive page changes
    site.publisher.publish(progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 0)]


def test_an_archived_story_edited_or_deleted_changes_its_page_at_the_next_rebuild(
        tmp_path, monkeypatch):
    site = Site(tmp_path, FEED)
    eight_stories_one_at_a_time(site)  # page 2 holds stories 4-6, shown nowhere else
    renders = Renders(monkeypatch)
    site.save(story(4, content_html="<p>Corrected.</p>"))
    site.publish()
    assert rendered_pages(renders) == ["/archive/2"]
    assert b"Corrected." in site.body("/feeds/news/archive/2.atom")
    slug = next(a.slug for a in site.store.latest(20) if a.title == "Story 5")
    assert site.store.delete(slug)
    site.publish()
    assert titles(site, "/feeds/news/archive/2.atom") == ["Story 7", "Story 6", "Story 4"]
    for path in ("/feeds/news.json", "/feeds/news/archive/1.json", "/feeds/news/archive/2.json"):
        assert "Story 5" not in titles(site, path)
