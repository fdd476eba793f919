"""Query parameters on feed URLs (`?limit=N`, `?q=text`, `?category=name`), on the real
running service: each distinct query rendered once per revision, with the same conditional
GET rules as the published documents, and 400 for a value a feed URL does not take."""

from __future__ import annotations

import gzip
import json

import feedparser
import httpx
import pytest
from live import LiveService

TOKEN = "query-test-token-0123456789"
STORIES = [
    ("Harbour reopens after repairs", "2024-03-01T09:30:00Z", ["world", "Europe"]),
    ("Election results are in", "2024-03-02T09:30:00Z", ["world", "politics"]),
    ("Local team wins the cup", "2024-03-03T09:30:00Z", ["sport"]),
    ("Harbour strike ends", "2024-03-04T09:30:00Z", ["business", "Europe"]),
    ("Budget passes parliament", "2024-03-05T09:30:00Z", ["politics"]),
]
EXTRA = f"""[api]
tokens = ["{TOKEN}"]

[[feed]]
name = "news"
title = "News"
limit = 4

[[feed]]
name = "europe"
title = "Europe"
categories = ["europe"]
"""


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("queries"), EXTRA) as service:
        for title, date, tags in STORIES:
            response = httpx.post(
                service.url("/api/articles"), timeout=10,
                headers={"Authorization": f"Bearer {TOKEN}"},
                json={"title": title, "date": date, "author": "Desk", "tags": tags,
                      "content": f"{title}. More text about it follows here."},
            )
            assert response.status_code in (200, 201), response.text
        service.wait_for("/feeds/news.json",
                         lambda r: b"Budget passes" in r.content and b"Harbour strike" in r.content)
        yield service


def titles(svc, url: str, fmt: str = "atom", **kwargs) -> list[str]:
    response = svc.get(url, **kwargs)
    assert response.status_code == 200, response.text
    if fmt == "json":
        return [item["title"] for item in json.loads(response.content)["items"]]
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.bozo_exception
    return [e.title for e in parsed.entries]


def test_without_a_query_the_published_document(svc):
    assert len(titles(svc, "/feeds/news.atom")) == 4
    plain = svc.get("/feeds/news.atom")
    assert plain.content == (svc.output / "feeds" / "news.atom").read_bytes()


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_limit(svc, fmt):
    assert titles(svc, f"/feeds/news.{fmt}?limit=2", fmt) == [
        "Budget passes parliament", "Harbour strike ends"]
    assert len(titles(svc, f"/feeds/news.{fmt}?limit=500", fmt)) == 5  # beyond the feed's 4


def test_q_searches_title_and_text_ignoring_case(svc):
    assert titles(svc, "/feeds/news.atom?q=HARBOUR") == [
        "Harbour strike ends", "Harbour reopens after repairs"]
    assert titles(svc, "/feeds/news.atom?q=harbour+strike") == ["Harbour strike ends"]
    assert titles(svc, "/feeds/news.atom?q=nothing-like-this") == []


def test_category_and_combinations(svc):
    assert titles(svc, "/feeds/news.rss?category=politics", "rss") == [
        "Budget passes parliament", "Election results are in"]
    assert titles(svc, "/feeds/news.rss?category=Politics&limit=1", "rss") == [
        "Budget passes parliament"]
    assert titles(svc, "/feeds/news.atom?category=world&q=election&limit=3") == [
        "Election results are in"]
    # a feed of its own categories, narrowed to another category: both must hold
    assert titles(svc, "/feeds/europe.atom?category=business") == ["Harbour strike ends"]
    assert titles(svc, "/feeds/europe.atom?category=sport") == []


def test_a_query_document_says_where_it_is(svc):
    body = svc.get("/feeds/news.atom?q=harbour&limit=2").content
    parsed = feedparser.parse(body)
    self_link = next(link.href for link in parsed.feed.links if link.rel == "self")
    assert self_link == svc.url("/feeds/news.atom?limit=2&q=harbour")
    plain = feedparser.parse(svc.get("/feeds/news.atom").content)
    assert parsed.feed.id != plain.feed.id
    doc = json.loads(svc.get("/feeds/news.json?limit=1").content)
    assert doc["feed_url"] == svc.url("/feeds/news.json?limit=1")


def test_the_same_query_written_differently_is_the_same_document(svc):
    one = svc.get("/feeds/news.atom?q=harbour&limit=2")
    two = svc.get("/feeds/news.atom?limit=2&q=%20Harbour%20&utm_source=x")
    assert one.content == two.content
    assert one.headers["etag"] == two.headers["etag"]


def test_unknown_parameters_alone_give_the_published_document(svc):
    busted = svc.get("/feeds/news.atom?_=12345")
    assert busted.content == svc.get("/feeds/news.atom").content
    assert busted.headers["etag"] == svc.get("/feeds/news.atom").headers["etag"]


def test_conditional_get_head_and_gzip(svc):
    url = "/feeds/news.atom?category=world"
    first = svc.get(url)
    assert first.status_code == 200
    assert first.headers["cache-control"] == "public, max-age=300"
    assert "last-modified" in first.headers
    again = svc.get(url, headers={"if-none-match": first.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")
    since = svc.get(url, headers={"if-modified-since": first.headers["last-modified"]})
    assert since.status_code == 304
    head = httpx.head(svc.url(url), timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == first.headers["etag"]
    assert head.headers["content-length"] == first.headers["content-length"]
    with httpx.Client(headers={"accept-encoding": "gzip"}) as client:
        raw = client.build_request("GET", svc.url(url))
        response = client.send(raw, stream=True)
        wire = b"".join(response.iter_raw())
        response.close()
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(wire) == first.content


@pytest.mark.parametrize("query", [
    "limit=0", "limit=501", "limit=ten", "limit=", "limit=-1", "limit=%EF%BC%91",
    "limit=1&limit=2", "q=%FF", "q=" + "x" * 201, "category=a%00b",
])
def test_an_invalid_value_is_400_with_one_line(svc, query):
    response = svc.get(f"/feeds/news.atom?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.endswith("\n") and response.text.count("\n") == 1
    assert response.text.startswith("Bad query: ")


def test_a_query_on_an_unknown_feed_is_404(svc):
    assert svc.get("/feeds/nosuch.atom?limit=2").status_code == 404
    assert svc.get("/feeds/news.xml?limit=2").status_code == 404


def test_a_new_article_shows_in_the_query_document(svc):
    url = "/feeds/news.atom?q=harbour"
    before = svc.get(url)
    response = httpx.post(
        svc.url("/api/articles"), timeout=10, headers={"Authorization": f"Bearer {TOKEN}"},
        json={"title": "Harbour gets a new crane", "date": "2024-03-06T09:30:00Z",
              "author": "Desk", "tags": ["business"], "content": "A new crane. Text."},
    )
    assert response.status_code in (200, 201), response.text
    after = svc.wait_for(url, lambda r: b"new crane" in r.content)
    assert after.headers["etag"] != before.headers["etag"]
    stale = svc.get(url, headers={"if-none-match": before.headers["etag"]})
    assert stale.status_code == 200
