"""Property: whatever an `Article` holds (any unicode, control characters and lone
surrogates included, `]]>`, stray `&`, scripts, broken markup, junk URLs and ids, dates in any
zone, lead images of any kind), every format renders a document that passes `feeds.rendering.check`,
parses with lxml and feedparser (bozo false) or json, keeps the id, and carries only clean
markup with absolute URLs."""

from __future__ import annotations

import json
from datetime import datetime

import lxml.etree
import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_feeds_publish import parse

from articles.model import Article, Enclosure, Image
from articles.sanitize import clean_html, clean_text, has_text, html_to_text, xml_safe
from feeds.rendering import check, clean, render

NASTY = [
    "]]>", "<![CDATA[", "]]", "&", "&amp;", "&#0;", "&#xD800;", "&bogus;", "& ;", "<", ">",
    "<script>alert(1)</script>", "<b><i>", "</p>", "<p", "<!--", "-->", '"', "'", "\x00",
    "\x0b", "\x1b", "\x7f", "\x85", "\u2028", "\ud800", "\udfff", "\ufffe", "\uffff", "\U0001f600",
    "<a href='/relative'>x</a>", "<img src=x onerror=y()>", "<a href='javascript:x()'>j</a>",
    "<a href='http://[broken'>b</a>", "<style>p{}</style>", "<iframe src=//evil>", "\r\n", "\t",
]
TEXT = st.lists(
    st.one_of(st.text(st.characters(exclude_categories=()), max_size=12), st.sampled_from(NASTY)),
    max_size=8,
).map("".join)
URL = st.one_of(TEXT, st.sampled_from([
    "https://ok.example/a b?x=1&y=<2>", "/relative/path", "http://[broken", "javascript:x()", "",
    "https://ok.example/ünïcode", "//host.example/p", "mailto:x@example.org",
]))
WHEN = st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 1, 1),
                    timezones=st.timezones())
ARTICLES = st.builds(
    Article,
    title=TEXT,
    content_html=TEXT,
    published=WHEN,
    summary=TEXT,
    updated=st.none() | WHEN,
    id=st.one_of(st.uuids().map(lambda u: f"urn:uuid:{u}"),
                 TEXT.map(lambda t: "urn:x:" + "".join(t.split()) + "1")),
    slug=st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,12}){0,3}", fullmatch=True),
    authors=st.lists(TEXT, max_size=3).map(tuple),
    source=TEXT,
    source_url=URL,
    cites=st.lists(TEXT, max_size=2).map(tuple),
    link=URL,
    tags=st.lists(TEXT, max_size=3).map(tuple),
    language=TEXT | st.sampled_from(["de", "en-GB", "fr"]),
    image=st.none() | st.builds(Image, url=URL, width=st.integers(-5, 5000),
                                height=st.integers(-5, 5000),
                                type=TEXT | st.just("image/jpeg"),
                                length=st.integers(-5, 10**9), caption=TEXT, credit=TEXT),
    enclosures=st.lists(st.builds(Enclosure, url=URL, type=TEXT,
                                  length=st.integers(-5, 10**9)), max_size=2).map(tuple),
    source_id=URL,
)
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
UNSAFE = "//script | //style | //iframe | //@*[starts-with(name(), 'on')]"
CHANNELS = st.sampled_from([
    render.Channel("news", "News <&> ]]>", "", "https://news.example.org/"),
    render.Channel("tags/a b&c", "Tag", "d", "http://127.0.0.1:8080/", hub="https://hub.example/",
                   page=2, pages=3),
])


def published(fmt: str, body: bytes) -> list[tuple[str, str]]:
    """(id, content HTML) of each entry, exactly as the document says (feedparser re-decodes
    some text it takes for mis-encoded, so it only has to read the documents, bozo-free)."""
    parse(body, fmt)
    if fmt == "json":
        return [(i["id"], i.get("content_html", "")) for i in json.loads(body)["items"]]
    root = lxml.etree.fromstring(body)
    if fmt == "atom":
        return [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}content") or "")
                for e in root.iter(f"{ATOM}entry")]
    return [(i.findtext("guid"), i.findtext(f"{CONTENT}encoded") or "") for i in root.iter("item")]


# nh3 reports, and drops, attributes whose URL urljoin cannot read ("http://[broken").
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CHANNELS, st.lists(ARTICLES, min_size=1, max_size=3))
def test_any_article_renders_a_valid_document_in_every_format(channel, articles):
    safe = [clean.safe(a, channel.base_url) for a in articles]
    for fmt, make in render.RENDERERS.items():
        body = make(channel, articles)
        assert check.problem(fmt, body, max_bytes=10**7) is None, body
        assert published(fmt, body) == [(a.id, a.content_html if a.content_html.strip() else "")
                                        for a in safe]
        for article in safe:
            markup = lxml.html.fromstring(f"<div>{article.content_html}</div>")
            assert not markup.xpath(UNSAFE)
            for url in markup.xpath("//@href | //@src"):
                assert url.startswith(("https://", "http://", "mailto:")), url


SPACES_AND_CONTROLS = " \t\n\x0b\x1f\x85\xa0\u2028\u3000\ud800\ufffeab"


@settings(max_examples=500)
@given(st.text(st.characters(exclude_categories=())) | st.text(SPACES_AND_CONTROLS))
def test_text_is_cleaned_the_same_whether_or_not_it_needed_it(text):
    assert clean._text(text) == clean_text(clean._C1.sub("", text))


@settings(max_examples=500)
@given(st.text(st.characters(exclude_categories=())) | st.text(SPACES_AND_CONTROLS))
def test_clean_text_gives_the_words_of_the_text_without_what_xml_forbids(text):
    """Its shortcut for text with nothing to remove gives what the long way gives."""
    assert clean_text(text) == " ".join(xml_safe(text).split())


BODY_PIECES = [*NASTY, "<p>", "</p>", " ", "\xa0", "&nbsp;", "&#160;", "word", "<br>",
               "<img alt='a > b' src='https://example.com/a.jpg'>", "<figure>", "<figcaption>",
               "<a href='https://example.com/?a=1&b=2'>", "</a>", "&lt;", "&gt;"]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(BODY_PIECES), max_size=12).map("".join))
def test_a_sanitized_body_has_text_exactly_when_its_words_are_not_empty(markup):
    cleaned = clean_html(markup)
    assert has_text(cleaned) == bool(html_to_text(cleaned))
