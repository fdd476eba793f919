"""Reading a backlog on every core (`articles.reading.Reader`): the same articles, refusals and
log lines as reading it in this process, and worker processes that never outlive their parent."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path

import pytest

from articles.reading import POOL_FROM, Reader

ROOT = Path(__file__).resolve().parents[1]
LONG_AGO = time.time() - 3600


def backlog(folder: Path, count: int) -> list[Path]:
    """`count` Markdown files: most dated, every seventh undated (a warning in the log), every
    eleventh with broken front matter (refused), one gone before it is read."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        date = "" if n % 7 == 3 else f"date: 2024-03-{1 + n % 28:02d}T09:{n % 60:02d}:00Z\n"
        front = f"title: Story {n}\n{date}tags: [harbour]" if n % 11 != 5 else "title: [open"
        path = folder / f"story-{n:03d}.md"
        path.write_text(f"---\n{front}\n---\n\nThe harbour reopened, story **{n}** says.\n",
                        encoding="utf-8")
        os.utime(path, (LONG_AGO, LONG_AGO))
        paths.append(path)
    paths[-1].unlink()  # listed, then taken away by someone else
    return paths


def read_all(paths: list[Path], *, files: list[Path]) -> tuple[bool, list, list[logging.LogRecord]]:
    """(whether a pool read them, each file's articles or exception, the records logged)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append
    logger = logging.getLogger("newsfeed")
    logger.addHandler(handler)
    try:
        with Reader(tz=UTC, max_bytes=100_000, files=files) as reader:
            halves = [paths[: len(paths) // 2], paths[len(paths) // 2 :]]
            batches = [reader.submit([(p, p.name) for p in half]) for half in halves]
            out = []
            for batch in batches:
                for parsed in batch.results():
                    try:
                        out.append(parsed.get())
                    except Exception as exc:  # Rejected, OSError, a parser's bug
                        out.append((type(exc).__name__, str(exc)))
            return reader.parallel, out, records
    finally:
        logger.removeHandler(handler)


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU: no pool to start")
def test_a_backlog_read_by_worker_processes_gives_what_reading_it_here_gives(tmp_path):
    paths = backlog(tmp_path / "backlog", POOL_FROM * 2)
    parallel, pooled, pooled_log = read_all(paths, files=paths)
    here, alone, alone_log = read_all(paths, files=paths[:1])
    assert parallel and not here
    assert pooled == alone
    assert sum(isinstance(r, list) for r in pooled) == len(paths) - 10
    assert ("Rejected", "its YAML front matter is not valid YAML: while parsing a flow "
            "sequence") in pooled
    assert pooled[-1][0] == "FileNotFoundError"
    # The parsers' warnings reach this process's log, in order, from the workers.
    assert [r.getMessage() for r in pooled_log] == [r.getMessage() for r in alone_log]
    assert sum("has no date" in r.getMessage() for r in pooled_log) == 13
    assert {r.process for r in pooled_log} - {os.getpid()}
    assert {r.process for r in alone_log} == {os.getpid()}


def test_a_small_backlog_is_read_in_this_process(tmp_path):
    paths = backlog(tmp_path / "backlog", POOL_FROM)
    parallel, out, _ = read_all(paths, files=paths)
    assert not parallel
    assert len(out) == POOL_FROM


CHILD = """
import sys, threading, time
from datetime import UTC
from pathlib import Path
from articles.reading import Reader

if __name__ == "__main__":
    if sys.argv[2] == "threads":  # as in the service: workers from a fork server
        threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
    paths = sorted(Path(sys.argv[1]).iterdir())
    reader = Reader(tz=UTC, max_bytes=100_000, files=paths, fork=sys.argv[2] == "fork")
    for parsed in reader.submit([(p, p.name) for p in paths]).results():
        pass
    print(" ".join(str(pid) for pid in reader._pool._processes), flush=True)
    time.sleep(600)
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has ended; its parent (init, once reparented) has yet to reap it.
    with open(f"/proc/{pid}/stat") as f:
        return f.read().rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU: no pool to start")
@pytest.mark.parametrize("start", ["fork", "threads"])
def test_workers_end_when_their_parent_is_killed(tmp_path, start):
    """A service killed with SIGKILL must leave no parsing process behind (one forked from
    the drop folder's process would keep its claim lock, and its files, held)."""
    paths = backlog(tmp_path / "backlog", POOL_FROM + 1)
    paths[-1].write_text("# back\n\nagain\n", encoding="utf-8")
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    child = subprocess.Popen([sys.executable, script, tmp_path / "backlog", start], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in child.stdout.readline().split()]
        assert len(workers) == len(os.sched_getaffinity(0))
        assert all(alive(pid) for pid in workers)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived its parent"
        time.sleep(0.05)
