"""Archive pages rendered on every core: the first publish of a big store.

A feed of 100,000 articles has 2,000 archive pages in three formats. Rendered one after the
other in the publisher's process they would use one core; `render_pages` hands them to
worker processes (`python -m feeds.publishing.archive_pool`, one per core), each rendering, checking
(`Documents.render(archived=True)`), compressing and writing whole pages while the
publisher reads the next ones from the store. Their files are written without an fsync
each, their writing out started at once (`files.start_writeback`): the publisher makes
them durable with one `files.sync` before its manifest vouches for them.

The workers are plain child processes, as the output helper is (`feeds.publishing.output`), rather
than a `multiprocessing` pool, whose spawned children would import the parent's main
module (under `newsfeed run`, the whole server). Pages go to them pickled over a pipe. A
worker ends when its input does, so also when the publisher dies. Where no worker can
start, or one dies, the pages left are rendered in this process.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from articles.model import Article
from feeds.publishing.files import (
    gzip_bytes,
    read_exactly,
    start_writeback,
    write_all,
    write_if_changed,
)
from feeds.rendering import check, render
from feeds.rendering.documents import Documents

try:
    import fcntl
except ImportError:  # not on Windows: the pipe keeps its size
    fcntl = None

log = logging.getLogger("newsfeed.publish")

_ROOT = Path(__file__).resolve().parents[2]  # where `feeds` can be imported from
_FRAME = struct.Struct("!I")  # the length of the pickle that follows
_QUEUED = 2  # pages sent to a worker at a time: one it renders, one waiting for it
_PIPE_BYTES = 1 << 20  # room for the pages waiting, so that sending one does not wait
_KEPT_ENTRIES = 1_000  # a worker's `Documents`: its pages share no entry, only heads


@dataclass(frozen=True)
class Page:
    """An archive page to render and write."""

    number: int
    channel: render.Channel  # with the page's number
    entries: list[Article]  # newest first
    files: tuple[str, ...]  # absolute paths of its documents, per format of `render.RENDERERS`


@dataclass(frozen=True)
class Rendered:
    """A page done: the formats whose document failed its check (not written), and why; or
    the error that kept its files from being written."""

    number: int
    failed: tuple[tuple[str, str], ...] = ()
    error: OSError | None = None


def workers() -> int:
    """How many worker processes to start: one per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_pages(pages: Iterable[Page], max_bytes: int, count: int) -> Iterator[Rendered]:
    """Each of `pages` rendered, checked and written by `count` worker processes, in the
    order they are done; an `OSError` of the writing is raised here. `pages` is read as the
    workers take them, a few ahead."""
    pages = iter(pages)
    running = [w for w in (_Worker.start(max_bytes) for _ in range(count)) if w is not None]
    left: list[Page] = []  # those of workers that died
    try:
        while running:
            for worker in running:
                while len(worker.sent) < _QUEUED and (page := next(pages, None)) is not None:
                    worker.send(page)
            busy = [w for w in running if w.sent]
            if not busy:
                break
            for worker in _ready(busy):
                done = worker.receive()
                if done is None:
                    log.warning("an archive page worker died; its pages are left to this "
                                "process")
                    left += worker.sent
                    running.remove(worker)
                    worker.close()
                    continue
                if done.error is not None:
                    raise done.error
                yield done
    finally:
        for worker in running:
            worker.close()
    left += pages
    if left:
        log.warning("rendering %d archive pages in this process", len(left))
        documents = Documents(max_bytes, _KEPT_ENTRIES)
        for page in left:
            done = _render(documents, page)
            if done.error is not None:
                raise done.error
            yield done


@dataclass
class _Worker:
    process: subprocess.Popen
    sent: list[Page] = field(default_factory=list)  # in the order sent, not yet answered

    @classmethod
    def start(cls, max_bytes: int) -> _Worker | None:
        try:
            process = subprocess.Popen(
                [sys.executable, "-m", "feeds.publishing.archive_pool", str(max_bytes)], cwd=_ROOT,
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        except OSError as exc:
            log.warning("an archive page worker did not start (%s)", exc)
            return None
        if fcntl is not None and hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: pages at once
            with contextlib.suppress(OSError):
                fcntl.fcntl(process.stdin.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        return cls(process)

    def send(self, page: Page) -> None:
        self.sent.append(page)
        data = pickle.dumps(page, pickle.HIGHEST_PROTOCOL)
        with contextlib.suppress(OSError):  # it died: `receive` tells
            write_all(self.process.stdin, _FRAME.pack(len(data)) + data)

    def receive(self) -> Rendered | None:
        """The answer for the oldest page sent; None when the worker died."""
        try:
            size = _FRAME.unpack(read_exactly(self.process.stdout, _FRAME.size))[0]
            done = pickle.loads(read_exactly(self.process.stdout, size))
        except (EOFError, OSError):
            return None
        self.sent.pop(0)
        return done

    def close(self) -> None:
        """Its input ended: it finishes the page it is on, and exits."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()


def _ready(workers: list[_Worker]) -> list[_Worker]:
    """The workers with an answer (or an end) to read, waited for."""
    by_pipe = {w.process.stdout: w for w in workers}
    return [by_pipe[pipe] for pipe in select.select(list(by_pipe), [], [])[0]]


def _render(documents: Documents, page: Page) -> Rendered:
    """The page's documents, each written with its gzip if it passes the check."""
    failed = []
    mtime = render.updated(page.entries).timestamp()
    try:
        with render.shared_entries():
            bodies = {}
            for fmt in render.RENDERERS:
                try:
                    bodies[fmt] = documents.render(fmt, page.channel, page.entries,
                                                   archived=True)
                except check.Failed as exc:
                    failed.append((fmt, str(exc)))
        for fmt, path in zip(render.RENDERERS, page.files, strict=True):
            if fmt not in bodies:
                continue
            for name, data in ((f"{path}.gz", gzip_bytes(bodies[fmt])), (path, bodies[fmt])):
                write_if_changed(name, data, mtime)
                start_writeback(name)
    except OSError as exc:
        return Rendered(page.number, tuple(failed), exc)
    return Rendered(page.number, tuple(failed))


def serve(max_bytes: int) -> None:
    """A worker: pages from stdin, each answered on stdout once written, until stdin ends."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # it ends with its publisher, not before
    documents = Documents(max_bytes, _KEPT_ENTRIES)
    read, answer = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            page = pickle.loads(read_exactly(read, _FRAME.unpack(
                read_exactly(read, _FRAME.size))[0]))
        except EOFError:
            return
        data = pickle.dumps(_render(documents, page), pickle.HIGHEST_PROTOCOL)
        answer.write(_FRAME.pack(len(data)) + data)
        answer.flush()


if __name__ == "__main__":
    # Run with `python -m`, this file is `__main__`; the classes it pickles must be those of
    # `feeds.publishing.archive_pool`, which the publisher unpickles.
    from feeds.publishing import archive_pool

    archive_pool.serve(int(sys.argv[1]))
