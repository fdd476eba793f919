"""The files the drop folder refused (`inbox.rejected`), each beside `NAME.error.txt` saying
why: listed on the desk, sent back to the drop folder to be read again, or discarded."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ERROR_SUFFIX = ".error.txt"


@dataclass(frozen=True)
class RefusedFile:
    name: str  # its path under the rejected folder, with "/" between folders
    reason: str
    size: int
    when: datetime  # when it was refused (its reason's time)


def listing(folder: Path, limit: int = 200) -> list[RefusedFile]:
    """The refused files, the latest first."""
    found = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            path = Path(root) / name
            error = path.with_name(name + ERROR_SUFFIX)
            if name.startswith(".") or name.endswith(ERROR_SUFFIX) or not error.exists():
                continue
            try:
                reason = error.read_text(encoding="utf-8", errors="replace").strip()
                found.append(RefusedFile(path.relative_to(folder).as_posix(), reason,
                                         path.stat().st_size,
                                         datetime.fromtimestamp(error.stat().st_mtime, UTC)))
            except OSError:  # retried or discarded meanwhile
                continue
    found.sort(key=lambda f: (f.when, f.name), reverse=True)
    return found[:limit]


def retry(folder: Path, inbox: Path, name: str) -> str | None:
    """Move a refused file back into the drop folder (the same subfolder), to be read again;
    the name it has there, or None if there is no such refused file."""
    path = _refused(folder, name)
    if path is None:
        return None
    target = inbox / path.relative_to(folder)
    target.parent.mkdir(parents=True, exist_ok=True)
    n = 1
    while target.exists():  # never over a file waiting there
        n += 1
        target = target.with_name(f"{path.stem}-{n}{path.suffix}")
    shutil.move(path, target)
    path.with_name(path.name + ERROR_SUFFIX).unlink(missing_ok=True)
    return target.relative_to(inbox).as_posix()


def discard(folder: Path, name: str) -> bool:
    """Delete a refused file and its reason; whether there was one."""
    path = _refused(folder, name)
    if path is None:
        return False
    path.unlink(missing_ok=True)
    path.with_name(path.name + ERROR_SUFFIX).unlink(missing_ok=True)
    return True


def _refused(folder: Path, name: str) -> Path | None:
    """The refused file `name` names, only inside `folder` and only one with a reason."""
    if not name or name.startswith("/") or any(p in ("", ".", "..") or p.startswith(".")
                                               for p in name.split("/")):
        return None
    path = folder / name
    if name.endswith(ERROR_SUFFIX) or not path.is_file():
        return None
    if not path.with_name(path.name + ERROR_SUFFIX).is_file():
        return None
    return path
