"""Members-only feeds through the real process: only a member's key opens them (404
without one or with a wrong one, 403 once revoked, on the spot), their stories leak into
no public document, page, search or file, and a member's reader polls with 304s."""

from __future__ import annotations

import json
import subprocess

import httpx
from live import NEWSFEED, LiveService

CONFIG = """
[[feed]]
name = "news"
title = "Everything public"

[[feed]]
name = "premium"
title = "Members Briefing"
description = "For paying readers"
categories = ["premium"]
members_only = true
limit = 2
"""
SECRET = "Quarterly harbour accounts"
READER = "NetNewsWire (RSS Reader; https://netnewswire.com/)"


def story(title: str, tags: str, day: int) -> str:
    return (f"---\ntitle: {title}\ndate: 2024-05-{day:02d}T08:00:00Z\ntags: [{tags}]\n---\n"
            f"The text of {title}.\n")


def newsfeed(svc: LiveService, *args: str) -> str:
    return subprocess.run([NEWSFEED, *args, "--config", svc.config_path], check=True,
                          capture_output=True, text=True).stdout


def test_members_only_feeds_open_with_a_key_leak_nowhere_and_poll_with_304s(tmp_path):
    svc = LiveService(tmp_path, CONFIG).start()
    try:
        (svc.inbox / "open-story.md").write_text(story("Ferry timetable changes", "city", 1))
        (svc.inbox / "paid-story.md").write_text(story(SECRET, "premium, city", 2))
        svc.wait_for("/feeds/news.atom", lambda r: b"Ferry" in r.content)
        added = newsfeed(svc, "members", "add", "alice").split()
        alice = next(u for u in added if u.endswith(".atom") or ".atom?key=" in u)
        assert alice.startswith(svc.url("/feeds/premium.atom?key="))
        bob = json.loads(newsfeed(svc, "members", "add", "bob", "--json"))["feeds"]["premium"]
        svc.wait_for(alice.removeprefix(svc.base_url), lambda r: SECRET in r.text)

        # Nothing public shows the story or the feed.
        for path in ("/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json", "/",
                     "/feeds.opml", "/feeds/tags/city.atom", "/feeds/news.atom?q=harbour",
                     "/feeds/news.json?category=premium"):
            body = svc.get(path).text
            assert SECRET not in body and "Members Briefing" not in body, path
            assert "premium.atom" not in body and "For paying readers" not in body, path
        assert "Ferry" in svc.get("/feeds/tags/city.atom").text
        assert svc.get("/feeds/tags/premium.atom").status_code == 404
        assert svc.get("/articles/paid-story").status_code == 404
        leaked = [p for p in svc.output.rglob("*") if p.is_file()
                  and (SECRET.encode() in p.read_bytes() or "premium" in p.name)]
        assert leaked == []
        public = svc.get("/feeds/news.atom")
        assert public.headers["access-control-allow-origin"] == "*"
        assert public.headers["cache-control"].startswith("public")

        # No key, a wrong key: as if there were no such feed. A member's key: the feed.
        unknown = svc.get("/feeds/nothing-here.atom")
        for path in ("/feeds/premium.atom", "/feeds/premium.atom?key=wrong",
                     "/feeds/premium.json", "/articles/paid-story?key=wrong"):
            response = svc.get(path)
            assert (response.status_code, response.text) == (404, unknown.text), path
        first = httpx.get(alice, headers={"User-Agent": READER})
        assert first.status_code == 200 and SECRET in first.text
        assert first.headers["cache-control"].startswith("private")
        assert "access-control-allow-origin" not in first.headers
        again = httpx.get(alice, headers={"User-Agent": READER,
                                          "If-None-Match": first.headers["etag"]})
        assert again.status_code == 304
        others = httpx.get(bob["atom"])
        assert others.headers["etag"] == first.headers["etag"]  # per document, not per key
        assert SECRET in httpx.get(bob["json"]).text and SECRET in httpx.get(bob["rss"]).text
        key = alice.partition("?key=")[2]
        page = svc.get(f"/articles/paid-story?key={key}")
        assert page.status_code == 200 and SECRET in page.text
        assert page.headers["cache-control"].startswith("private")

        # Its archive pages (of 2 stories) too, and beside the output folder only.
        for n in (3, 4):
            (svc.inbox / f"paid-{n}.md").write_text(story(f"Paid story {n}", "premium", n))
        bobs = bob["atom"].partition("?key=")[2]  # alice's polls are counted below
        svc.wait_for(f"/feeds/premium/archive/1.atom?key={bobs}", lambda r: r.status_code == 200)
        assert svc.get("/feeds/premium/archive/1.atom").status_code == 404
        assert svc.get("/feeds/premium/archive/1.atom?key=wrong").status_code == 404
        private = svc.output.with_name("public.members")
        assert (private / "feeds" / "premium" / "archive" / "1.atom").is_file()
        assert not (svc.output / "feeds" / "premium").exists()
        leaked = [p for p in svc.output.rglob("*") if "premium" in p.name
                  or (p.is_file() and b"Paid story" in p.read_bytes())]
        assert leaked == []

        # Revoked: 403 at once; the other member goes on.
        assert "revoked alice" in newsfeed(svc, "members", "revoke", "alice")
        assert httpx.get(alice).status_code == 403
        assert svc.get(f"/articles/paid-story?key={key}").status_code == 403
        assert httpx.get(bob["atom"]).status_code == 200
    finally:
        svc.stop()
    listed = {m["name"]: m for m in json.loads(newsfeed(svc, "members", "list", "--json"))}
    assert listed["alice"]["polls"] == 3 and listed["alice"]["last_agent"] == READER
    assert listed["alice"]["revoked"] and not listed["bob"]["revoked"]
