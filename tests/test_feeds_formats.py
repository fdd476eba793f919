"""What each format carries for an upstream-like article: RSS 2.0 complete (atom:link self,
dc:creator, content:encoded beside a plain description, category, source, enclosure), Atom
with the original's link and a complete atom:source, and content made safe and absolute."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import lxml.etree
import lxml.html

from articles.model import Article, Enclosure
from feeds.rendering import clean, render

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
CHANNEL = render.Channel("news", "Example News", "", "https://news.example.org/")
UPSTREAM = Article(
    id="urn:uuid:e9ef7b16-5a8b-573c-9ade-648b75d6c3ba",
    slug="2024-03-01-dutch-pm-resigns",
    title="Dutch PM resigns <after> coalition & talks collapse",
    content_html='<p>Rutte <a href="/story/background">steps down</a>.<script>x()</script>'
                 '<img src="img/rutte.jpg" onerror="y()"></p>',
    summary="Rutte steps down <for now> & more.",
    published=datetime(2024, 3, 1, 9, 0, tzinfo=UTC),
    authors=("Anna de Vries", "Ben Okafor"),
    cites=("Reuters",),
    source="World News | Wire & Partners",
    source_url="https://wire.example.com/feed.xml",
    source_id="https://wire.example.com/feed.xml",
    link="https://wire.example.com/news/dutch-pm-resigns",
    tags=("Europe", "Politics"),
    enclosures=(Enclosure("https://cdn.example.com/rutte.jpg", "image/jpeg", 4567),
                Enclosure("/audio/rutte.mp3", "audio/mpeg", 0)),
)


def test_an_rss_item_has_everything_a_reader_looks_for():
    body = render.rss(CHANNEL, [UPSTREAM])
    channel = lxml.etree.fromstring(body).find("channel")
    self_link = channel.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://news.example.org/feeds/news.rss"
    assert channel.findtext("lastBuildDate") == "Fri, 01 Mar 2024 09:00:00 +0000"
    item = channel.find("item")
    assert item.findtext("title") == "Dutch PM resigns <after> coalition & talks collapse"
    assert item.findtext("link") == "https://news.example.org/articles/2024-03-01-dutch-pm-resigns"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.findtext("guid") == UPSTREAM.id
    assert item.findtext("pubDate") == "Fri, 01 Mar 2024 09:00:00 +0000"
    assert [c.text for c in item.findall(f"{DC}creator")] == ["Anna de Vries", "Ben Okafor"]
    assert [c.text for c in item.findall("category")] == ["Europe", "Politics"]
    assert item.find("source").get("url") == UPSTREAM.source_url
    assert item.findtext("source") == UPSTREAM.source
    enclosure = item.find("enclosure")
    assert dict(enclosure.attrib) == {"url": "https://cdn.example.com/rutte.jpg",
                                      "length": "4567", "type": "image/jpeg"}
    # The description is the plain summary, escaped as the HTML readers take it for.
    assert item.findtext("description") == "Rutte steps down &lt;for now&gt; &amp; more."
    full = lxml.html.fragment_fromstring(item.findtext(f"{CONTENT}encoded"), create_parent=True)
    assert full.text_content() == "Rutte steps down."
    # RSS Best Practices: "<", and "&" before what could be a reference, in hexadecimal.
    assert b"resigns &#x3C;after&gt; coalition &amp; talks" in body
    assert b"&#x3C;p&gt;Rutte" in body
    entry = feedparser.parse(body).entries[0]
    assert entry.title == UPSTREAM.title
    assert entry.source == {"href": UPSTREAM.source_url, "title": UPSTREAM.source}


def test_content_is_sanitized_and_its_urls_absolute_on_the_articles_own_link():
    for fmt in ("atom", "rss", "json"):
        body = render.RENDERERS[fmt](CHANNEL, [UPSTREAM])
        if fmt == "json":
            html = json.loads(body)["items"][0]["content_html"]
        else:
            html = feedparser.parse(body, sanitize_html=False).entries[0].content[0].value
        assert "script" not in html and "onerror" not in html
        fragment = lxml.html.fragment_fromstring(html, create_parent=True)
        assert [a.get("href") for a in fragment.iter("a")] == [
            "https://wire.example.com/story/background"]
        assert [i.get("src") for i in fragment.iter("img")] == [
            "https://wire.example.com/news/img/rutte.jpg"]


def test_without_a_link_of_its_own_content_resolves_on_the_site():
    a = Article(title="Local", content_html='<p><a href="/about">About</a></p>',
                published=datetime(2024, 3, 1, tzinfo=UTC), slug="local", id="urn:x:1",
                enclosures=(Enclosure("media/a b.mp3", "audio/mpeg", 10),))
    doc = json.loads(render.json_feed(CHANNEL, [a]))["items"][0]
    assert doc["content_html"] == (
        '<p><a href="https://news.example.org/about" rel="noopener noreferrer">About</a></p>')
    assert doc["attachments"] == [{"url": "https://news.example.org/media/a%20b.mp3",
                                   "mime_type": "audio/mpeg", "size_in_bytes": 10}]


def test_atom_credits_the_original_and_its_source():
    entry = lxml.etree.fromstring(render.atom(CHANNEL, [UPSTREAM])).find(f"{ATOM}entry")
    links = {(ln.get("rel"), ln.get("href")) for ln in entry.findall(f"{ATOM}link")}
    assert links == {
        (None, "https://news.example.org/articles/2024-03-01-dutch-pm-resigns"),
        ("related", UPSTREAM.link),
        ("enclosure", "https://cdn.example.com/rutte.jpg"),
        ("enclosure", "https://wire.example.com/audio/rutte.mp3"),
    }
    source = entry.find(f"{ATOM}source")
    assert source.findtext(f"{ATOM}id") == UPSTREAM.source_id
    assert source.findtext(f"{ATOM}updated") == "2024-03-01T09:00:00+00:00"
    assert [c.findtext(f"{ATOM}name") for c in entry.findall(f"{ATOM}contributor")] == ["Reuters"]
    assert entry.find(f"{ATOM}summary").get("type") is None  # plain text


def test_a_tag_with_spaces_gets_a_well_formed_self_link():
    channel = render.Channel("tags/new york", "NY", "", "https://news.example.org/")
    root = lxml.etree.fromstring(render.atom(channel, [UPSTREAM]))
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == (
        "https://news.example.org/feeds/tags/new%20york.atom")


def test_an_id_that_is_not_a_uri_becomes_the_same_urn_every_time():
    odd = [Article(title="T", content_html="", published=datetime(2024, 3, 1, tzinfo=UTC),
                   slug="t", id=i) for i in ("urn:\x85", "http://[broken", "1234")]
    ids = [clean.safe(a, CHANNEL.base_url).id for a in odd]
    assert all(i.startswith("urn:uuid:") for i in ids) and len(set(ids)) == 3
    assert ids == [clean.safe(a, "http://elsewhere.example/").id for a in odd]
    assert clean.safe(UPSTREAM, CHANNEL.base_url).id == UPSTREAM.id
