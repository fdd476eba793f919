"""What the drop folder's tests share: its three folders, an inbox on them, files dropped
as if long finished or still fresh, and a newswire story of its own for each number."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from articles.inbox import STATE_DIR, Inbox
from articles.store import Store

ROOT = Path(__file__).parents[1]
LONG_AGO = time.time() - 3600
MAX_BYTES = 20_000
PNG = bytes.fromhex("89504e470d0a1a0a0000000d494844520000000100000001080600000000") + bytes(64)


def wire_story(n: int, extra: str = "") -> bytes:
    """A distinct newswire story (its own title), in the seed's form."""
    return (
        f"date 2024-{1 + n % 12:02d}-{1 + n % 28:02d}\n\n"
        f"Story number {n} is the lead sentence of its own article.\n\n"
        f"The council met for the {n}th time, Wire Desk reports citing City Hall.{extra}\n\n"
        "Wire Desk\n"
    ).encode()


@dataclass
class Folders:
    inbox: Path
    archive: Path
    rejected: Path

    @property
    def claims(self) -> Path:
        return self.inbox / STATE_DIR / "claims"


def make_inbox(store: Store, folders: Folders, **options) -> Inbox:
    options.setdefault("max_bytes", MAX_BYTES)
    return Inbox(store, path=folders.inbox, archive=folders.archive, rejected=folders.rejected,
                 **options)


def drop(folder: Path, name: str, data: bytes, *, settled: bool = True) -> Path:
    """Write a file into `folder`; `settled`: as if written an hour ago."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if settled:
        os.utime(path, (LONG_AGO, LONG_AGO))
    return path


def files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` but the inbox's own state: relative path -> bytes."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and STATE_DIR not in p.relative_to(folder).parts
    }


def claimed(folders: Folders) -> list[Path]:
    return sorted(p for p in folders.claims.rglob("*") if p.is_file())
