"""Reading files into articles: one (`read_article_file`), or a backlog on every core (`Reader`).

Parsing is pure Python and the store writes one batch at a time, so a backlog goes fastest
when worker processes parse the next batch while the caller stores this one. A pool costs
its start, so only a backlog of more than `POOL_FROM` files gets one; fewer are parsed in
this process. What the parsers log in a worker is logged again here, in order, so the
service log and the tests see it as if parsed in this process. Workers ignore SIGINT and
SIGTERM (the parent stops them) and die with their parent, even by `kill -9`.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import threading
import traceback
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path, PurePath

from articles.model import Article, Rejected
from articles.parse import HEAD, Context, load, parse, size_limit

log = logging.getLogger("newsfeed.inbox")

POOL_FROM = 48  # files: below this a pool's start costs more than parsing in this process
_CHUNKS_PER_WORKER = 2  # tasks per worker and batch: few enough to pickle little, enough to balance


def read_article_file(
    path: Path, *, tz: tzinfo, max_bytes: int, strict_dates: bool = False, name: str | None = None
) -> list[Article]:
    """The articles in one file, or `Rejected` with the reason."""
    st = path.stat()
    limit, limit_name = size_limit(name or path.name, max_bytes)
    if st.st_size > limit:  # unless the page is one saved whole: its start says so
        with path.open("rb") as start:
            limit, limit_name = size_limit(name or path.name, max_bytes, start.read(HEAD))
    if st.st_size > limit:
        raise Rejected(f"it is {st.st_size:,} bytes, over the limit of {limit:,} ({limit_name})")
    data = path.read_bytes()
    mtime = datetime.fromtimestamp(st.st_mtime, UTC).replace(microsecond=0)
    context = Context(name=name or path.name, mtime=mtime, tz=tz, strict_dates=strict_dates)
    return parse(context.name, data, context)


@dataclass
class Parsed:
    """One file read: its articles, or the exception reading it raised."""

    articles: list[Article] | None = None
    error: Exception | None = None

    def get(self) -> list[Article]:
        """The articles; raises what reading the file raised (`Rejected`, `OSError`, a bug)."""
        if self.error is not None:
            raise self.error
        return self.articles


@dataclass(frozen=True)
class _Settings:
    tz: tzinfo
    max_bytes: int
    strict_dates: bool


class Reader:
    """Reads files for a caller that stores them batch by batch: `submit` a batch, store the
    one before, then take this one's `Parsed` in order from the handle it returned.

    `files` are the files the reader will be given in all: how many decides the pool, and
    their formats' parsers are imported before its workers start.
    `fork`: workers may be forked from this process, the cheapest start (they begin with
    everything imported); False when it holds what a worker must not inherit, such as the
    drop folder's claim lock. A process running threads never forks them either (a lock
    another thread holds would be copied held); a fork server starts them instead.
    """

    def __init__(self, *, tz: tzinfo, max_bytes: int, strict_dates: bool = False,
                 files: Sequence[PurePath], fork: bool = True):
        self._settings = _Settings(tz, max_bytes, strict_dates)
        self.workers = len(os.sched_getaffinity(0))
        self._pool: ProcessPoolExecutor | None = None
        if len(files) > POOL_FROM and self.workers > 1:
            parsers = load(f.name for f in files)
            self._pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(fork, parsers),
                initializer=_start_worker, initargs=(_log_level(),))

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def submit(self, files: Sequence[tuple[Path, str]]) -> ReadingBatch:
        """Start reading `files`, each (path, name the parsers know it by); the batch's handle."""
        files = list(files)
        if self._pool is None:
            return ReadingBatch(files, self._settings, [])
        size = max(1, -(-len(files) // (self.workers * _CHUNKS_PER_WORKER)))
        chunks = [files[i : i + size] for i in range(0, len(files), size)]
        return ReadingBatch(files, self._settings,
                      [self._pool.submit(_read_chunk, chunk, self._settings) for chunk in chunks])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class ReadingBatch:
    """Files being read, in a pool (`futures`, one per chunk) or here when asked for."""

    def __init__(self, files: list[tuple[Path, str]], settings: _Settings,
                 futures: list[Future]):
        self.files, self._settings, self._futures = files, settings, futures

    def results(self) -> Iterator[Parsed]:
        """Each file's `Parsed`, in the order submitted, as soon as it is read."""
        if not self._futures:
            for path, name in self.files:
                yield _read_one(path, name, self._settings)
            return
        for future in self._futures:
            parsed, records = future.result()
            for record in records:  # what the parsers logged, logged here
                logging.getLogger(record.name).handle(record)
            yield from parsed

    def cancel(self) -> None:
        """Drop what is not read yet (the files themselves are the caller's to give back)."""
        for future in self._futures:
            future.cancel()


def _read_one(path: Path, name: str, settings: _Settings) -> Parsed:
    try:
        return Parsed(read_article_file(path, tz=settings.tz, max_bytes=settings.max_bytes,
                                        strict_dates=settings.strict_dates, name=name))
    except Exception as exc:
        return Parsed(error=exc)


# -- in the worker processes ----------------------------------------------------------------

class _Capture(logging.Handler):
    """Keeps a worker's log records to send back with its results."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None  # arguments may not pickle
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)


_capture = _Capture()


def _start_worker(level: int) -> None:
    """Leave signals to the parent, end with it, and log only into `_capture` (the parent
    writes what the workers logged)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    threading.Thread(target=_end_with_parent, name="parent-watch", daemon=True).start()
    for logger in logging.root.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers.clear()
    logging.root.handlers[:] = [_capture]
    logging.getLogger("newsfeed").setLevel(level)


def _end_with_parent() -> None:
    """Exit once the parent process has ended, however it ended: a pool's workers otherwise
    wait for work forever after a `kill -9` of the service."""
    multiprocessing.connection.wait([multiprocessing.parent_process().sentinel])
    os._exit(1)


def _read_chunk(files: list[tuple[Path, str]],
                settings: _Settings) -> tuple[list[Parsed], list[logging.LogRecord]]:
    _capture.records = []
    out = []
    for path, name in files:
        parsed = _read_one(path, name, settings)
        if parsed.error is not None:
            parsed.error = _sendable(parsed.error)
        out.append(parsed)
    return out, _capture.records


def _sendable(exc: Exception) -> Exception:
    """`exc`, able to cross to the parent process; a parser bug carries its traceback along."""
    if isinstance(exc, Rejected | OSError):
        return exc
    text = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        exc = RuntimeError(f"{type(exc).__name__}: {exc}")
    return _WithTraceback(exc, text)


class _RemoteTraceback(Exception):
    def __str__(self) -> str:
        return self.args[0]


class _WithTraceback:
    """Pickles as its exception, which is rebuilt with the worker's traceback as its cause
    (how `concurrent.futures` sends an exception back)."""

    def __init__(self, exc: Exception, text: str):
        self.exc, self.text = exc, text

    def __reduce__(self):
        return _rebuild, (self.exc, self.text)


def _rebuild(exc: Exception, text: str) -> Exception:
    exc.__cause__ = _RemoteTraceback(f'\n"""\n{text}"""')
    return exc


def _context(fork: bool, parsers: list[str]) -> multiprocessing.context.BaseContext:
    """`fork` when allowed and this process runs one thread; else `forkserver`, which
    imports this module and `parsers` once for all the workers it starts (a parser it did
    not import is imported by each worker that needs it)."""
    if fork and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__, *parsers])
    return ctx


def _log_level() -> int:
    return logging.getLogger("newsfeed").getEffectiveLevel()
