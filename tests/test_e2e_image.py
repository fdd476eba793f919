"""The lead image and the language, end to end on the real running newsfeed: an `image` key in
front matter (a table), in a JSON file (a URL) and in an API body, read back from the served
Atom and RSS by feedparser (Media RSS, enclosures), from the JSON Feed, the article page
(og:image), the home page and the browser view of a feed (thumbnails)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import httpx
import lxml.etree
import lxml.html
import pytest
from live import LiveService

TOKEN = "image-test-token-0123456789abcdef"
NAVIGATE = {"Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"}
LOCK = "https://cdn.news.example/img/lock.jpg"
FERRY = "https://cdn.news.example/img/ferry.png"
PIER = "https://cdn.news.example/img/pier.webp"
HARBOUR_MD = f"""---
title: Die Schleuse ist wieder offen
date: 2024-03-01T09:30:00Z
author: Jana Schmidt
language: de
image:
  url: {LOCK}
  width: 1600
  height: 900
  type: image/jpeg
  length: 182044
  caption: The northern lock at dawn
  credit: Port Authority
---
Die nördliche Schleuse ist seit Montag wieder in Betrieb.
"""
FERRY_JSON = {"title": "Ferry strike ends", "date": "2024-03-02T09:30:00Z",
              "author": "John Roe", "image": FERRY,
              "content": "The ferry crews went back to work."}


def drop(svc: LiveService, name: str, text: str) -> None:
    staging = svc.root / name  # renamed in whole: never read half-written
    staging.write_text(text, encoding="utf-8")
    staging.rename(svc.inbox / name)


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    root: Path = tmp_path_factory.mktemp("image")
    with LiveService(root, f'[api]\ntokens = ["{TOKEN}"]\n') as svc:
        drop(svc, "harbour.md", HARBOUR_MD)
        drop(svc, "ferry.json", json.dumps(FERRY_JSON))
        posted = httpx.post(svc.url("/api/articles"), headers={
            "Authorization": f"Bearer {TOKEN}"}, timeout=10, json={
            "title": "Storm closes the pier", "date": "2024-03-03T09:30:00Z",
            "content": "Waves over the pier.",
            "image": {"url": PIER, "width": 800, "height": 600, "caption": "Waves"}})
        assert posted.status_code == 201, posted.text
        assert posted.json()["article"]["image"] == PIER  # the API returns it
        svc.wait_for("/feeds/news.json", lambda r: r.content.count(b'"image"') == 3)
        yield svc


def entries(svc: LiveService, fmt: str) -> dict[str, feedparser.FeedParserDict]:
    doc = feedparser.parse(svc.get(f"/feeds/news.{fmt}").content)
    assert not doc.bozo, doc.bozo_exception
    return {e.title: e for e in doc.entries}


@pytest.mark.parametrize("fmt", ["atom", "rss"])
def test_feed_readers_find_the_image_as_media_rss_and_an_enclosure(svc, fmt):
    found = entries(svc, fmt)
    harbour = found["Die Schleuse ist wieder offen"]
    assert harbour.media_content == [{"url": LOCK, "medium": "image", "type": "image/jpeg",
                                      "width": "1600", "height": "900", "filesize": "182044"}]
    assert harbour.media_thumbnail == [{"url": LOCK, "width": "1600", "height": "900"}]
    assert harbour.media_credit == [{"content": "Port Authority"}]
    assert harbour.enclosures == [{"href": LOCK, "type": "image/jpeg", "length": "182044"}]
    assert harbour.summary == "Die nördliche Schleuse ist seit Montag wieder in Betrieb."
    # A URL alone: Media RSS, but no enclosure, whose length RSS requires.
    ferry = found["Ferry strike ends"]
    assert ferry.media_content == [{"url": FERRY, "medium": "image", "type": "image/png"}]
    assert ferry.media_thumbnail == [{"url": FERRY}]
    assert ferry.get("enclosures", []) == []
    pier = found["Storm closes the pier"]
    assert pier.media_thumbnail == [{"url": PIER, "width": "800", "height": "600"}]


def test_an_entry_in_another_language_says_so_in_atom(svc):
    root = lxml.etree.fromstring(svc.get("/feeds/news.atom").content)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.get(lang) == "en"
    by_title = {e.findtext(f"{atom}title"): e.get(lang) for e in root.iter(f"{atom}entry")}
    assert by_title["Die Schleuse ist wieder offen"] == "de"
    assert by_title["Ferry strike ends"] is None  # no language given: the feed's


def test_json_feed_items_carry_the_image(svc):
    items = {i["title"]: i for i in svc.get("/feeds/news.json").json()["items"]}
    assert [items[t]["image"] for t in ("Die Schleuse ist wieder offen", "Ferry strike ends",
                                        "Storm closes the pier")] == [LOCK, FERRY, PIER]
    assert items["Die Schleuse ist wieder offen"]["language"] == "de"


def test_the_article_page_has_og_image_and_the_figure(svc):
    slug = next(a["slug"] for a in httpx.get(svc.url("/api/articles"), timeout=10, headers={
        "Authorization": f"Bearer {TOKEN}"}).json()["articles"] if a["image"] == LOCK)
    page = lxml.html.fromstring(svc.get(f"/articles/{slug}").content)
    meta = {m.get("property"): m.get("content") for m in page.iter("meta") if m.get("property")}
    assert (meta["og:image"], meta["og:image:width"], meta["og:image:height"],
            meta["og:image:type"], meta["og:image:alt"]) == (
        LOCK, "1600", "900", "image/jpeg", "The northern lock at dawn")
    [img] = page.xpath("//article/figure/img")
    assert (img.get("src"), img.get("alt")) == (LOCK, "The northern lock at dawn")
    assert "Port Authority" in page.xpath("//article/figure/figcaption")[0].text_content()


def test_thumbnails_on_the_home_page_and_in_the_browser_view_of_a_feed(svc):
    home = lxml.html.fromstring(svc.get("/").content)
    assert {img.get("src") for img in home.xpath("//img[@class='thumb']")} == {LOCK, FERRY, PIER}
    for fmt in ("atom", "rss", "json"):
        view = svc.get(f"/feeds/news.{fmt}", headers=NAVIGATE)
        assert view.headers["content-type"].startswith("text/html")
        page = lxml.html.fromstring(view.content)
        thumbnails = page.xpath("//img[@class='thumb']/@src")
        assert set(thumbnails) == {LOCK, FERRY, PIER}
