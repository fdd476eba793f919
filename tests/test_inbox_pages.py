"""Bad saved pages dropped beside good ones: each is stored sane or refused in one line, and
none stops the others (a real drop folder, a real store)."""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from articles.inbox import Inbox

DATA = Path(__file__).parent / "data" / "parse"
LONG_AGO = time.time() - 3600
MAX_BYTES = 200_000


def story(words: int = 30) -> str:
    return "<p>" + "The harbour reopened after the storm. " * words + "</p>"


def generated_pages() -> dict[str, bytes]:
    graph = json.dumps({"@graph": [{"@type": "Thing", "name": f"n{i}"} for i in range(2000)]})
    return {
        "deep.html": ("<html><head><title>Deep page</title></head><body>" + story()
                      + "<div>" * 5000 + "</div>" * 5000 + "</body></html>").encode(),
        "graph.html": (f'<html><head><title>Graph page</title><script type="application/ld+json">'
                       f"{graph}</script></head><body><article>{story()}</article></body></html>"
                       ).encode(),
        "huge.html": ("<html><head><title>Huge</title></head><body>" + story(6000)
                      + "</body></html>").encode(),
    }


def test_bad_pages_are_stored_sane_or_refused_in_one_line_and_none_stops_the_others(
        store, tmp_path):
    inbox_dir, archive, rejected = tmp_path / "inbox", tmp_path / "archive", tmp_path / "rejected"
    inbox_dir.mkdir()
    dropped = {name: (DATA / name).read_bytes() for name in (
        "html-jsonld-graph-ids-figures-widgets.html", "html-jsonld-broken-and-wrong-types.html",
        "html-meta-markup-and-scripts.html", "html-implausible-dates.html",
        "html-title-but-only-chrome.html", "html-no-title.html")}
    dropped |= generated_pages()
    for name, data in dropped.items():
        (inbox_dir / name).write_bytes(data)
        os.utime(inbox_dir / name, (LONG_AGO, LONG_AGO))
    box = Inbox(store, path=inbox_dir, archive=archive, rejected=rejected, max_bytes=MAX_BYTES)
    try:
        outcome = box.scan()
    finally:
        box.close()

    assert outcome.rejected == {
        "html-title-but-only-chrome.html": "it has a title but no article text",
        "html-no-title.html": "it has no title (no og:title, <title>, <h1> or <h2>)",
        "huge.html": f"it is {len(dropped['huge.html']):,} bytes, over the limit of "
                     f"{MAX_BYTES:,} (inbox.max_bytes)",
    }
    for name in outcome.rejected:
        assert (rejected / f"{name}.error.txt").read_text().strip().count("\n") == 0, name
    assert outcome.stored == len(dropped) - 3 == store.count()
    now = datetime.now(UTC)
    for article in store.latest(20):
        assert datetime(1990, 1, 1, tzinfo=UTC) <= article.published <= now + timedelta(days=1)
        for bad in ("<script", "onclick", "onerror", "javascript:", "alert("):
            assert bad not in article.content_html + article.title + article.summary, bad
    titles = {a.title for a in store.latest(20)}
    assert {"Hafen öffnet nach dem Sturm wieder", "Council approves the tram line",
            "Storm closes harbour & port", "Old photographs found in the archive", "Deep page",
            "Graph page"} == titles
