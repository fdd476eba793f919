"""Takedowns through the real process: `newsfeed delete SLUG --reason` and the API's DELETE
leave an RFC 6721 tombstone in the Atom feed, a 410 page naming the reason, archive pages
without the story, and no trace of it in the output folder."""

from __future__ import annotations

import subprocess

import feedparser
import httpx
from live import NEWSFEED, LiveService
from lxml import etree

AT = "{http://purl.org/atompub/tombstones/1.0}"
ATOM = "{http://www.w3.org/2005/Atom}"
REASON = "Legal request: the court ordered the story removed."
TOKEN = "a-long-enough-token-for-tests"


def story(n: int, title: str | None = None) -> str:
    return (f"---\ntitle: {title or f'Story number {n} of the day'}\n"
            f"date: 2024-03-{n:02d}T10:00:00Z\nauthor: Jane Doe\n---\nThe text of story {n}.\n")


def test_a_takedown_gives_a_tombstone_a_410_page_and_leaves_no_file_holding_it(tmp_path):
    config = '[[feed]]\nname = "news"\nlimit = 2\n'  # pages of 2: the story is archived
    with LiveService(tmp_path, config + f'[api]\ntokens = ["{TOKEN}"]\n') as svc:
        for n in range(1, 6):
            (svc.inbox / f"story-{n}.md").write_text(
                story(n, "The Libel in question" if n == 2 else None))
        svc.wait_for("/feeds/news/archive/1.atom", lambda r: b"Libel" in r.content)
        entry_id = next(e.id for e in feedparser.parse(
            svc.get("/feeds/news/archive/1.atom").content).entries if "Libel" in e.title)
        assert any(b"Libel" in p.read_bytes() for p in svc.output.rglob("*") if p.is_file())
        subprocess.run([NEWSFEED, "delete", "story-2", "--reason", REASON, "--yes",
                        "--config", svc.config_path], check=True, capture_output=True)

        atom = svc.wait_for("/feeds/news.atom", lambda r: b"deleted-entry" in r.content)
        root = etree.fromstring(atom.content)
        (tombstone,) = root.findall(f"{AT}deleted-entry")
        assert tombstone.get("ref") == entry_id
        assert tombstone.findtext(f"{AT}comment") == REASON
        assert root.findtext(f"{ATOM}updated") == tombstone.get("when")  # the feed changed then
        assert root.nsmap["at"] == AT.strip("{}")
        page = svc.get("/articles/story-2")
        assert page.status_code == 410 and REASON in page.text
        assert "Libel" not in page.text  # the page names the reason, not the story
        for fmt in ("atom", "rss", "json"):  # the archive page no longer holds it
            assert b"Libel" not in svc.get(f"/feeds/news/archive/1.{fmt}").content
            assert b"Libel" not in svc.get(f"/feeds/news.{fmt}").content
        for fmt in ("rss", "json"):  # no tombstone there: the entry just leaves
            assert entry_id.encode() not in svc.get(f"/feeds/news.{fmt}").content
        svc.wait_for("/feeds/news/archive/1.atom", lambda r: b"Libel" not in r.content)
        held = [p for p in svc.output.rglob("*") if p.is_file() and b"Libel" in p.read_bytes()]
        assert held == []
        assert svc.get("/articles/story-1").status_code == 200
        assert svc.get("/articles/no-such-story").status_code == 404

        # The API's DELETE, with its reason in the body.
        gone = httpx.request("DELETE", svc.url("/api/articles/story-3"),
                             headers={"Authorization": f"Bearer {TOKEN}"},
                             json={"reason": "Published by mistake."})
        assert gone.status_code == 204
        svc.wait_for("/feeds/news.atom", lambda r: r.content.count(b"deleted-entry ") == 2)
        assert "Published by mistake." in svc.get("/articles/story-3").text


def test_tombstones_last_output_tombstone_days(tmp_path):
    with LiveService(tmp_path, "[output]\ntombstone_days = 0\n") as svc:
        svc.drop_seed()
        subprocess.run([NEWSFEED, "delete", "2023-07-08-rutte-resigns", "--yes",
                        "--config", svc.config_path], check=True, capture_output=True)
        atom = svc.wait_for("/feeds/news.atom", lambda r: b"Rutte" not in r.content)
        assert b"deleted-entry" not in atom.content
        assert svc.get("/articles/2023-07-08-rutte-resigns").status_code == 410
