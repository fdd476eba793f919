"""Writing a rebuild's new documents in a helper process while the publisher renders the
next ones.

Compressing, hashing and writing a rebuild's documents take about as long as rendering
them, and on two cores they need not wait for it: `Writer` sends each document to the
output helper (`python -m feeds.publishing.files`, a 16 MB process: no store, no web app), which
gzips it, hashes it for its ETag and writes both files while the publisher goes on; when
the publisher asks for the results, it writes the newest documents itself while the
helper finishes. A thread could not do the same: the rendering holds the GIL. Where the
helper can't start or dies, the documents are written in this process, so none is lost,
only written later.
"""

from __future__ import annotations

import contextlib
import logging
import math
import select
import subprocess
import sys
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from feeds.publishing.files import ANSWER, REQUEST, read_exactly, write_all, write_document

try:
    import fcntl
except ImportError:  # not on Windows: the pipe keeps its size
    fcntl = None

log = logging.getLogger("newsfeed.output")

_ROOT = Path(__file__).resolve().parents[2]  # where `feeds` can be imported from
_PIPE_BYTES = 1 << 20  # room for a big document, so that sending it does not wait


@dataclass(frozen=True)
class Written:
    """A document written: its gzip, its digest, and whether its file changed."""

    gzipped: bytes
    digest: str
    changed: bool


class Writer:
    """Documents to write, in the helper process and in the calling thread at once: the helper
    takes them one at a time from the oldest while the publisher renders; once the publisher
    asks for the results, it writes the newest itself until none is left. Used by one thread
    at a time (the publisher's, under its lock)."""

    def __init__(self) -> None:
        self._helper: subprocess.Popen | None = None
        self._down = False  # the helper died since the last `results`: not restarted before
        self._waiting: deque[tuple[int, _Job]] = deque()  # to write, numbered in order sent
        self._busy: tuple[int, _Job] | None = None  # the one the helper is writing
        self._done: dict[int, Written | OSError] = {}
        self._count = 0  # documents sent since the last `results`

    def send(self, path: Path, body: bytes, mtime: float | None) -> None:
        """A document to write; `results` says what became of it."""
        self._waiting.append((self._count, (Path(path).absolute(), body, mtime)))
        self._count += 1
        self._poll()

    def results(self) -> list[Written]:
        """What became of every document sent since the last call, in order; OSError (once
        all are done) when one could not be written."""
        while self._waiting or self._busy:
            if self._busy is None and len(self._waiting) > 1:
                self._next()  # the oldest to the helper, while this thread takes the newest
            elif self._waiting:
                number, job = self._waiting.pop()
                self._done[number] = _write_here(job)
                self._poll(give=False)
            else:
                self._collect()
        done = [self._done[n] for n in range(self._count)]
        self._done, self._count, self._down = {}, 0, False
        for result in done:
            if isinstance(result, OSError):
                raise result
        return done

    def close(self) -> None:
        """Let the helper go: it exits when its input ends."""
        helper, self._helper = self._helper, None
        if helper is not None:
            helper.stdin.close()
            try:
                helper.wait(5)
            except subprocess.TimeoutExpired:
                helper.kill()
                helper.wait()
            helper.stdout.close()

    def _poll(self, *, give: bool = True) -> None:
        """Take the helper's answer if it is there; then, if `give`, the next document to it."""
        if self._busy is not None and select.select([self._helper.stdout], [], [], 0)[0]:
            self._collect()
        if give and self._busy is None:
            self._next()

    def _next(self) -> None:
        """The oldest document waiting, to the helper; written here if there is none."""
        if not self._waiting:
            return
        number, job = self._waiting.popleft()
        helper = self._helper or (None if self._down else self._start())
        if helper is not None:
            path, body, mtime = job
            name = str(path).encode()
            request = REQUEST.pack(len(name), len(body), math.nan if mtime is None else mtime)
            try:
                write_all(helper.stdin, request + name)
                write_all(helper.stdin, body)
                self._busy = number, job
                return
            except OSError:
                self._lost("stopped taking documents")
        self._done[number] = _write_here(job)

    def _collect(self) -> None:
        """The helper's answer for its document, waited for; written here if it died."""
        (number, job), self._busy = self._busy, None
        try:
            size, error_size, changed, hashed = ANSWER.unpack(
                read_exactly(self._helper.stdout, ANSWER.size))
            data = read_exactly(self._helper.stdout, size + error_size)
        except EOFError:
            self._lost("died")
            self._done[number] = _write_here(job)
            return
        self._done[number] = (OSError(data[size:].decode("utf-8", "replace")) if error_size
                              else Written(data, hashed.decode(), changed))

    def _start(self) -> subprocess.Popen | None:
        try:
            helper = subprocess.Popen([sys.executable, "-m", "feeds.publishing.files"], cwd=_ROOT,
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
        except OSError as exc:
            log.warning("writing in this process: the output helper did not start (%s)", exc)
            self._down = True
            return None
        if fcntl is not None and hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: a body at once
            with contextlib.suppress(OSError):
                fcntl.fcntl(helper.stdin.fileno(), fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
        self._helper = helper
        return helper

    def _lost(self, what: str) -> None:
        log.warning("the output helper %s; writing in this process until the next publish",
                    what)
        helper, self._helper, self._down = self._helper, None, True
        helper.kill()
        helper.wait()
        for pipe in (helper.stdin, helper.stdout):
            with contextlib.suppress(OSError):
                pipe.close()


_Job = tuple[Path, bytes, "float | None"]  # path, body, mtime


def _write_here(job: _Job) -> Written | OSError:
    try:
        return Written(*write_document(*job))
    except OSError as exc:
        return exc
