"""The drop folder: claim each finished file, parse it, store it, then archive or reject it.

The order makes a crash at any instant harmless:

1. claim: rename the file into this process's claim folder (`.newsfeed/claims/<owner>/`
   inside the inbox). A rename is atomic, so two scans or two processes never both get it.
2. parse, then store the whole batch in one transaction.
3. archive: hard-link the original into `archive` (or `rejected`, beside `NAME.error.txt`)
   under a name no other file has, then unlink the claim.

The owner holds an exclusive `flock` on its claim folder while it lives; the kernel drops
it when the process dies, even by `kill -9`. Any scan that can take the lock of a claim
folder puts what is in it back into the inbox, except files already linked into the
archive (link count above one), which were stored before the crash and are just unlinked.
Storing is idempotent (a story seen again is `unchanged`), so a file retried after a
crash between steps 2 and 3 is archived without being stored twice.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from articles.folder_files import (
    COPY_SUFFIX,
    is_candidate,
    link_free,
    move,
    page_resource,
    unshare,
    walk_files,
    write_atomic,
)
from articles.model import Article, Rejected
from articles.reading import Reader, ReadingBatch

if TYPE_CHECKING:  # the database's libraries are imported by whoever opens the store
    from articles.store import SaveResult, Store

log = logging.getLogger("newsfeed.inbox")

STATE_DIR = ".newsfeed"
SETTLED_AFTER = 60.0  # seconds without change after which a file counts as finished


@dataclass
class Outcome:
    """What one pass over files did."""

    stored: int = 0  # files whose articles are stored (new, edited or already there)
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: dict[str, str] = field(default_factory=dict)  # file -> reason
    resources: int = 0  # files of saved pages' own folders (`Story_files/`), not read

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def add(self, other: Outcome) -> None:
        self.stored += other.stored
        self.added += other.added
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.update(other.rejected)
        self.resources += other.resources

    def summary(self) -> str:
        resources = (f", {self.resources} in saved pages' own folders not read"
                     if self.resources else "")
        return (
            f"{self.stored} files stored ({self.added} new, {self.updated} updated, "
            f"{self.unchanged} unchanged), {len(self.rejected)} rejected{resources}"
        )


Progress = Callable[[int, int], None]  # (files done, files in this pass)


class Inbox:
    def __init__(
        self,
        store: Store,
        *,
        path: Path,
        archive: Path,
        rejected: Path,
        max_bytes: int,
        tz: tzinfo = UTC,
        strict_dates: bool = False,
        folder_categories: bool = True,
        batch_size: int = 200,
    ):
        """`folder_categories`: a file in `inbox/world/europe/` is tagged "world" and "europe"."""
        self.store = store
        self.folder_categories = folder_categories
        self.stopping = threading.Event()  # set to end a scan after its current batch
        self.path, self.archive, self.rejected = Path(path), Path(archive), Path(rejected)
        self.max_bytes, self.tz, self.strict_dates = max_bytes, tz, strict_dates
        self.batch_size = batch_size
        for folder in (self.path, self.archive, self.rejected):
            folder.mkdir(parents=True, exist_ok=True)
        self._claims_root = self.path / STATE_DIR / "claims"
        self._claims_root.mkdir(parents=True, exist_ok=True)
        self._claim_dir: Path | None = None
        self._lock_fd: int | None = None
        self._seen: dict[Path, tuple[int, int]] = {}  # path -> (size, mtime_ns) at last scan
        self._closed: set[Path] = set()  # files a close-after-write event said are finished
        self.waiting = 0  # files the last scan saw but left, not known to be finished yet

    # -- the claim folder of this process -----------------------------------------------

    def open(self) -> None:
        """Take this process's claim folder and put back what dead processes left claimed."""
        while True:
            owner = f"{socket.gethostname()}-{os.getpid()}-{time.time_ns()}"
            claim_dir = self._claims_root / owner
            claim_dir.mkdir()
            # Until locked, the new folder looks like a dead owner's to another process's
            # `recover`, which may remove it meanwhile: only one still there once locked is ours.
            try:
                fd = os.open(claim_dir, os.O_RDONLY)
            except FileNotFoundError:
                continue
            fcntl.flock(fd, fcntl.LOCK_EX)
            with contextlib.suppress(FileNotFoundError):
                if os.stat(claim_dir).st_ino == os.fstat(fd).st_ino:
                    break
            os.close(fd)
        self._claim_dir, self._lock_fd = claim_dir, fd
        self.recover()

    def close(self) -> None:
        """Give back anything still claimed and drop the claim folder."""
        if self._claim_dir is None:
            return
        self._return_claims(self._claim_dir)
        with contextlib.suppress(OSError):
            self._claim_dir.rmdir()
        os.close(self._lock_fd)
        self._claim_dir = self._lock_fd = None

    def recover(self) -> int:
        """Return files claimed by processes that died; how many went back."""
        returned = 0
        for folder in self._claims_root.iterdir():
            if folder == self._claim_dir or not folder.is_dir():
                continue
            try:
                fd = os.open(folder, os.O_RDONLY)
            except FileNotFoundError:
                continue  # another process recovered it and removed it since the listing
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its owner is alive
            else:
                returned += self._return_claims(folder)
                shutil.rmtree(folder, ignore_errors=True)
            finally:
                os.close(fd)
        if returned:
            log.warning("put %d file(s) claimed by a stopped process back into the inbox", returned)
        return returned

    def _return_claims(self, folder: Path) -> int:
        returned = 0
        for claimed in walk_files(folder):
            if claimed.name.endswith(COPY_SUFFIX):  # a private copy `unshare` left half made
                claimed.unlink()
                continue
            if claimed.stat().st_nlink > 1:  # already archived or rejected: its work is done
                claimed.unlink()
                continue
            target = self.path / claimed.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            link_free(claimed, target)
            claimed.unlink()
            returned += 1
        return returned

    # -- scanning -----------------------------------------------------------------------

    def file_closed(self, path: Path) -> None:
        """A file event says `path` was closed after writing or renamed in: it is finished."""
        if is_candidate(Path(path).name):  # editors' and downloads' own files never are
            self._closed.add(Path(path))

    def ready(self) -> list[Path]:
        """Files in the inbox that are finished: closed, unchanged since the last scan, or old."""
        now = time.time()
        seen, ready = {}, []
        for path in walk_files(self.path, skip=STATE_DIR):
            if not is_candidate(path.name):
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                continue
            sig = (st.st_size, st.st_mtime_ns)
            seen[path] = sig
            if (
                path in self._closed
                or self._seen.get(path) == sig
                or now - st.st_mtime > SETTLED_AFTER
            ):
                ready.append(path)
        self._seen = seen
        self.waiting = len(seen) - len(ready)
        self._closed -= set(ready)
        self._closed -= {p for p in list(self._closed) if p not in seen and not p.exists()}
        return sorted(ready)

    def scan(self, progress: Progress | None = None) -> Outcome:
        """Ingest every finished file in the inbox, in batches; one transaction per batch.

        A backlog is parsed on every core: the next batch is claimed and parsing while this
        one is stored."""
        if self._claim_dir is None:
            self.open()
        self.recover()
        outcome, files, resources = Outcome(), [], []
        for path in self.ready():
            (resources if page_resource(path.relative_to(self.path)) else files).append(path)
        outcome.resources = self._archive_resources(resources, outcome)
        reader = Reader(tz=self.tz, max_bytes=self.max_bytes, strict_dates=self.strict_dates,
                        files=files, fork=False)  # no worker may hold the claim lock
        reading = None  # (claims, their parsing): the batch after the one being stored
        try:
            for start in range(0, len(files) + self.batch_size, self.batch_size):
                if self.stopping.is_set():
                    break  # the rest stays in the inbox for the next run
                claimed = self._claim(files[start : start + self.batch_size], outcome)
                storing = reading
                # Known by its path in the inbox: a story's origin names its subfolder.
                reading = (claimed, reader.submit([(c, r.as_posix()) for c, r in claimed]))
                if storing is not None:
                    outcome.add(self._ingest_batch(*storing))
                    if progress:
                        progress(min(start, len(files)), len(files))
        finally:
            if reading is not None:  # stopping, or storing failed: back for the next run
                reading[1].cancel()
                self._give_back(reading[0])
            reader.close()
        return outcome

    def _archive_resources(self, files: list[Path], outcome: Outcome) -> int:
        """Move the files of saved pages' own folders to the archive unread, as the page
        they belong to goes there; how many."""
        claimed = self._claim(files, outcome)
        for claim, relative in claimed:
            move(claim, self.archive / relative)
        if claimed:
            log.info("archived %d file(s) of saved pages' own folders (pictures, styles, "
                     "scripts) unread", len(claimed))
        return len(claimed)

    def _claim(self, files: list[Path], outcome: Outcome) -> list[tuple[Path, Path]]:
        """Rename each file into the claim folder; (claim, path relative to the inbox) of those
        this process got."""
        claimed = []
        for path in files:
            relative = path.relative_to(self.path)
            claim = self._claim_dir / relative
            claim.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.rename(path, claim)
            except FileNotFoundError:
                continue  # another scan or process took it first
            try:
                if claim.stat().st_nlink > 1:
                    unshare(claim)
            except OSError as exc:
                reason = f"it cannot be read: {exc.strerror}"
                self._reject(claim, relative, reason)
                outcome.rejected[str(relative)] = reason
                continue
            claimed.append((claim, relative))
        return claimed

    def _give_back(self, claimed: list[tuple[Path, Path]]) -> None:
        for claim, relative in claimed:
            link_free(claim, self.path / relative)
            claim.unlink()

    def _ingest_batch(self, files: list[tuple[Path, Path]], reading: ReadingBatch) -> Outcome:
        """Store the claimed `files`, as `reading` parses them, then archive or reject each."""
        outcome = Outcome()
        try:
            parsed_files = list(reading.results())
        except Exception:  # the pool broke (a worker killed): back for a retry
            self._give_back(files)
            raise
        claimed: list[tuple[Path, Path, list[Article]]] = []  # (claim, relative path, articles)
        for (claim, relative), parsed in zip(files, parsed_files, strict=True):
            try:
                articles = parsed.get()
                if self.folder_categories and len(relative.parts) > 1:
                    folders = tuple(relative.parts[:-1])
                    articles = [
                        replace(a, tags=tuple(dict.fromkeys(a.tags + folders))) for a in articles
                    ]
            except Rejected as exc:
                self._reject(claim, relative, str(exc))
                outcome.rejected[str(relative)] = str(exc)
                continue
            except Exception as exc:  # a parser bug must not stop the queue
                log.error("could not read %s", relative, exc_info=exc)
                reason = f"newsfeed could not read it ({type(exc).__name__}); see the service log"
                self._reject(claim, relative, reason)
                outcome.rejected[str(relative)] = reason
                continue
            claimed.append((claim, relative, articles))
        if not claimed:
            return outcome
        try:
            results, failed = save_files(self.store, [(c, articles) for c, _, articles in claimed])
        except Exception:
            self._give_back([(claim, relative) for claim, relative, _ in claimed])
            raise
        refused = {id(a): reason for result in results for a, reason in result.refused}
        for claim, relative, articles in claimed:
            reasons = [refused[id(a)] for a in articles if id(a) in refused]
            if claim in failed:  # the store could not take it
                reason = failed[claim]
            elif articles and len(reasons) == len(articles):  # e.g. a deleted story sent again
                reason = reasons[0]
            else:
                move(claim, self.archive / relative)
                outcome.stored += 1
                continue
            self._reject(claim, relative, reason)
            outcome.rejected[str(relative)] = reason
        for result in results:
            outcome.added += len(result.added)
            outcome.updated += len(result.updated)
            outcome.unchanged += len(result.unchanged)
            for a in result.added:
                log.info("stored %s (%s) from %s", a.slug, a.published.date(), a.origin)
            for a in result.updated:
                log.info("updated %s from %s", a.slug, a.origin)
        return outcome

    def _reject(self, claim: Path, relative: Path, reason: str) -> None:
        log.warning("rejected %s: %s", relative, reason)
        target = move(claim, self.rejected / relative, keep=True)
        write_atomic(target.with_name(target.name + ".error.txt"), f"{reason}\n")
        claim.unlink()


def save_files(
    store: Store, files: list[tuple[Path, list[Article]]]
) -> tuple[list[SaveResult], dict[Path, str]]:
    """Store the articles of several files in one transaction; (results, {file: reason}).
    The drop folder's batches and `newsfeed ingest`'s (`articles.backlog`) alike.

    If the store refuses the batch for something in it (a value too long for a column on
    PostgreSQL, say) rather than for being unreachable (raised: the caller retries later), the
    files are stored one by one, so the one it cannot take is refused with the reason instead
    of holding up every other file in the folder, scan after scan.
    """
    if not files:
        return [], {}
    try:
        return [store.save(a for _, articles in files for a in articles)], {}
    except store.UNAVAILABLE:  # the files wait for a retry
        raise
    except Exception as exc:
        if len(files) == 1:
            log.error("the store refused %s", files[0][0], exc_info=True)
            return [], {files[0][0]: _refusal(exc)}
        log.warning("the store refused a batch of %d files (%s); storing them one by one",
                    len(files), type(exc).__name__)
    results, failed = [], {}
    for path, articles in files:
        try:
            results.append(store.save(articles))
        except store.UNAVAILABLE:
            raise
        except Exception as exc:
            log.error("the store refused %s", path, exc_info=True)
            failed[path] = _refusal(exc)
    return results, failed


def _refusal(exc: Exception) -> str:
    """One line for NAME.error.txt: the database's own words, without the SQL."""
    cause = getattr(exc, "orig", None) or exc
    detail = (str(cause).strip().splitlines() or [type(cause).__name__])[0]
    return f"the store could not save it ({detail}); see the service log"
