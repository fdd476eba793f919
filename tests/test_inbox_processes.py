"""The drop folder shared by several processes, and processes that die holding its files:
real processes on real folders and a real store (SQLite and PostgreSQL), killed with
SIGKILL; every file stored exactly once."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC
from pathlib import Path

import psycopg
from drop_folders import (
    MAX_BYTES,
    ROOT,
    Folders,
    claimed,
    drop,
    files,
    make_inbox,
    wire_story,
)

from articles.inbox import Inbox
from articles.reading import read_article_file
from articles.store import Store

# -- several processes, and processes that die ---------------------------------------------

CHILD = """
import json, os, sys, time
from pathlib import Path
from articles.inbox import Inbox
from articles.store import Store

url, inbox, archive, rejected, mode, batch_size = sys.argv[1:]
box = Inbox(Store(url), path=Path(inbox), archive=Path(archive), rejected=Path(rejected),
            max_bytes=100_000, batch_size=int(batch_size))
go = Path(inbox).parent / "go"
if mode == "hold":  # take a claim folder, say which, and wait to be killed
    box.open()
    print(box._claim_dir, flush=True)
    time.sleep(600)
elif mode == "scan":  # one scan (the test kills it while it stores)
    box.scan()
elif mode == "drain":  # when told to go, scan until the inbox is empty; what it did
    while not go.exists():
        time.sleep(0.01)
    totals = {"stored": 0, "added": 0, "rejected": 0}
    while True:
        outcome = box.scan()
        totals["stored"] += outcome.stored
        totals["added"] += outcome.added
        totals["rejected"] += len(outcome.rejected)
        left = [n for n in os.listdir(inbox) if not n.startswith(".")]
        if not left and not outcome.stored:
            break
    box.close()
    print(json.dumps(totals), flush=True)
"""


def child(store_url: str, folders: Folders, mode: str, batch_size: int = 200) -> subprocess.Popen:
    args = [store_url, folders.inbox, folders.archive, folders.rejected, mode, str(batch_size)]
    return subprocess.Popen([sys.executable, "-c", CHILD, *map(str, args)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)


def wait_for(condition, timeout: float = 20, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what or condition}"
        time.sleep(0.02)


@contextlib.contextmanager
def writes_blocked(store_url: str):
    """Hold the store's write lock, so a writer waits inside its save until released."""
    if store_url.startswith("sqlite"):
        conn = sqlite3.connect(store_url.removeprefix("sqlite:///"), isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.execute("ROLLBACK")
            conn.close()
    else:
        with psycopg.connect(store_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
            conn.execute("SELECT value FROM store_state WHERE key = 'revision' FOR UPDATE")
            yield
            conn.rollback()


def kill(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def test_files_claimed_by_a_process_killed_while_storing_are_stored_once_by_the_next_scan(
        store, store_url, folders, tmp_path):
    names = [f"story-{n}.txt" for n in range(5)]
    for n, name in enumerate(names[:-1]):
        drop(folders.inbox, name, wire_story(n))
    # one dropped as a hard link (`ln`, `cp -l`): a link count of 2 is not "archived"
    elsewhere = drop(tmp_path / "elsewhere", names[-1], wire_story(len(names) - 1))
    os.link(elsewhere, folders.inbox / names[-1])
    survivor = make_inbox(store, folders)
    try:
        with writes_blocked(store_url):
            doomed = child(store_url, folders, "scan")
            try:
                wait_for(lambda: len(claimed(folders)) == len(names), what="the child's claims")
                time.sleep(0.3)  # parsed by now, and waiting inside its save
                assert survivor.scan().stored == 0  # a live owner's claims are left alone
                assert len(claimed(folders)) == len(names)
            finally:
                kill(doomed)
        assert files(folders.inbox) == {} and store.count() == 0  # all claimed, none stored
        outcome = survivor.scan()
        assert (outcome.stored, outcome.added, outcome.rejected) == (len(names), len(names), {})
        assert store.count() == len(names)
        assert sorted(files(folders.archive)) == names  # each once, no "-2" copies
        assert files(folders.inbox) == {} and claimed(folders) == []
        assert survivor.scan().stored == 0
        assert elsewhere.read_bytes() == wire_story(len(names) - 1)  # the other link stays
    finally:
        survivor.close()


def test_a_dead_owners_claim_already_archived_is_not_ingested_again(store, store_url, folders):
    holder = child(store_url, folders, "hold")
    try:
        claim_dir = Path(holder.stdout.readline().strip())
        assert claim_dir.parent == folders.claims
        # It had stored and archived done.txt, but died before unlinking the claim …
        archived = drop(folders.archive, "done.txt", wire_story(1))
        store.save(read_article_file(archived, tz=UTC, max_bytes=MAX_BYTES))
        os.link(archived, claim_dir / "done.txt")
        # … and had claimed todo.txt without storing it.
        drop(claim_dir, "todo.txt", wire_story(2))
    finally:
        kill(holder)
    revision = store.revision()
    with contextlib.closing(make_inbox(store, folders)) as inbox:
        outcome = inbox.scan()
    assert (outcome.stored, outcome.added) == (1, 1)
    assert store.count() == 2 and store.revision() == revision + 1
    assert files(folders.archive) == {"done.txt": wire_story(1), "todo.txt": wire_story(2)}
    assert files(folders.inbox) == {} and not claim_dir.exists()


def open_at_once(inboxes: list[Inbox]) -> None:
    """Open (recovering dead owners' claims) and close every inbox, each in its own thread,
    all released together; raises what a thread raised."""
    start = threading.Barrier(len(inboxes))

    def open_and_close(inbox: Inbox) -> None:
        start.wait()
        inbox.open()
        inbox.close()

    with ThreadPoolExecutor(len(inboxes)) as pool:
        list(pool.map(open_and_close, inboxes))


def test_scans_starting_at_once_share_out_dead_owners_claims_without_error(tmp_path, folders):
    """Four inboxes opening at once race for the folders of 200 dead owners (threads: each
    holds its own flock, as a process would): each file goes back exactly once, none fails."""
    store = Store(f"sqlite:///{tmp_path / 'unused.db'}")  # the store is not needed here
    for round in range(3):
        names = [f"story-{round}-{n:03d}.txt" for n in range(200)]
        for n, name in enumerate(names):
            drop(folders.claims / f"host-{round}-{n}", name, wire_story(n))
        open_at_once([make_inbox(store, folders) for _ in range(4)])
        assert sorted(files(folders.inbox)) == names  # each back once: no "-2" copies
        assert list(folders.claims.iterdir()) == []
        for name in names:
            (folders.inbox / name).unlink()


def test_two_processes_on_one_folder_store_and_archive_each_file_exactly_once(
        store, store_url, folders):
    count = 200
    names = [f"story-{n:03d}.txt" for n in range(count)]
    for n, name in enumerate(names):
        drop(folders.inbox, name, wire_story(n))
    for owner in range(10):  # processes that died holding claims: both new ones recover
        dead = folders.claims / f"host-{owner}-{owner}"
        dead.mkdir(parents=True)
        for name in names[owner::10][:5]:
            os.rename(folders.inbox / name, dead / name)
    workers = [child(store_url, folders, "drain", batch_size=10) for _ in range(2)]
    (folders.inbox.parent / "go").touch()
    totals = []
    for worker in workers:
        out, _ = worker.communicate(timeout=50)
        assert worker.returncode == 0
        totals.append(json.loads(out))
    assert sum(t["stored"] for t in totals) == sum(t["added"] for t in totals) == count
    assert all(t["stored"] for t in totals), f"one process did all the work: {totals}"
    assert sum(t["rejected"] for t in totals) == 0
    assert store.count() == count
    assert len({a.title for a in store.latest(2 * count)}) == count
    assert sorted(files(folders.archive)) == names  # each archived once: no "-2" names
    assert files(folders.inbox) == {} and claimed(folders) == []
