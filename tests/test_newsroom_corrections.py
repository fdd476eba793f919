"""Corrections through the real process: a note sent with an update is kept with its time,
every note is on the article's page, the latest ends the entry in every format, and the
entry's `updated` moves; an update without a note moves it only when a reader would see a
change, and an identical re-drop changes nothing."""

from __future__ import annotations

import html
import json
import time
from datetime import UTC, datetime

import feedparser
import httpx
from live import LiveService

TOKEN = "a-long-enough-token-for-tests"
FIRST = "An earlier version misspelt the harbour master's name."
SECOND = "The lock is 40 metres long, not 400."


def story(text: str, correction: str = "", tags: str = "city") -> str:
    note = f"correction: {json.dumps(correction)}\n" if correction else ""
    return (f"---\ntitle: Harbour reopens after repairs\ndate: 2024-03-01T09:00:00Z\n"
            f"tags: [{tags}]\n{note}---\n{text}\n")


def entry(svc: LiveService, fmt: str):
    return feedparser.parse(svc.get(f"/feeds/news.{fmt}").content).entries[0]


def test_a_correction_is_shown_in_every_format_and_on_the_page(tmp_path):
    with LiveService(tmp_path, f'[api]\ntokens = ["{TOKEN}"]\n') as svc:
        path = svc.inbox / "harbour.md"
        path.write_text(story("The lock, 400 metres long, reopened."))
        svc.wait_for("/feeds/news.atom", lambda r: b"Harbour" in r.content)
        first = entry(svc, "atom")
        assert first.updated == first.published

        path.write_text(story("The lock, 40 metres long, reopened.", FIRST))
        svc.wait_for("/feeds/news.atom", lambda r: FIRST.encode() in r.content)
        today = f"{datetime.now(UTC):%-d %B %Y}"
        atom, rss = entry(svc, "atom"), entry(svc, "rss")
        for content in (atom.content[0].value, rss.content[0].value,
                        json.loads(svc.get("/feeds/news.json").content)["items"][0][
                            "content_html"]):
            assert content.rstrip().endswith(
                f'<p class="correction"><em>Correction, {today}:</em> {FIRST}</p>')
        assert atom.updated > atom.published  # the update is news
        corrected = svc.get("/feeds/news.atom")

        path.write_text(story("The lock, 40 metres long, reopened.", FIRST))  # again
        time.sleep(2)
        assert svc.get("/feeds/news.atom").headers["etag"] == corrected.headers["etag"]
        path.write_text(story("The lock, 40 metres long, reopened.", FIRST, tags="port"))
        svc.wait_for("/feeds/news.atom", lambda r: b"port" in r.content)
        assert entry(svc, "atom").updated == atom.updated  # a new tag is no news

        # A second note, through the API: the page lists both, the feeds the latest.
        sent = httpx.put(svc.url("/api/articles/harbour"),
                         headers={"Authorization": f"Bearer {TOKEN}"},
                         json={"title": "Harbour reopens after repairs", "date": "2024-03-01",
                               "content": "The lock, 40 metres long, reopened.",
                               "correction": SECOND})
        assert sent.status_code == 200, sent.text
        notes = sent.json()["article"]["corrections"]
        assert [n["note"] for n in notes] == [FIRST, SECOND]
        svc.wait_for("/feeds/news.rss", lambda r: SECOND.encode() in r.content)
        assert FIRST.encode() not in svc.get("/feeds/news.atom").content
        page = html.unescape(svc.get("/articles/harbour").text)
        assert page.index("Correction, <time") < page.index(FIRST) < page.index(SECOND)
        assert page.count('class="correction"') == 2
