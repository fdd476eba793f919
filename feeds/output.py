"""The output folder's files: each document written atomically beside its gzip, by a helper
process while the publisher renders the next document.

Compressing, hashing and writing a rebuild's documents take about as long as rendering
them, and on two cores they need not wait for it: `Writer` sends each document to
`python -m feeds.output`, a small process (no store, no web app) that gzips it, hashes it
for its ETag and writes both files, in the order sent, and answers with the gzip and the
digest, in that order. The GIL keeps a thread from doing the same beside the rendering.
Where the helper can't start or dies, `write_document` runs in the calling thread, so a
document is never lost, only written later.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import os
import select
import signal
import struct
import subprocess
import sys
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from zlib_ng import gzip_ng

try:
    import fcntl
except ImportError:  # not on Windows: the pipe keeps its size
    fcntl = None

log = logging.getLogger("newsfeed.output")

_REQUEST = struct.Struct("!IId")  # path and body lengths, mtime (NaN: none)
_ANSWER = struct.Struct("!II?32s")  # gzip and error lengths, changed, digest
_ROOT = Path(__file__).resolve().parents[1]  # where `feeds` can be imported from
_PIPE_BYTES = 1 << 20  # room for a big document, so that sending it does not wait


def gzip_bytes(data: bytes) -> bytes:
    """gzip that gives the same bytes for the same data (no timestamp), as files and ETags need;
    zlib-ng's: the output of zlib's level 6 or smaller, in about half its time."""
    return gzip_ng.compress(data, compresslevel=6, mtime=0)  # 9: 2.4x the time, 1.5% smaller


def digest(data: bytes) -> str:
    """The strong ETag's core: a hash of the bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


@dataclass(frozen=True)
class Written:
    """A document written: its gzip, its digest, and whether its file changed."""

    gzipped: bytes
    digest: str
    changed: bool


def write_document(path: Path, body: bytes, mtime: float | None) -> Written:
    """`body` at `path` and its gzip beside it (`.gz`, first), each unless already there."""
    gzipped = gzip_bytes(body)
    write_if_changed(path.with_name(f"{path.name}.gz"), gzipped, mtime)
    return Written(gzipped, digest(body), write_if_changed(path, body, mtime))


def write_if_changed(path: Path, data: bytes, mtime: float | None = None, *,
                     durable: bool = False) -> bool:
    """Write `data` atomically unless the file holds it already, its mtime set to `mtime`
    (the document's own updated time) when given; whether it wrote.

    Only `durable` files (full archive pages and their manifest, which a restart trusts)
    are fsync'd: every other file is rendered again and compared at each start, so a power
    cut that leaves one torn costs nothing but its rewrite."""
    try:
        if path.read_bytes() == data:
            if durable:  # perhaps written before as not durable
                with open(path, "rb") as f:
                    os.fsync(f.fileno())
            return False
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    if mtime is not None:
        os.utime(tmp, (mtime, mtime))
    os.replace(tmp, path)
    return True


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

    def send(self, path: Path, body: bytes, mtime: float | None) -> None:
        """A document to write; `results` says what became of it."""
        self._waiting.append((len(self._done) + len(self._waiting) + (self._busy is not None),
                              (path, body, mtime)))
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
        done, self._done, self._down = [self._done[n] for n in sorted(self._done)], {}, False
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
            request = _REQUEST.pack(len(name), len(body), math.nan if mtime is None else mtime)
            try:
                _write_all(helper.stdin, request + name)
                _write_all(helper.stdin, body)
                self._busy = number, job
                return
            except OSError:
                self._lost("stopped taking documents")
        self._done[number] = _write_here(job)

    def _collect(self) -> None:
        """The helper's answer for its document, waited for; written here if it died."""
        (number, job), self._busy = self._busy, None
        try:
            size, error_size, changed, hashed = _ANSWER.unpack(
                _read_exactly(self._helper.stdout, _ANSWER.size))
            data = _read_exactly(self._helper.stdout, size + error_size)
        except EOFError:
            self._lost("died")
            self._done[number] = _write_here(job)
            return
        self._done[number] = (OSError(data[size:].decode("utf-8", "replace")) if error_size
                              else Written(data, hashed.decode(), changed))

    def _start(self) -> subprocess.Popen | None:
        try:
            helper = subprocess.Popen([sys.executable, "-m", "feeds.output"], cwd=_ROOT,
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
        return write_document(*job)
    except OSError as exc:
        return exc


def _write_all(pipe, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[pipe.write(view):]


def _read_exactly(pipe, size: int) -> bytes:
    data = bytearray()
    while len(data) < size:
        chunk = pipe.read(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return bytes(data)


def _serve() -> None:
    """The helper: requests on stdin, answers on stdout, until stdin ends."""
    for sig in (signal.SIGINT, signal.SIGTERM):  # it ends with its publisher, not before
        signal.signal(sig, signal.SIG_IGN)
    read, answer = sys.stdin.buffer.read, sys.stdout.buffer
    while len(head := read(_REQUEST.size)) == _REQUEST.size:
        name_size, size, mtime = _REQUEST.unpack(head)
        path, body = Path(read(name_size).decode()), read(size)
        try:
            written, error = write_document(path, body, None if math.isnan(mtime) else mtime), b""
        except OSError as exc:
            written, error = Written(b"", "", False), str(exc).encode()
        answer.write(_ANSWER.pack(len(written.gzipped), len(error), written.changed,
                                  written.digest.encode().ljust(32)))
        answer.write(written.gzipped + error)
        answer.flush()


if __name__ == "__main__":
    _serve()
