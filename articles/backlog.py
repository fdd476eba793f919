"""`newsfeed ingest`: files and folders stored in place, a backlog on every core.

The files are found when the backlog is made and its parsing workers start at once
(`articles.reading`), so the caller may open the store meanwhile: `newsfeed ingest` imports
the database's libraries while the workers read the first batch. Each batch is stored in one
transaction while the next is parsed (`articles.inbox.save_files`, as the drop folder
stores); the files stay where they are.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from articles.folder_files import is_candidate, resource_folder, walk_folders
from articles.inbox import STATE_DIR, Outcome, Progress, save_files
from articles.model import Rejected
from articles.reading import Reader, ReadingBatch

if TYPE_CHECKING:  # the database's libraries are imported by whoever opens the store
    from articles.store import Store

log = logging.getLogger("newsfeed.inbox")


def ingest_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    tz: tzinfo,
    max_bytes: int,
    strict_dates: bool = False,
    batch_size: int = 200,
    progress: Progress | None = None,
) -> Outcome:
    """Ingest files and folders in place, leaving them where they are (`newsfeed ingest`)."""
    with Backlog(paths, tz=tz, max_bytes=max_bytes, strict_dates=strict_dates,
                 batch_size=batch_size) as backlog:
        return backlog.ingest(store, progress=progress)


class Backlog:
    """Files and folders to ingest in place: found, and their first batch being parsed,
    once it is made."""

    def __init__(self, paths: Iterable[Path], *, tz: tzinfo, max_bytes: int,
                 strict_dates: bool = False, batch_size: int = 200):
        self.files, self.resources = _files_in(map(Path, paths))
        self.batch_size = batch_size
        self._reader = Reader(tz=tz, max_bytes=max_bytes, strict_dates=strict_dates,
                              files=self.files)
        self._first = self._submit(0)

    def _submit(self, start: int) -> tuple[list[Path], ReadingBatch]:
        batch = self.files[start : start + self.batch_size]
        return batch, self._reader.submit([(p, p.name) for p in batch])

    def ingest(self, store: Store, *, progress: Progress | None = None) -> Outcome:
        """Store every file's articles, a batch at a time, while the next batch is parsed
        (once: the backlog is then done)."""
        outcome = Outcome(resources=self.resources)
        reading, total = self._first, len(self.files)
        for start in range(self.batch_size, total + self.batch_size, self.batch_size):
            storing, reading = reading, self._submit(start)
            outcome.add(_store_in_place(store, *storing))
            if progress:
                progress(min(start, total), total)
        return outcome

    def close(self) -> None:
        self._reader.close()

    def __enter__(self) -> Backlog:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _files_in(paths: Iterable[Path]) -> tuple[list[Path], int]:
    """The files to read among `paths` and in the folders among them (not the inbox's own
    state, nor the files a saved page keeps beside it); with how many of those there were."""
    files, resources = [], 0
    for p in paths:
        if not p.is_dir():
            files.append(p)
            continue
        for folder, names in walk_folders(p, skip=STATE_DIR):
            if resource_folder(folder.relative_to(p)):
                resources += len(names)
            else:
                files.extend(folder / name for name in names if is_candidate(name))
    return files, resources


def _store_in_place(store: Store, files: list[Path], reading: ReadingBatch) -> Outcome:
    outcome, parsed = Outcome(), []
    for path, result in zip(files, reading.results(), strict=True):
        try:
            articles = result.get()
        except Rejected as exc:
            outcome.rejected[str(path)] = str(exc)
        except OSError as exc:
            outcome.rejected[str(path)] = f"it cannot be read: {exc.strerror}"
        except Exception as exc:  # a parser bug must not stop the other files
            log.error("could not read %s", path, exc_info=exc)
            outcome.rejected[str(path)] = (
                f"newsfeed could not read it ({type(exc).__name__}); see the service log")
        else:
            parsed.append((path, articles))
    results, failed = save_files(store, parsed)
    outcome.stored += len(parsed) - len(failed)
    outcome.rejected.update((str(path), reason) for path, reason in failed.items())
    for result in results:
        for article, reason in result.refused:
            outcome.rejected[article.origin] = reason
        outcome.added += len(result.added)
        outcome.updated += len(result.updated)
        outcome.unchanged += len(result.unchanged)
    return outcome
