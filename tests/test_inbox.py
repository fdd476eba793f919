"""The drop folder on real folders, a real store (SQLite and PostgreSQL) and real processes.

Files dropped "long ago" (an old mtime) are finished at the first scan; the tests about
files still being written drop them fresh.
"""

from __future__ import annotations

import json
import logging
import shutil
from datetime import UTC

import pytest
from drop_folders import (
    MAX_BYTES,
    PNG,
    claimed,
    drop,
    files,
    make_inbox,
    wire_story,
)

from articles.backlog import ingest_paths
from articles.reading import POOL_FROM

# -- one pass ------------------------------------------------------------------------------


def test_the_dropped_seed_is_stored_and_its_original_archived(store, inbox, folders, seed_bytes):
    drop(folders.inbox, "2023-07-08-rutte-resigns.txt", seed_bytes)
    outcome = inbox.scan()
    assert (outcome.stored, outcome.added, outcome.rejected) == (1, 1, {})
    [article] = store.latest(10)
    assert article.slug == "2023-07-08-rutte-resigns" and article.source == "News.Az"
    assert files(folders.archive) == {"2023-07-08-rutte-resigns.txt": seed_bytes}
    assert files(folders.inbox) == {} and files(folders.rejected) == {}
    assert claimed(folders) == []
    assert inbox.scan().stored == 0  # nothing left to do


def big_story() -> bytes:
    return wire_story(900, extra=" More words." * (MAX_BYTES // 10))


# (file name, its bytes, words of the one-line reason)
REJECTIONS = [
    ("empty.txt", b"", "it is empty"),
    ("blank.md", b"  \n\n\t\n", "it is empty"),
    ("picture.txt", PNG, "binary file"),
    ("garbled.txt", b"\x81\x8d\x8f\x90\x9d" * 20, "neither UTF-8 nor a legacy encoding"),
    ("huge.txt", big_story(), f"over the limit of {MAX_BYTES:,} (inbox.max_bytes)"),
    ("report.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n", "its type is not one newsfeed reads"),
    ("README", b"no suffix at all\n", "its type is not one newsfeed reads"),
]


@pytest.mark.parametrize("name, data, reason", REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_a_refused_file_goes_to_rejected_with_its_reason_and_the_good_ones_are_stored(
        store, inbox, folders, seed_bytes, name, data, reason):
    drop(folders.inbox, "2023-07-08-rutte-resigns.txt", seed_bytes)
    drop(folders.inbox, name, data)
    drop(folders.inbox, "story-1.txt", wire_story(1))
    outcome = inbox.scan()
    assert list(outcome.rejected) == [name] and reason in outcome.rejected[name]
    assert (outcome.stored, outcome.added) == (2, 2) and store.count() == 2
    rejected = files(folders.rejected)
    assert rejected.keys() == {name, f"{name}.error.txt"}
    assert rejected[name] == data  # the original, untouched
    error = rejected[f"{name}.error.txt"].decode()
    assert error.endswith("\n") and error.count("\n") == 1 and reason in error
    assert files(folders.archive).keys() == {"2023-07-08-rutte-resigns.txt", "story-1.txt"}
    assert files(folders.inbox) == {} and claimed(folders) == []


ODD_VALUES = {  # (what the parser passes on, though a database may refuse it)
    "language over 35 characters": {"language": "x" * 40},  # PostgreSQL: varchar(35)
    "a lone surrogate": {"language": "en\ud800"},  # neither driver can encode it
}


@pytest.mark.parametrize("odd", ODD_VALUES.values(), ids=ODD_VALUES.keys())
def test_a_file_the_store_cannot_take_does_not_hold_up_the_others(store, inbox, folders, odd):
    article = {"title": "An odd one", "date": "2024-05-01", "content": "<p>Text.</p>", **odd}
    drop(folders.inbox, "odd.json", json.dumps(article).encode())
    drop(folders.inbox, "story-1.txt", wire_story(1))
    drop(folders.inbox, "story-2.txt", wire_story(2))
    outcome = inbox.scan()  # no exception, and nothing left for the next scan to trip on
    assert files(folders.inbox) == {} and claimed(folders) == []
    assert {"story-1.txt", "story-2.txt"} <= files(folders.archive).keys()
    assert {a.slug for a in store.latest(10)} >= {"story-1", "story-2"}
    if "odd.json" in outcome.rejected:  # refused by the store: said why, kept
        assert "the store could not save it" in outcome.rejected["odd.json"]
        assert files(folders.rejected).keys() == {"odd.json", "odd.json.error.txt"}
        assert (outcome.stored, store.count()) == (2, 2)
    else:  # taken (SQLite does not limit text lengths)
        assert "odd.json" in files(folders.archive) and store.count() == 3
    assert inbox.scan().stored == 0


def test_names_that_clash_in_archive_or_rejected_never_overwrite(store, inbox, folders):
    versions = [wire_story(1), wire_story(1, extra=" Corrected."), wire_story(2)]
    outcomes = []
    for data in versions:
        drop(folders.inbox, "x.txt", data)
        done = inbox.scan()
        outcomes.append((done.stored, done.added, done.updated))
    # A file's name is its story's slug: each later x.txt updates the story x, in place.
    assert outcomes == [(1, 1, 0), (1, 0, 1), (1, 0, 1)]
    [story] = store.latest(10)
    assert (story.slug, story.title.split(" is ")[0]) == ("x", "Story number 2")
    assert files(folders.archive) == {"x.txt": versions[0], "x-2.txt": versions[1],
                                      "x-3.txt": versions[2]}
    bad = [b"", PNG]
    for data in bad:
        drop(folders.inbox, "y.txt", data)
        assert list(inbox.scan().rejected) == ["y.txt"]
    rejected = files(folders.rejected)
    assert rejected.keys() == {"y.txt", "y.txt.error.txt", "y-2.txt", "y-2.txt.error.txt"}
    assert (rejected["y.txt"], rejected["y-2.txt"]) == tuple(bad)
    assert b"empty" in rejected["y.txt.error.txt"] and b"binary" in rejected["y-2.txt.error.txt"]


TEMP_NAMES = [".x.txt", "x.txt~", "x.txt.part", "x.swp", ".~lock.x.txt#", "~$x.txt", "#x.txt#",
              "x.txt.crdownload", "x.tmp", ".sync/x.txt"]


def test_temporary_names_are_never_touched(store, inbox, folders):
    for n, name in enumerate(TEMP_NAMES):
        drop(folders.inbox, name, wire_story(n))
    before = {p: p.stat().st_mtime_ns for p in folders.inbox.rglob("*") if p.is_file()}
    for _ in range(2):
        assert inbox.scan().stored == 0
    assert files(folders.inbox) == {name: wire_story(n) for n, name in enumerate(TEMP_NAMES)}
    assert {p: p.stat().st_mtime_ns for p in before} == before
    assert store.count() == 0 and files(folders.archive) == files(folders.rejected) == {}


def test_a_file_being_written_is_read_only_once_it_stops_changing(store, inbox, folders):
    whole = wire_story(7, extra=" The last sentence arrives late.")
    path = folders.inbox / "live.txt"
    with open(path, "wb") as writer:
        writer.write(whole[:90])
        writer.flush()
        assert inbox.scan().stored == 0  # seen once, freshly written: left alone
        writer.write(whole[90:])
        writer.flush()
        assert inbox.scan().stored == 0  # changed since the last scan: still being written
    assert files(folders.inbox) == {"live.txt": whole} and store.count() == 0
    assert inbox.scan().stored == 1  # unchanged since the last scan: finished
    assert files(folders.archive) == {"live.txt": whole}
    [article] = store.latest(10)
    assert "The last sentence arrives late." in article.content_html


@pytest.mark.parametrize("closed, stored", [(True, 1), (False, 0)])
def test_a_fresh_file_is_read_at_the_first_scan_only_once_closed(store, inbox, folders, closed,
                                                                  stored):
    path = drop(folders.inbox, "new.txt", wire_story(3), settled=False)
    if closed:
        inbox.file_closed(path)
    assert inbox.scan().stored == stored
    assert inbox.scan().stored == 1 - stored  # the second look finds it finished anyway
    assert store.count() == 1


def test_subfolders_are_scanned_tagged_and_archived_under_the_same_path(
        store, inbox, folders, seed_bytes):
    drop(folders.inbox, "world/europe/rutte.txt", seed_bytes)
    drop(folders.inbox, "city/story-4.txt", wire_story(4))
    outcome = inbox.scan()
    assert outcome.stored == 2 and not outcome.rejected
    assert files(folders.archive) == {"world/europe/rutte.txt": seed_bytes,
                                      "city/story-4.txt": wire_story(4)}
    assert files(folders.inbox) == {}
    assert set(store.by_slug("rutte").tags) >= {"world", "europe"}
    assert "city" in store.by_slug("story-4").tags


def test_a_backlog_is_parsed_by_worker_processes_with_the_same_outcome(store, folders, caplog):
    count = POOL_FROM * 3  # a pool's worth, in batches
    for n in range(count):
        drop(folders.inbox, f"desk-{n % 3}/story-{n}.txt", wire_story(n))
    drop(folders.inbox, "desk-0/photo.txt", PNG)
    drop(folders.inbox, "desk-1/undated.md", b"# An undated note\n\nIt says nothing of when.\n")
    box = make_inbox(store, folders, batch_size=count // 3)
    done = []
    caplog.set_level(logging.INFO, logger="newsfeed")
    try:
        outcome = box.scan(progress=lambda n, total: done.append((n, total)))
    finally:
        box.close()
    assert (outcome.stored, outcome.added, store.count()) == (count + 1, count + 1, count + 1)
    assert list(outcome.rejected) == ["desk-0/photo.txt"]
    total, batch = count + 2, count // 3
    assert done == [(min(n, total), total) for n in range(batch, total + batch, batch)]
    assert files(folders.inbox) == {} and claimed(folders) == []
    assert len(files(folders.archive)) == count + 1
    assert files(folders.rejected).keys() == {"desk-0/photo.txt", "desk-0/photo.txt.error.txt"}
    assert "desk-2" in store.by_slug(f"story-{count - 1}").tags
    # What the workers' parsers logged is in this process's log.
    assert any("undated.md has no date" in r.getMessage() for r in caplog.records)


def test_stopping_a_backlog_scan_gives_back_the_batch_being_parsed(store, folders):
    count = POOL_FROM * 3
    for n in range(count):
        drop(folders.inbox, f"story-{n}.txt", wire_story(n))
    box = make_inbox(store, folders, batch_size=count // 3)
    try:
        outcome = box.scan(progress=lambda n, total: box.stopping.set())  # after the first batch
        assert outcome.stored == store.count() == count // 3
        assert len(files(folders.inbox)) == count - count // 3 and claimed(folders) == []
        box.stopping.clear()
        assert box.scan().stored == count - count // 3
    finally:
        box.close()
    assert store.count() == count and len(files(folders.archive)) == count


# -- in place (`newsfeed ingest`) ----------------------------------------------------------


def test_ingest_paths_leaves_files_in_place_and_stores_nothing_twice(store, tmp_path, seed_path):
    here, folder = tmp_path / "here", tmp_path / "here" / "drop"
    drop(folder, "story-1.txt", wire_story(1))
    drop(folder, "city/story-2.txt", wire_story(2))
    drop(folder, "x.txt~", wire_story(3))  # a temporary name: skipped
    drop(folder, "empty.txt", b"")
    seed = shutil.copy(seed_path, here / seed_path.name)
    paths = [folder, seed, here / "missing.txt"]
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in here.rglob("*") if p.is_file()}

    first = ingest_paths(store, paths, tz=UTC, max_bytes=MAX_BYTES)
    assert (first.stored, first.added, first.unchanged) == (3, 3, 0)
    assert sorted(first.rejected) == [str(folder / "empty.txt"), str(here / "missing.txt")]
    assert "empty" in first.rejected[str(folder / "empty.txt")]
    assert "cannot be read" in first.rejected[str(here / "missing.txt")]
    revision = store.revision()

    again = ingest_paths(store, paths, tz=UTC, max_bytes=MAX_BYTES)
    assert (again.stored, again.added, again.updated, again.unchanged) == (3, 0, 0, 3)
    assert store.revision() == revision and store.count() == 3
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in here.rglob("*") if p.is_file()}
    assert after == before  # nothing moved, changed or added
