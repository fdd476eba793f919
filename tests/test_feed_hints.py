"""Feed icon and logo, and polling hints, in the documents the real service serves: Atom
icon/logo, RSS image, ttl and sy:updatePeriod/updateFrequency, JSON Feed icon/favicon, and
a Cache-Control max-age that agrees with the ttl."""

from __future__ import annotations

import json
import shutil
import time

import feedparser
import lxml.etree
import lxml.html
import pytest
from live import SEED, LiveService

ATOM = "{http://www.w3.org/2005/Atom}"
SY = "{http://purl.org/rss/1.0/modules/syndication/}"

EXTRA = """
[[feed]]
name = "news"
title = "Newsfeed"
ttl = 90

[[feed]]
name = "plain"
title = "Plain"
"""


def start(root, extra: str, logo: str = "") -> LiveService:
    svc = LiveService(root, extra)
    if logo:
        text = svc.config_path.read_text(encoding="utf-8")
        svc.config_path.write_text(text.replace("[site]\n", f'[site]\nlogo = "{logo}"\n', 1),
                                   encoding="utf-8")
    svc.start()
    shutil.copyfile(SEED, svc.inbox / SEED.name)
    for name in ("news", "plain") if "plain" in extra else ("news",):
        svc.wait_for(f"/feeds/{name}.json", lambda r: b"Rutte" in r.content)
    return svc


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    service = start(tmp_path_factory.mktemp("hints"), EXTRA, logo="static/logo.png")
    yield service
    service.stop()


def test_atom_has_the_favicon_as_icon_and_the_logo_made_absolute(svc):
    root = lxml.etree.fromstring(svc.get("/feeds/news.atom").content)
    assert root.findtext(ATOM + "icon") == svc.url("favicon.ico")
    assert root.findtext(ATOM + "logo") == svc.url("static/logo.png")
    parsed = feedparser.parse(svc.get("/feeds/news.atom").content)
    assert parsed.bozo == 0
    assert parsed.feed.icon == svc.url("favicon.ico")
    assert parsed.feed.logo == svc.url("static/logo.png")
    assert svc.get("/favicon.ico").status_code == 200


def test_rss_has_an_image_ttl_and_lower_case_syndication_hints(svc):
    body = svc.get("/feeds/news.rss").content
    channel = lxml.etree.fromstring(body).find("channel")
    image = channel.find("image")
    assert image.findtext("url") == svc.url("static/logo.png")
    assert image.findtext("title") == channel.findtext("title") == "Newsfeed"
    assert image.findtext("link") == channel.findtext("link") == svc.base_url
    assert channel.findtext("ttl") == "90"
    # 90 minutes: not every hour, so 16 times a day (every 90 minutes at most)
    assert channel.findtext(SY + "updatePeriod") == "daily"
    assert channel.findtext(SY + "updateFrequency") == "16"
    assert b"sy:UpdatePeriod" not in body and b"sy:UpdateFrequency" not in body
    parsed = feedparser.parse(body)
    assert parsed.bozo == 0
    assert parsed.feed.ttl == "90"
    assert parsed.feed.sy_updateperiod == "daily"


def test_json_feed_has_icon_and_favicon(svc):
    doc = json.loads(svc.get("/feeds/news.json").content)
    assert doc["icon"] == svc.url("static/logo.png")
    assert doc["favicon"] == svc.url("favicon.ico")


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_cache_control_agrees_with_the_ttl(svc, fmt):
    assert svc.get(f"/feeds/news.{fmt}").headers["cache-control"] == "public, max-age=5400"
    # a feed without its own ttl: the server's max-age, and the RSS ttl says the same
    assert svc.get(f"/feeds/plain.{fmt}").headers["cache-control"] == "public, max-age=300"


def test_a_feed_without_ttl_takes_the_servers_max_age_in_minutes(svc):
    channel = lxml.etree.fromstring(svc.get("/feeds/plain.rss").content).find("channel")
    assert channel.findtext("ttl") == "5"
    assert channel.findtext(SY + "updatePeriod") == "hourly"
    assert channel.findtext(SY + "updateFrequency") == "12"


def test_conditional_get_still_answers_304(svc):
    first = svc.get("/feeds/news.rss")
    again = svc.get("/feeds/news.rss", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["cache-control"] == "public, max-age=5400"


def test_output_is_byte_stable_across_a_restart(tmp_path):
    svc = start(tmp_path, "", logo="https://cdn.example.org/logo.png")
    try:
        before = {fmt: svc.get(f"/feeds/news.{fmt}").content for fmt in ("atom", "rss", "json")}
        assert b"https://cdn.example.org/logo.png" in before["rss"]
        assert b"<ttl>5</ttl>" in before["rss"]
    finally:
        svc.stop()
    svc.start()
    try:
        svc.wait_for("/readyz", lambda r: r.status_code == 200)
        for fmt, body in before.items():
            assert svc.get(f"/feeds/news.{fmt}").content == body
    finally:
        svc.stop()


FEEDLY = "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; feed-id=abc)"
NNW = "NetNewsWire (RSS Reader; https://netnewswire.com/)"


def home(svc) -> lxml.html.HtmlElement:
    response = svc.get("/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def test_the_home_page_shows_subscribers_and_links_opml_and_icon(tmp_path):
    extra = '[[feed]]\nname = "news"\ntitle = "News"\n\n[[feed]]\nname = "quiet"\ntitle = "Quiet"\n'
    svc = LiveService(tmp_path, extra).start()  # no feed polled but the ones below
    try:
        shutil.copyfile(SEED, svc.inbox / SEED.name)
        published = svc.output / "feeds" / "news.atom"
        deadline = time.monotonic() + 15
        while b"Rutte" not in (published.read_bytes() if published.exists() else b""):
            assert time.monotonic() < deadline, svc.log()
            time.sleep(0.05)
        page = home(svc)
        assert page.xpath("//link[@rel='outline']/@href") == [svc.url("feeds.opml")]
        assert page.xpath("//link[@rel='outline']/@type") == ["text/x-opml"]
        assert page.xpath("//link[@rel='icon']/@href") == [svc.url("favicon.ico")]
        assert svc.get("/feeds.opml").status_code == 200
        assert not page.xpath("//p[contains(@class, 'readers')]")  # no polls yet
        svc.get("/feeds/news.atom", headers={"user-agent": FEEDLY})
        first = svc.get("/feeds/news.atom", headers={"user-agent": NNW})
        again = svc.get("/feeds/news.atom",
                        headers={"user-agent": NNW, "if-none-match": first.headers["etag"]})
        assert again.status_code == 304
    finally:
        svc.stop()  # writes the readers counted so far to the store
    svc.start()
    try:
        svc.wait_for("/readyz", lambda r: r.status_code == 200)
        page = home(svc)
        sections = {s.findtext("h2"): s for s in page.iter("section")}
        (reach,) = sections["News"].xpath(".//p[contains(@class, 'readers')]")
        assert reach.text_content() == (
            "43 subscribers in the last 24 hours · 33% of polls answered 304")
        assert not sections["Quiet"].xpath(".//p[contains(@class, 'readers')]")
    finally:
        svc.stop()
