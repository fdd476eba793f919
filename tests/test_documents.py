"""`feeds.rendering.documents`: a document put together from entries rendered before is byte for
byte
the document rendered whole, whatever the articles hold and in whatever order they come, and
a document that must not be published is refused the same way."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import feedparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_feeds_hostile import ARTICLES, CHANNELS

from articles.model import Article, Takedown
from feeds.rendering import check, render
from feeds.rendering.documents import Documents

MAX = 10_000_000
FORMATS = list(render.RENDERERS)


def whole(fmt: str, channel: render.Channel, entries) -> bytes:
    return check.rendered(fmt, channel, entries, MAX)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    pool=st.lists(ARTICLES, min_size=1, max_size=6),
    picks=st.lists(st.lists(st.integers(0, 5), max_size=6), min_size=1, max_size=4),
    channels=st.lists(CHANNELS, min_size=4, max_size=4),
    size=st.integers(1, 12),
)
def test_spliced_documents_equal_whole_renders(pool, picks, channels, size):
    documents = Documents(MAX, size)
    for pick, channel in zip(picks, channels, strict=False):
        entries = [pool[i % len(pool)] for i in pick]
        for fmt in FORMATS:
            assert documents.render(fmt, channel, entries) == whole(fmt, channel, entries)


def story(n: int, **changes) -> Article:
    fields = dict(title=f"Story {n}", content_html=f"<p>Text of story {n}.</p>",
                  published=datetime(2024, 1, 1 + n, tzinfo=UTC), id=f"urn:uuid:{n:032x}",
                  slug=f"story-{n}")
    return Article(**(fields | changes))


CHANNEL = render.Channel("news", "News", "", "https://news.example.org/", pages=2)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_new_entry_and_a_new_head_go_around_the_entries_rendered_before(fmt):
    documents = Documents(MAX, 100)
    older = [story(n) for n in range(5, 0, -1)]
    documents.render(fmt, CHANNEL, older)
    newer = [story(6), *older[:-1]]
    later = render.Channel("news", "News", "", "https://news.example.org/", pages=3)
    body = documents.render(fmt, later, newer)
    assert body == whole(fmt, later, newer)
    assert b"archive/3." in body and b"Story 6" in body and b"Story 1<" not in body


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_edited_article_is_rendered_again(fmt):
    documents = Documents(MAX, 100)
    documents.render(fmt, CHANNEL, [story(2), story(1)])
    edited = story(1, content_html="<p>Corrected text.</p>",
                   updated=datetime(2024, 3, 1, tzinfo=UTC))
    body = documents.render(fmt, CHANNEL, [story(2), edited])
    assert b"Corrected text." in body and b"Text of story 1." not in body
    assert body == whole(fmt, CHANNEL, [story(2), edited])


@pytest.mark.parametrize("fmt", FORMATS)
def test_refused_like_the_whole_document(fmt):
    documents = Documents(MAX, 100)
    entries = [story(2), story(1)]
    documents.render(fmt, CHANNEL, entries)
    small = Documents(len(whole(fmt, CHANNEL, entries)) - 1, 100)
    small.render(fmt, CHANNEL, entries[:1])
    with pytest.raises(check.Failed, match="over the limit"):
        small.render(fmt, CHANNEL, entries)


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_entries_read_back_under_the_bare_root_as_in_the_whole_document(fmt):
    entries = [story(2, authors=("Jane Doe",), tags=("world",)), story(1)]
    whole_doc = render.RENDERERS[fmt](CHANNEL, entries)
    head, pieces, tail = render.split(fmt, whole_doc)
    bare = feedparser.parse(render.bare(fmt, head) + b"".join(pieces) + tail)
    full = feedparser.parse(whole_doc)
    assert not bare.bozo and bare.version == full.version
    def said(doc):
        return [(e.id, e.title, e.get("author"), e.content[0].value, e.published)
                for e in doc.entries]

    assert said(bare) == said(full) and len(said(full)) == 2
    assert "title" not in bare.feed  # the channel's own elements are not there


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20)


@given(value=JSON_VALUES)
def test_json_items_are_laid_out_as_json_dumps_indents_them(value):
    expected = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n    ")
    assert render._indented(value, "    ") == expected


GONE = Takedown("urn:uuid:00000000-0000-4000-8000-00000000000a", "gone", "Gone",
                 datetime(2024, 2, 1, tzinfo=UTC), "legal")
# Channels that set what only one format writes: icon and tombstones (Atom), image and ttl
# (RSS), and archive pages, whose history links differ by format.
SETTINGS = st.builds(
    render.Channel, key=st.just("news"), title=st.just("News"), description=st.just(""),
    base_url=st.just("https://news.example.org/"), hub=st.sampled_from(["", "https://hub.example/"]),
    page=st.integers(0, 2), pages=st.just(2),
    icon=st.sampled_from(["", "https://news.example.org/favicon.ico"]),
    logo=st.sampled_from(["", "https://news.example.org/logo.png"]), ttl=st.sampled_from([0, 5]),
    tombstones=st.sampled_from([(), (GONE,)]))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=st.lists(ARTICLES, max_size=3), channel=SETTINGS,
       order=st.permutations(["atom", "rss", "atom", "rss", "json"]))
def test_atom_and_rss_from_one_generator_are_those_rendered_apart(entries, channel, order):
    apart = [render.RENDERERS[fmt](channel, entries) for fmt in order]
    with render.shared_entries():
        together = [render.RENDERERS[fmt](channel, entries) for fmt in order]
    assert together == apart
