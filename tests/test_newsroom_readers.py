"""What readers and partners ask for, through the real process: a summary-only feed for
partners, CORS on public feeds and OPML, Feedly's webfeeds: elements in RSS."""

from __future__ import annotations

import feedparser
from live import LiveService
from lxml import etree

WEBFEEDS = "{http://webfeeds.org/rss/1.0}"
CONFIG = """
[[feed]]
name = "news"

[[feed]]
name = "partners"
content = "summary"
"""
SITE = """
logo = "img/logo.png"
cover = "https://cdn.example.org/cover.jpg"
accent_color = "#2B6CB0"
"""
STORY = ("---\ntitle: Harbour reopens\ndate: 2024-03-01T09:00:00Z\n"
         "summary: The harbour is open again.\n---\n"
         "The northern lock reopened at dawn after six weeks of repairs.\n")


def test_a_summary_feed_cors_and_feedly_elements(tmp_path):
    svc = LiveService(tmp_path, CONFIG)
    text = svc.config_path.read_text().replace("[site]\n", "[site]\n" + SITE.lstrip(), 1)
    svc.config_path.write_text(text)
    with svc:
        (svc.inbox / "harbour.md").write_text(STORY)
        svc.wait_for("/feeds/partners.atom", lambda r: b"Harbour" in r.content)
        full = feedparser.parse(svc.get("/feeds/news.atom").content).entries[0]
        assert "northern lock" in full.content[0].value
        for fmt in ("atom", "rss", "json"):
            body = svc.get(f"/feeds/partners.{fmt}").text
            assert "northern lock" not in body, fmt
            assert "The harbour is open again." in body
            assert svc.url("/articles/harbour") in body
        short = feedparser.parse(svc.get("/feeds/partners.atom").content).entries[0]
        link = f'<a href="{svc.url("/articles/harbour")}" rel="noopener noreferrer">'
        assert short.content[0].value == (
            f"<p>The harbour is open again.</p>\n<p>{link}Read the story</a></p>")

        for path in ("/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json", "/feeds.opml",
                     "/feeds/partners.json"):
            response = svc.get(path)
            assert response.headers["access-control-allow-origin"] == "*", path
        assert "access-control-allow-origin" not in svc.get("/").headers

        channel = etree.fromstring(svc.get("/feeds/news.rss").content).find("channel")
        assert channel.findtext(f"{WEBFEEDS}icon") == svc.url("/favicon.ico")
        assert channel.findtext(f"{WEBFEEDS}logo") == svc.url("/img/logo.png")
        assert channel.find(f"{WEBFEEDS}cover").get("image") == "https://cdn.example.org/cover.jpg"
        assert channel.findtext(f"{WEBFEEDS}accentColor") == "2B6CB0"
        assert b"webfeeds" not in svc.get("/feeds/news.atom").content  # RSS's, not Atom's
