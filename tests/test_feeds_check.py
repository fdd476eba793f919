"""`feeds.rendering.check`: what keeps a rendered document from being published, one case a line."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from articles.model import Article
from feeds.rendering import check, render

ATOM = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom"><id>{id}</id><title>T</title>
<updated>{date}</updated><author><name>A</name></author>
<link href="{link}" rel="self"/>
<entry><id>urn:uuid:00000000-0000-4000-8000-000000000001</id><title>E</title>
<updated>2024-05-01T09:30:00+00:00</updated><link href="https://x.example/a"/></entry></feed>"""
RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss version="2.0"><channel><title>T</title><link>{link}</link><description>D</description>
<lastBuildDate>{date}</lastBuildDate>
<item><title>E</title><guid isPermaLink="false">{id}</guid>
<enclosure url="{enclosure}" length="1" type="audio/mpeg"/></item></channel></rss>"""
GOOD_ATOM = {"id": "urn:uuid:0f3c8e38-57a1-4a43-a1c5-0a9a3c6f2b64",
             "date": "2024-05-01T09:30:00+00:00", "link": "https://x.example/feed.atom"}
GOOD_RSS = {"id": "tag:x.example,2024:1", "date": "Wed, 01 May 2024 09:30:00 +0000",
            "link": "https://x.example/", "enclosure": "https://cdn.example/a.mp3"}


def atom(**changes) -> bytes:
    return ATOM.format(**{**GOOD_ATOM, **changes}).encode()


def rss(**changes) -> bytes:
    return RSS.format(**{**GOOD_RSS, **changes}).encode()


def jsonfeed(**item) -> bytes:
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "T",
           "feed_url": "https://x.example/feed.json",
           "items": [{"id": "urn:x:1", "url": "https://x.example/a",
                      "date_published": "2024-05-01T09:30:00+00:00", **item}]}
    return json.dumps(doc).encode()


@pytest.mark.parametrize(("fmt", "body", "why"), [
    ("atom", atom(), None),
    ("rss", rss(), None),
    ("json", jsonfeed(), None),
    ("rss", rss(date="Wed, 01 May 2024 09:30:00 GMT"), None),
    ("atom", atom()[:-10], "is not well-formed XML"),
    ("atom", atom(id="news"), "has a relative URL or id in <id>: 'news'"),
    ("atom", atom(link="/feeds/news.atom"), "has a relative URL in <link href>"),
    ("atom", atom(link="https:///no-host"), "has a relative URL in <link href>"),
    ("atom", atom(date="2024-05-01T09:30:00"), "has a date without a time zone in <updated>"),
    ("atom", atom(date="yesterday"), "has a date without a time zone in <updated>"),
    ("rss", rss(link="index.html"), "has a relative URL or id in <link>"),
    ("rss", rss(id="1234"), "has a relative URL or id in <guid>"),
    ("rss", rss(enclosure="a.mp3"), "has a relative URL in <enclosure url>"),
    ("rss", rss(date="Wed, 01 May 2024 09:30:00"), "has a date without a time zone"),
    ("rss", b'<!DOCTYPE rss [<!ENTITY x "y">]>' + rss()[rss().index(b"<rss"):],
     "does not read back with feedparser"),
    ("atom", rss(), "reads back as rss20, not atom"),
    ("json", b"{", "is not valid JSON"),
    ("json", b'{"version": "1"}', "is not a JSON Feed"),
    ("json", jsonfeed(url="/articles/a"), "has a relative URL or id in url: '/articles/a'"),
    ("json", jsonfeed(attachments=[{"url": "a.mp3"}]), "has a relative URL or id in attach"),
    ("json", jsonfeed(date_modified="2024-05-01"), "has a date without a time zone in date_m"),
])
def test_problem(fmt, body, why):
    found = check.problem(fmt, body, max_bytes=100_000)
    assert (found is None) if why is None else (found or "").startswith(why), found


def test_the_size_limit():
    assert check.problem("atom", atom(), max_bytes=len(atom())) is None
    assert check.problem("atom", atom(), max_bytes=100) == (
        f"is {len(atom()):,} bytes, over the limit of 100")


def test_a_failing_document_names_the_articles_that_fail_alone():
    def article(n: int, size: int) -> Article:
        return Article(title=f"Story {n}", content_html="<p>" + "x" * size + "</p>",
                       published=datetime(2024, 5, n, tzinfo=UTC), slug=f"story-{n}",
                       id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}")

    channel = render.Channel("news", "News", "", "https://news.example.org/")
    entries = [article(1, 100), article(2, 9000), article(3, 100)]
    assert check.rendered("atom", channel, entries[:1], 6000).startswith(b"<?xml")
    with pytest.raises(check.Failed) as failed:
        check.rendered("atom", channel, entries, 6000)
    assert str(failed.value).startswith("https://news.example.org/feeds/news.atom is ")
    assert str(failed.value).endswith("over the limit of 6,000, because of article(s) story-2")
