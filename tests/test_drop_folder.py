"""Files a new user drops, through the real `newsfeed run`: served soon, whole and valid.

One live service with `poll_seconds = 30`, so whatever is served within a few seconds was
caught by file events, not by the safety-net scan. The tests share it and run in order.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import time
from pathlib import Path

import feedparser
import lxml.etree
import pytest
from live import SEED, LiveService, drop_folder_files

pytestmark = pytest.mark.slow

DATA = Path(__file__).parent / "data" / "parse"
POLL_SECONDS = 30
FILES = 3  # written into a new folder at once
SOON = 10  # seconds: a generous liveness bound, far below the 30 s of the safety-net scan
ATOM = "{http://www.w3.org/2005/Atom}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("drops"), poll_seconds=POLL_SECONDS) as service:
        yield service


def served(svc: LiveService, slug: str, timeout: float = 60) -> dict:
    """The JSON Feed item of `slug`, once served within `timeout` seconds."""
    body = svc.wait_for("/feeds/news.json", lambda r: f"/articles/{slug}\"".encode() in r.content,
                        timeout=timeout)
    return next(i for i in json.loads(body.content)["items"] if i["url"].endswith(f"/{slug}"))


def test_a_text_with_a_few_stray_control_characters_is_stored_without_them(svc):
    """Six controls in a 121-byte Markdown file (a word processor's vertical tab and form
    feed, stray \\x01 \\x1f \\x02 \\x7f): a story, not "a binary file"."""
    name = "encoding-markdown-stray-word-processor-controls.md"
    shutil.copyfile(DATA / name, svc.inbox / name)
    item = served(svc, name.removesuffix(".md"))
    assert item["title"] == "Harbour reopens"
    assert item["content_html"] == ("<p>The harbour\nreopened on Monday.</p>\n"
                                    "<p>Ships queued at dawn, crews said.</p>")
    assert not CONTROLS.search(json.dumps(item, ensure_ascii=False))
    assert not list(svc.rejected.rglob("*"))


def test_word_processor_line_breaks_are_text_in_markdown_and_json(svc):
    """A list of results whose lines end in vertical tabs (1 in 25 characters), and a JSON
    article with a form feed and a vertical tab in its strings: both stored, none refused."""
    names = ["encoding-markdown-results-word-line-breaks.md",
             "json-stray-controls-in-strings.json"]
    for name in names:
        shutil.copyfile(DATA / name, svc.inbox / name)
    results = served(svc, names[0].removesuffix(".md"))
    assert results["title"] == "Saturday's results"
    assert "Arsenal 0 Norwich 0\nChelsea 1 Southampton 3" in results["content_html"]
    ferry = served(svc, names[1].removesuffix(".json"))
    assert ferry["title"] == "Ferry timetable changes"
    assert not CONTROLS.search(json.dumps([results, ferry], ensure_ascii=False))
    assert not list(svc.rejected.rglob("*"))


def test_a_copy_hard_wrapped_at_70_columns_is_served_with_its_headline(svc):
    """Plain text wrapped at 70 columns: its headline is the title, its lead one paragraph."""
    name = "newswire-hard-wrapped-headline-above-lead.txt"
    shutil.copyfile(DATA / name, svc.inbox / name)
    item = served(svc, name.removesuffix(".txt"))
    assert item["title"] == "Ferry timetable changes"
    assert item["content_html"].startswith(
        "<p>The winter timetable starts on Monday, the operator said, with fewer sailings")


@pytest.mark.parametrize("how", ["made", "moved"])
def test_files_in_a_new_subfolder_are_served_within_seconds(svc, tmp_path, how):
    """`inbox/regions/north/` made and written into at once, or made elsewhere and moved in:
    its files are served within seconds, not at the next safety-net scan. Made: while the
    service is stopped (SIGSTOP), so that its files are written before the folder's watch
    begins, as happens on a busy machine (on an idle one, only sometimes)."""
    story = SEED.read_text(encoding="utf-8")
    slugs = [f"north-{how}-{i}" for i in range(FILES)]
    if how == "made":
        os.kill(svc.proc.pid, signal.SIGSTOP)
        try:
            folder = svc.inbox / "regions" / "north"
            folder.mkdir(parents=True)
            for i, slug in enumerate(slugs):
                (folder / f"{slug}.txt").write_text(story.replace("Rutte", f"Rutte ({how} {i})"))
        finally:
            os.kill(svc.proc.pid, signal.SIGCONT)
    else:
        folder = tmp_path / "north"
        folder.mkdir()
        for i, slug in enumerate(slugs):
            (folder / f"{slug}.txt").write_text(story.replace("Rutte", f"Rutte ({how} {i})"))
        (svc.inbox / "moved").mkdir()
        folder.rename(svc.inbox / "moved" / "north")
    started = time.monotonic()
    for slug in slugs:
        item = served(svc, slug, timeout=SOON - (time.monotonic() - started))
        assert {"north", "regions" if how == "made" else "moved"} <= set(item["tags"])
    assert not drop_folder_files(svc.inbox)


def test_a_summary_only_story_gives_no_blank_content_in_any_format(svc):
    """A JSON article and a front-matter one with a summary and no body: no empty content
    element (the W3C validator warns "content should not be blank"), the summary instead."""
    summary = "The harbour master said ships may enter again from Tuesday."
    (svc.inbox / "summary-only.json").write_text(json.dumps(
        {"title": "Harbour to reopen", "date": "2023-07-09", "summary": summary}))
    (svc.inbox / "summary-only-front-matter.md").write_text(
        f"---\ntitle: Harbour closed\ndate: 2023-07-10\nsummary: {summary}\n---\n")
    for slug in ("summary-only", "summary-only-front-matter"):
        item = served(svc, slug)
        assert "content_html" not in item
        assert item["content_text"] == item["summary"] == summary

    atom = lxml.etree.fromstring(svc.get("/feeds/news.atom").content)
    rss = lxml.etree.fromstring(svc.get("/feeds/news.rss").content)
    contents = (atom.findall(f"{ATOM}entry/{ATOM}content")
                + rss.findall(f"channel/item/{CONTENT}encoded"))
    assert len(atom.findall(f"{ATOM}entry")) == len(rss.findall("channel/item")) >= 2
    assert all((c.text or "").strip() for c in contents)
    for path in ("/feeds/news.atom", "/feeds/news.rss"):
        doc = feedparser.parse(svc.get(path).content)
        assert not doc.bozo
        entries = {e.link.rsplit("/", 1)[1]: e for e in doc.entries}
        for slug in ("summary-only", "summary-only-front-matter"):
            assert entries[slug].summary == summary
            assert "content" not in entries[slug]
