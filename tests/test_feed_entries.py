"""Upstream feed documents into articles: the real-world files in tests/data/feeds/."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta, timezone

import pytest
from feed_server import FEEDS

from articles.model import Image, Rejected
from articles.parse.feed_entries import entry_dates, entry_key, read_feed, to_article

FEED_URL = "https://feeds.example.com/upstream.xml"
FIRST_SEEN = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)


def articles(name: str, source: str = "wire", categories: tuple[str, ...] = ("partner",)):
    path = FEEDS / name
    feed = read_feed(path.read_bytes(), "application/feed+json" if path.suffix == ".json" else "")
    found = []
    for entry in feed.entries:
        published, updated = entry_dates(entry, UTC)
        article = to_article(entry, feed, source_name=source, feed_url=FEED_URL,
                             categories=categories, published=published or FIRST_SEEN,
                             updated=updated)
        if article is not None:
            found.append(article)
    return feed, found


def test_rss2_with_dates_zones_authors_categories_and_enclosures():
    feed, (rutte, storm, markets) = articles("rss2-dated-wire-with-zones.xml")
    assert (feed.title, feed.problem) == ("World News | Wire & Partners", "")
    assert rutte.published == datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert rutte.updated is None
    assert rutte.authors == ("Anna de Vries",) and storm.authors == ("Ben Okafor",)
    assert markets.authors == ("World News | Wire & Partners",)  # no author: the outlet
    assert rutte.tags == ("Europe", "Politics", "partner")
    assert rutte.link == "https://wire.example.com/story/dutch-pm-resigns-12949363"
    assert rutte.enclosures[0].url == "https://media.wire.example.com/12949363.jpg"
    assert "<script" not in rutte.content_html
    assert 'href="https://feeds.example.com/story/background-1"' in rutte.content_html
    assert rutte.summary == "Mark Rutte says he will step down. Background"
    assert storm.title == 'Storm "Ciarán" hits the coast'
    assert (rutte.source, rutte.source_url, rutte.source_id, rutte.origin) == (
        "World News | Wire & Partners", FEED_URL, FEED_URL, "wire")
    assert rutte.language == "en-gb"


def test_lead_images_from_media_rss_thumbnails_and_image_enclosures():
    _, (lock, ferry, pier, retires) = articles("rss2-media-rss-images.xml")
    # The image among a video and an image; relative to the feed; its credit kept.
    assert lock.image == Image(url="https://feeds.example.com/img/lock-gates.jpg", width=1600,
                               height=900, type="image/jpeg", length=182044,
                               credit="Anna de Vries")
    assert ferry.image == Image(url="https://cdn.photos.example.com/ferry-thumb.png",
                                width=320, height=180)
    assert pier.image == Image(url="https://cdn.photos.example.com/pier.webp",
                               type="image/webp", length=40321)
    assert len(pier.enclosures) == 2  # the image enclosure stays one
    assert retires.image is None  # not an http(s) URL
    _, (wire, *_) = articles("rss2-dated-wire-with-zones.xml")
    assert wire.image == Image(url="https://media.wire.example.com/12949363.jpg",
                               type="image/jpeg", length=43210)
    _, (json_item,) = articles("jsonfeed-1.1-item-image.json")
    assert json_item.image == Image(url="https://cdn.photos.example.com/lock-gates.jpg")


def test_atom_html_titles_become_text_and_xml_base_resolves_links():
    feed, (bold, plain) = articles("atom-xml-base-html-content.xml")
    assert feed.title == "Notes & Queries"
    assert bold.title == "A bold claim & its evidence"
    assert plain.title == "Plain text title with <angle> brackets"  # type="text" stays text
    assert bold.link == "https://blog.example.net/2024/03/bold-claim.html"
    assert 'href="https://blog.example.net/2024/03/evidence.html"' in bold.content_html
    assert 'src="https://blog.example.net/img/chart.png"' in bold.content_html
    for hostile in ("onclick", "<iframe", "steal()"):
        assert hostile not in bold.content_html
    assert bold.summary == "A claim, and how to check it."
    assert bold.published == datetime(2024, 3, 2, 8, 0, tzinfo=UTC)
    assert bold.updated == datetime(2024, 3, 2, 9, 0, tzinfo=UTC)
    assert plain.published == datetime(2024, 2, 29, 2, 30, tzinfo=UTC)  # only <updated>
    assert plain.authors == ("Blog Editors",)  # the feed's author
    assert bold.tags == ("Science", "method", "partner")
    assert bold.source_id == "tag:blog.example.net,2024:feed"  # the feed's own atom:id


def test_rss1_rdf_with_dublin_core():
    feed, (vents, chemistry) = articles("rss1-rdf-dc-date.rdf")
    assert vents.published == datetime(2024, 3, 1, 3, 0, tzinfo=UTC)
    assert vents.authors == ("Yuki Tanaka",)
    assert vents.tags == ("Biology", "partner")
    assert chemistry.title == "海底熱水噴出孔の化学"
    assert chemistry.published == datetime(2024, 3, 2, tzinfo=UTC)
    assert feed.language == "ja"
    assert chemistry.link == "http://journal.example.jp/papers/102"


def test_json_feed():
    _, (episode, untitled) = articles("jsonfeed-1.1-relative-links.json")
    assert episode.title == "Episode 12: Feeds <3"
    assert 'href="https://pod.example.com/episodes/12/notes.html"' in episode.content_html
    assert episode.published == datetime(2024, 3, 1, 13, 0, tzinfo=UTC)
    assert episode.updated == datetime(2024, 3, 1, 14, 30, tzinfo=UTC)
    assert episode.authors == ("Dana Li",) and untitled.authors == ("Pod Team",)
    assert episode.tags == ("podcast", "feeds", "partner")
    assert episode.enclosures[0].length == 123456
    assert episode.source_id == "https://pod.example.com/feed.json"
    assert untitled.title == "A text-only item. It has two paragraphs & no title."
    assert untitled.content_html.count("<p>") == 2


def test_undated_entries_without_guids_take_the_date_given_them():
    feed, found = articles("rss2-undated-items-no-guid.xml")
    assert [entry_dates(e, UTC) for e in feed.entries] == [(None, None)] * 3
    assert {a.published for a in found} == {FIRST_SEEN}
    assert [entry_key(e) for e in feed.entries] == [
        "http://council.example.org/notices/mill-lane", "notice-0042", "notices/bins"]
    assert "Café" in found[0].content_html  # declared ISO-8859-1
    assert found[1].link == ""  # a guid marked isPermaLink="false" is no link
    assert found[2].title.startswith("A notice with no title at all")


def test_a_half_broken_feed_keeps_the_entries_recovered_before_the_break():
    feed, found = articles("rss2-half-broken-truncated.xml")
    assert "not well-formed XML" in feed.problem
    assert [a.title for a in found] == ["Bridge reopens after repairs",
                                        "Fish & chips shop wins award"]


@pytest.mark.parametrize("name, reason", [
    ("billion-laughs-entities.xml", "declares XML entities"),
    ("xxe-external-entity.xml", "declares XML entities"),
    ("html-page-not-a-feed.html", "HTML page, not a feed"),
])
def test_hostile_and_wrong_documents_are_refused(name, reason):
    started = time.monotonic()
    with pytest.raises(Rejected, match=reason):
        read_feed((FEEDS / name).read_bytes())
    assert time.monotonic() - started < 1


def test_entities_are_found_in_utf16_too():
    data = (FEEDS / "billion-laughs-entities.xml").read_text().replace(
        '<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>').encode("utf-16")
    with pytest.raises(Rejected, match="declares XML entities"):
        read_feed(data)


@pytest.mark.parametrize("body, content_type, reason", [
    (b"\x89PNG\r\n\x1a\n\x00\x00garbage", "image/png", "not an RSS, Atom or JSON feed"),
    (b"", "", "not an RSS, Atom or JSON feed"),
    (b'{"items": []}', "application/json", "not a JSON Feed"),
    (b"{not json", "application/json", "not valid JSON"),
])
def test_garbage_is_refused(body, content_type, reason):
    with pytest.raises(Rejected, match=reason):
        read_feed(body, content_type)


def test_ids_are_stable_and_namespaced_by_source():
    _, first = articles("rss2-dated-wire-with-zones.xml", source="wire")
    _, again = articles("rss2-dated-wire-with-zones.xml", source="wire")
    _, other = articles("rss2-dated-wire-with-zones.xml", source="mirror")
    assert [a.id for a in first] == [a.id for a in again]
    assert not {a.id for a in first} & {a.id for a in other}
    assert all(a.id.startswith("urn:uuid:") for a in first)
