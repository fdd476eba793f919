"""Files of the drop folder on disk: which names are finished files, walking a folder, and
moving, linking and writing files so that no instant leaves one half made or overwritten.

Plain file mechanics with no knowledge of articles or the store; `articles.inbox` builds its
claim, archive and reject steps on them.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePath

_TEMP_SUFFIXES = (".swp", ".swx", ".part", ".tmp", ".temp", ".crdownload", ".partial", ".download")


def is_candidate(name: str) -> bool:
    """A name an editor, rsync or a download would not give a file it is still writing."""
    lower = name.lower()
    return not (
        name.startswith((".", "~$", "#"))
        or name.endswith("~")
        or lower.endswith(_TEMP_SUFFIXES)
        or ".~" in name
    )


# The end of the name of the folder a browser saves beside a page ("Web page, complete" in
# Chrome, Edge and Firefox writes `Story.html` and `Story_files/`).
SAVED_PAGE_FOLDER = "_files"


def page_resource(relative: PurePath) -> bool:
    """Whether a file lies in the folder a browser saved beside a page: the page's pictures,
    styles, scripts and frames, none of them a story."""
    return resource_folder(relative.parent)


def resource_folder(relative: PurePath) -> bool:
    """Whether a folder is (or lies in) one a browser saved beside a page."""
    return any(part.lower().endswith(SAVED_PAGE_FOLDER) and len(part) > len(SAVED_PAGE_FOLDER)
               for part in relative.parts)


COPY_SUFFIX = ".newsfeed-copy"


def unshare(path: Path) -> None:
    """Give a claimed file an inode of its own: one dropped as a hard link (`ln`, `cp -l`)
    would otherwise be taken, after a crash, for one already archived (link count above one)
    and dropped unread; and its archived original would change with the other link."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}{COPY_SUFFIX}")
    shutil.copy2(path, tmp)
    os.replace(tmp, path)


def walk_files(folder: Path, skip: str | None = None) -> Iterator[Path]:
    """Every regular file below `folder`, leaving out the folder named `skip` at the top."""
    for root, names in walk_folders(folder, skip):
        for name in names:
            yield root / name


def walk_folders(folder: Path, skip: str | None = None) -> Iterator[tuple[Path, list[str]]]:
    """Each folder below `folder` (itself first) with the names of its files, leaving out
    hidden folders and the one named `skip` at the top."""
    for root, dirs, names in os.walk(folder):
        if skip and Path(root) == folder and skip in dirs:
            dirs.remove(skip)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        yield Path(root), names


def move(src: Path, dst: Path, *, keep: bool = False) -> Path:
    """Link `src` to `dst` or a free `dst-N` name, never overwriting; unlink `src` unless `keep`."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    target = link_free(src, dst)
    if not keep:
        src.unlink()
    return target


def link_free(src: Path, dst: Path) -> Path:
    """Hard-link `src` at `dst`, or at `stem-2.ext`, `stem-3.ext`… if taken; the name used."""
    n = 1
    while True:
        target = dst if n == 1 else dst.with_name(f"{dst.stem}-{n}{dst.suffix}")
        try:
            os.link(src, target)
            return target
        except FileExistsError:
            n += 1
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            if target.exists():
                n += 1
                continue
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")  # another filesystem
            shutil.copy2(src, tmp)
            os.replace(tmp, target)
            return target


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
