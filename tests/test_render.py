"""`feeds.rendering.render`: Atom, RSS and JSON Feed from `Article`s, read back with lxml and
feedparser."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta, timezone

import feedparser
import lxml.etree
import pytest

from articles.model import Article, Enclosure, Image
from articles.sanitize import html_to_text
from feeds.rendering import render
from feeds.rendering.render import Channel

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
MEDIA = "{http://search.yahoo.com/mrss/}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
BASE = "https://news.example.org/"


def channel(base_url: str = BASE, **kwargs) -> Channel:
    return Channel(key="news", title="Example News", description="The latest news",
                   base_url=base_url, **kwargs)


def article(n: int, **kwargs) -> Article:
    fields = {
        "id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        "slug": f"story-{n}",
        "title": f"Story number {n} happened today.",
        "content_html": f"<p>Story number {n} happened today.</p>\n<p>More about it.</p>",
        "summary": "More about it.",
        "published": datetime(2024, 5, n, 9, 30, tzinfo=UTC),
        "authors": ("Wire Desk",),
        "source": "Wire Desk",
        "cites": ("City Hall",),
    }
    return Article(**{**fields, **kwargs})


ENTRIES = [article(3), article(2, updated=datetime(2024, 5, 4, 12, 0, tzinfo=UTC)), article(1)]


def xml(body: bytes):
    return lxml.etree.fromstring(body)  # raises on anything not well-formed


def reader(body: bytes):
    doc = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert not doc.bozo, doc.get("bozo_exception")
    return doc


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_the_same_input_gives_the_same_bytes(fmt):
    make = render.RENDERERS[fmt]
    first = make(channel(), ENTRIES)
    copies = [article(3), article(2, updated=datetime(2024, 5, 4, 12, 0, tzinfo=UTC)), article(1)]
    assert make(channel(), copies) == first
    assert make(channel(), ENTRIES) == first


def test_the_feed_is_as_new_as_its_newest_entry():
    newest = datetime(2024, 5, 4, 12, 0, tzinfo=UTC)  # the second entry's edit
    assert render.updated(ENTRIES) == newest
    atom = xml(render.atom(channel(), ENTRIES))
    assert atom.findtext(f"{ATOM}updated") == "2024-05-04T12:00:00+00:00"
    rss = xml(render.rss(channel(), ENTRIES)).find("channel")
    assert rss.findtext("lastBuildDate") == "Sat, 04 May 2024 12:00:00 +0000"
    assert rss.findtext("pubDate") == "Sat, 04 May 2024 12:00:00 +0000"


def test_an_empty_feed_has_a_fixed_date_not_the_clock():
    atom = render.atom(channel(), [])
    assert xml(atom).findtext(f"{ATOM}updated") == "1970-01-01T00:00:00+00:00"
    assert render.atom(channel(), []) == atom
    reader(atom)
    assert reader(render.rss(channel(), [])).entries == []
    assert json.loads(render.json_feed(channel(), []))["items"] == []


def test_entry_dates_are_the_articles_own():
    atom = xml(render.atom(channel(), ENTRIES))
    entries = atom.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}published") for e in entries] == [
        "2024-05-03T09:30:00+00:00", "2024-05-02T09:30:00+00:00", "2024-05-01T09:30:00+00:00"
    ]
    # An entry without an explicit update is as new as its publication, never the build time.
    assert [e.findtext(f"{ATOM}updated") for e in entries] == [
        "2024-05-03T09:30:00+00:00", "2024-05-04T12:00:00+00:00", "2024-05-01T09:30:00+00:00"
    ]
    items = xml(render.rss(channel(), ENTRIES)).find("channel").findall("item")
    assert [i.findtext("pubDate") for i in items] == [
        "Fri, 03 May 2024 09:30:00 +0000",
        "Thu, 02 May 2024 09:30:00 +0000",
        "Wed, 01 May 2024 09:30:00 +0000",
    ]
    doc = json.loads(render.json_feed(channel(), ENTRIES))
    assert [i["date_published"] for i in doc["items"]] == [
        "2024-05-03T09:30:00+00:00", "2024-05-02T09:30:00+00:00", "2024-05-01T09:30:00+00:00"
    ]
    assert doc["items"][1]["date_modified"] == "2024-05-04T12:00:00+00:00"


def test_a_date_in_another_zone_keeps_its_instant():
    cest = timezone(timedelta(hours=2))
    a = article(1, published=datetime(2024, 5, 1, 11, 30, tzinfo=cest))
    entry = xml(render.atom(channel(), [a])).find(f"{ATOM}entry")
    published = datetime.fromisoformat(entry.findtext(f"{ATOM}published"))
    assert published == datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    item = reader(render.rss(channel(), [a])).entries[0]
    assert tuple(item.published_parsed)[:6] == (2024, 5, 1, 9, 30, 0)


def test_entries_keep_the_order_they_are_given():
    doc = reader(render.atom(channel(), ENTRIES))
    assert [e.link for e in doc.entries] == [f"{BASE}articles/story-{n}" for n in (3, 2, 1)]


def test_an_entry_without_authors_is_still_valid_atom():
    a = article(1, authors=(), source="", cites=())
    body = render.atom(channel(), [a])
    root = xml(body)
    assert root.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Example News"
    assert root.find(f"{ATOM}entry").find(f"{ATOM}author") is None
    doc = reader(body)
    assert doc.feed.author == "Example News"
    rss = xml(render.rss(channel(), [a])).find("channel/item")
    assert rss.find(f"{DC}creator") is None
    assert "authors" not in json.loads(render.json_feed(channel(), [a]))["items"][0]


def test_ids_do_not_depend_on_base_url():
    one, two = channel("http://127.0.0.1:8080/"), channel("https://news.example.org/wire/")
    assert one.id == two.id
    assert one.id.startswith("urn:uuid:")
    a1, a2 = (reader(render.atom(c, ENTRIES)) for c in (one, two))
    assert a1.feed.id == a2.feed.id == one.id
    assert [e.id for e in a1.entries] == [e.id for e in a2.entries] == [a.id for a in ENTRIES]
    r1, r2 = (reader(render.rss(c, ENTRIES)) for c in (one, two))
    assert [e.id for e in r1.entries] == [e.id for e in r2.entries] == [a.id for a in ENTRIES]
    assert all(e.guidislink is False for e in r1.entries)
    j1, j2 = (json.loads(render.json_feed(c, ENTRIES)) for c in (one, two))
    assert [i["id"] for i in j1["items"]] == [i["id"] for i in j2["items"]]
    # ...while every link follows the base URL
    assert [e.link for e in a2.entries] == [
        f"https://news.example.org/wire/articles/story-{n}" for n in (3, 2, 1)
    ]


def test_a_feed_id_is_its_key_alone():
    assert channel().id != Channel("tags/world", "Example News", "", BASE).id
    assert channel().id == Channel("news", "Other title", "other", "http://x.example/").id


def test_self_links_point_at_each_formats_own_url():
    atom = xml(render.atom(channel(), ENTRIES))
    links = {(ln.get("rel"), ln.get("type")): ln.get("href") for ln in atom.findall(f"{ATOM}link")}
    assert links == {
        ("self", "application/atom+xml"): f"{BASE}feeds/news.atom",
        ("alternate", "text/html"): BASE,
    }
    rss = xml(render.rss(channel(), ENTRIES)).find("channel")
    (self_link,) = rss.findall(f"{ATOM}link")
    assert dict(self_link.attrib) == {
        "href": f"{BASE}feeds/news.rss", "rel": "self", "type": "application/rss+xml"
    }
    assert rss.findtext("link") == BASE
    doc = json.loads(render.json_feed(channel(), ENTRIES))
    assert doc["feed_url"] == f"{BASE}feeds/news.json"
    assert doc["home_page_url"] == BASE


def test_attribution_in_every_format():
    a = article(
        1,
        authors=("Jane Doe", "John Roe"),
        source="Wire Desk",
        source_url="https://wire.example.com/",
        source_id="urn:uuid:1d4e0c3c-0000-4000-8000-000000000001",
        cites=("City Hall", "Port Authority"),
    )
    entry = reader(render.atom(channel(), [a])).entries[0]
    assert entry.authors == [{"name": "Jane Doe"}, {"name": "John Roe"}]
    assert entry.contributors == [{"name": "City Hall"}, {"name": "Port Authority"}]
    source = xml(render.atom(channel(), [a])).find(f"{ATOM}entry/{ATOM}source")
    assert source.findtext(f"{ATOM}id") == a.source_id
    assert source.findtext(f"{ATOM}title") == "Wire Desk"
    assert source.findtext(f"{ATOM}updated") == "2024-05-01T09:30:00+00:00"
    item = xml(render.rss(channel(), [a])).find("channel/item")
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Jane Doe", "John Roe"]
    assert [c.text for c in item.findall(f"{DC}contributor")] == ["City Hall", "Port Authority"]
    assert item.find("source").text == "Wire Desk"
    assert item.find("source").get("url") == "https://wire.example.com/"
    j = json.loads(render.json_feed(channel(), [a]))["items"][0]
    assert j["authors"] == [{"name": "Jane Doe"}, {"name": "John Roe"}]
    assert j["_source"] == {
        "name": "Wire Desk",
        "url": "https://wire.example.com/",
        "feed_id": a.source_id,
        "cites": ["City Hall", "Port Authority"],
    }


def test_content_is_html_with_its_type():
    atom = xml(render.atom(channel(), ENTRIES)).find(f"{ATOM}entry")
    content = atom.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == ENTRIES[0].content_html
    item = xml(render.rss(channel(), ENTRIES)).find("channel/item")
    assert item.findtext(f"{CONTENT}encoded") == ENTRIES[0].content_html
    assert item.findtext("description") == ENTRIES[0].summary


@pytest.mark.parametrize("body", ["", "  \n"])
def test_a_summary_only_story_has_its_summary_and_no_blank_content(body):
    """The W3C validator warns "content should not be blank": a story with a summary and no
    body gives no content element; its summary stands where readers look for the story."""
    a = article(1, content_html=body, summary="The harbour reopened on Monday.")
    atom = xml(render.atom(channel(), [a])).find(f"{ATOM}entry")
    assert atom.find(f"{ATOM}content") is None
    assert atom.findtext(f"{ATOM}summary") == "The harbour reopened on Monday."
    assert reader(render.atom(channel(), [a])).entries[0].summary == a.summary
    item = xml(render.rss(channel(), [a])).find("channel/item")
    assert item.find(f"{CONTENT}encoded") is None
    assert item.findtext("description") == "The harbour reopened on Monday."
    [entry] = json.loads(render.json_feed(channel(), [a]))["items"]
    assert "content_html" not in entry
    assert entry["content_text"] == entry["summary"] == "The harbour reopened on Monday."


def test_hostile_text_still_gives_well_formed_valid_feeds():
    a = article(
        1,
        title="Ctrl\x0b chars\x01 and ]]> in a <title> & more",
        content_html="<p>Broken ]]> markup\x0c<b>bold <i>both</p><p>&amp; \x1b escape</p>",
        summary="A summary with \x07 a bell ]]>",
        authors=("Name\x08 With Backspace",),
        tags=("world\x02",),
    )
    for fmt in ("atom", "rss"):
        body = render.RENDERERS[fmt](channel(), [a])
        xml(body)
        entry = reader(body).entries[0]
        assert entry.title == "Ctrl chars and ]]> in a <title> & more"
        assert "]]>" in html_to_text(entry.content[0].value)
    doc = json.loads(render.json_feed(channel(), [a]))
    assert doc["items"][0]["title"] == "Ctrl chars and ]]> in a <title> & more"  # same text


def test_a_websub_hub_is_advertised_in_every_format():
    hub = "https://hub.example.net/"
    atom = xml(render.atom(channel(hub=hub), ENTRIES))
    assert [ln.get("href") for ln in atom.findall(f"{ATOM}link[@rel='hub']")] == [hub]
    rss = xml(render.rss(channel(hub=hub), ENTRIES)).find("channel")
    assert [ln.get("href") for ln in rss.findall(f"{ATOM}link[@rel='hub']")] == [hub]
    assert json.loads(render.json_feed(channel(hub=hub), ENTRIES))["hubs"] == [
        {"type": "WebSub", "url": hub}
    ]
    assert xml(render.atom(channel(), ENTRIES)).findall(f"{ATOM}link[@rel='hub']") == []


def test_enclosures_in_every_format():
    enc = Enclosure(url="https://cdn.example.org/a.mp3", type="audio/mpeg", length=12345)
    a = article(1, enclosures=(enc,))
    atom = reader(render.atom(channel(), [a])).entries[0]
    assert [ln for ln in atom.links if ln.rel == "enclosure"] == [
        {"rel": "enclosure", "href": enc.url, "type": enc.type, "length": "12345"}
    ]
    rss = reader(render.rss(channel(), [a])).entries[0]
    assert rss.enclosures == [{"href": enc.url, "type": enc.type, "length": "12345"}]
    item = json.loads(render.json_feed(channel(), [a]))["items"][0]
    assert item["attachments"] == [{"url": enc.url, "mime_type": enc.type, "size_in_bytes": 12345}]


LEAD = Image(url="https://cdn.example.org/img/lock.jpg", width=1600, height=900,
             type="image/jpeg", length=182044, caption="The lock at dawn", credit="Anna de Vries")


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_the_lead_image_as_media_rss_and_an_enclosure(fmt):
    body = render.RENDERERS[fmt](channel(), [article(2, image=LEAD)])
    entry = reader(body).entries[0]
    assert entry.media_content == [{"url": LEAD.url, "medium": "image", "type": "image/jpeg",
                                    "width": "1600", "height": "900", "filesize": "182044"}]
    assert entry.media_thumbnail == [{"url": LEAD.url, "width": "1600", "height": "900"}]
    assert entry.media_credit == [{"content": "Anna de Vries"}]
    assert entry.enclosures == [{"href": LEAD.url, "type": "image/jpeg", "length": "182044"}]
    # The caption is the image's, not the entry's: summary and content stay the story's.
    assert entry.summary == "More about it."
    assert [c.value for c in entry.get("content", [])] in ([], [article(2).content_html])
    content = xml(body).find(f".//{MEDIA}content")
    assert content.findtext(f"{MEDIA}description") == "The lock at dawn"
    assert content.find(f"{MEDIA}description").get("type") == "plain"


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_an_image_without_a_known_length_is_no_enclosure(fmt):
    image = Image(url="https://cdn.example.org/img/ferry")  # no type, size or length known
    entry = reader(render.RENDERERS[fmt](channel(), [article(2, image=image)])).entries[0]
    assert entry.media_content == [{"url": image.url, "medium": "image"}]
    assert entry.media_thumbnail == [{"url": image.url}]
    assert entry.get("enclosures", []) == []
    # An image named .png with a length is an enclosure of type image/png.
    named = Image(url="https://cdn.example.org/img/ferry.png", length=5000)
    entry = reader(render.RENDERERS[fmt](channel(), [article(2, image=named)])).entries[0]
    assert entry.enclosures == [{"href": named.url, "type": "image/png", "length": "5000"}]


def test_a_lead_image_that_is_not_http_is_left_out():
    for url in ("javascript:alert(1)", "data:image/png;base64,AAAA", ""):
        bad = article(2, image=Image(url=url, caption="x"))
        for fmt in ("atom", "rss"):
            assert xml(render.RENDERERS[fmt](channel(), [bad])).find(f".//{MEDIA}content") is None
        assert "image" not in json.loads(render.json_feed(channel(), [bad]))["items"][0]


def test_json_feed_gives_the_lead_image():
    item = json.loads(render.json_feed(channel(), [article(2, image=LEAD)]))["items"][0]
    assert item["image"] == LEAD.url


def test_an_entry_says_its_language_in_atom():
    entries = [article(3, language="de"), article(2, language="en"), article(1),
               article(4, language="not a language <tag>")]
    root = xml(render.atom(channel(language="en"), entries))
    assert root.get(XML_LANG) == "en"
    # Always when known, so an entry's bytes are the same in every feed it is in.
    assert [e.get(XML_LANG) for e in root.iter(f"{ATOM}entry")] == ["de", "en", None, None]
    doc = reader(render.atom(channel(language="en"), entries))
    assert [e.title for e in doc.entries] == [a.title for a in entries]
    _, pieces, _ = render.split("atom", render.atom(channel(), entries))
    assert len(pieces) == 4 and pieces[0].startswith(b'\n  <entry xml:lang="de">')


def test_json_feed_is_version_1_1_with_the_fields_readers_need():
    doc = json.loads(render.json_feed(channel(), ENTRIES))
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["title"] == "Example News"
    assert doc["description"] == "The latest news"
    assert doc["language"] == "en"
    first = doc["items"][0]
    assert first["url"] == f"{BASE}articles/story-3"
    assert first["content_html"] == ENTRIES[0].content_html
    assert first["title"] == ENTRIES[0].title


def test_rss_has_no_image_without_a_logo_since_a_favicon_is_no_rss_image():
    with_icon = dataclasses.replace(channel(), icon="http://news.example/favicon.ico")
    assert lxml.etree.fromstring(render.rss(with_icon, [article(1)])).find("channel/image") is None
    with_logo = dataclasses.replace(with_icon, logo="http://news.example/logo.png")
    image = lxml.etree.fromstring(render.rss(with_logo, [article(1)])).find("channel/image")
    assert image.findtext("url") == "http://news.example/logo.png"
