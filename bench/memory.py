"""Memory: resident set size (VmRSS from /proc) of `newsfeed run` with 100,000 articles stored,
plus its child processes' (the output helper, `feeds/publishing/output.py`) and its memory files
(the
bodies it sends with sendfile, `feeds/serving/protocol.py`: shared memory that VmRSS does not
count), after startup and a round of requests of every kind; the baseline is the same
process with 1,000 articles stored. The goal is on the value itself (< 150 MB); the ratio
shows how much of it grows with the store.

The store and output folder are clones of one published once in this run, as a restarted
service finds them: the startup publish re-reads the store, and archive pages already on
disk are not rendered again.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from bench.common import Figure, Run, Service, rss_mib

GOAL_MB = 150


def run(run: Run) -> list[Figure]:
    big = 10_000 if run.quick else 100_000
    measured = {}
    for size in (1_000, big):
        root = run.scratch(f"memory/{size}")
        db, output = run.clone_published(size, root)
        service = Service(root, db, output)
        started = time.perf_counter()
        service.start(timeout=600)
        up = time.perf_counter() - started
        try:
            asked = _requests(service.base)
            time.sleep(2)  # let the scheduler's first turn (scan, rebuild, lead) finish
            asked += _requests(service.base)
            rss, hwm = rss_mib(service.pid)
            children = sum(rss_mib(pid)[0] for pid in _children(service.pid))
            files = _memory_files_mib(service.pid)
        finally:
            service.stop()
        measured[size] = rss + children + files
        run.detail("memory", f"{size:,} stored: VmRSS {rss:.1f} MiB, peak (VmHWM) {hwm:.1f} MiB, "
                             f"child processes {children:.1f} MiB, memory files {files:.1f} MiB, "
                             f"after a startup of {up:.1f}s and {asked} requests")
    mb = {k: v * 1.048576 for k, v in measured.items()}  # MiB -> MB (10^6 bytes)
    return [Figure(f"memory, {big:,} stored", mb[big], "MB", mb[1_000], "1,000 stored",
                   goal=GOAL_MB, op="<", goal_on_value=True,
                   note="VmRSS of newsfeed run and its helper, and its memory files")]


def _children(pid: int) -> list[int]:
    """The processes `pid` started (the output helper)."""
    return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
            for child in (task / "children").read_text().split()]


def _memory_files_mib(pid: int) -> float:
    """The size of the memory files (memfd) `pid` holds open."""
    total = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            if os.readlink(fd).startswith("/memfd:"):
                total += fd.stat().st_size
    return total / 2**20


def _requests(base: str) -> int:
    """Every kind of answer once or more: feeds in each coding, 304, home, articles, tags,
    an archive page."""
    import re

    import httpx

    n = 0
    with httpx.Client(base_url=base, timeout=30) as c:
        home = c.get("/")
        n += 1
        for fmt in ("atom", "rss", "json"):
            for coding in ("identity", "gzip", "br"):
                r = c.get(f"/feeds/news.{fmt}", headers={"Accept-Encoding": coding})
                r.raise_for_status()
                n += 1
            c.get(f"/feeds/news.{fmt}", headers={"If-None-Match": r.headers["etag"]})
            c.get(f"/feeds/news.{fmt}", headers={"Sec-Fetch-Dest": "document",
                                                 "Sec-Fetch-Mode": "navigate"})
            n += 2
        feed = c.get("/feeds/news.json").json()
        for item in feed["items"][:10]:
            c.get(item["url"].replace("http://127.0.0.1:8080", ""))
            n += 1
        for tag in ("world", "europe", "economy"):
            c.get(f"/feeds/tags/{tag}.atom")
            n += 1
        if archive := re.search(r'/feeds/news/archive/\d+\.atom', c.get("/feeds/news.atom").text):
            c.get(archive.group(0))
            n += 2
        del home
    return n
