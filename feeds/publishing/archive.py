"""RFC 5005 archive pages: how a feed's articles fall into pages, and which pages changed.

A feed's matching articles, in ingest order, are cut into pages of `limit`, page 1 the
oldest, and every full page is published. The articles after the last full page (the
tail) are nearly always the newest, shown by the subscription document; those of them it
does not show (a story dropped in with an old date) make one more page, so a reader going
back from the subscription document through `prev-archive` meets every entry. So archive
documents stay as RFC 5005 asks, fixed: a full page's entries change only when one of its
articles is edited, and its bytes once more, when the page after it appears and it gains a
`next-archive` link; a new article changes no archive page until its page is full.

Only keys are kept, `(pk, version)` from `Store.versions`, hashed per page; which document
digest is on disk is remembered in a small manifest beside the pages, so a restart renders
only the pages whose entries or settings changed.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

Key = tuple[int, str]  # (pk, version) of one article
MANIFEST = ".pages.json"
PATH = re.compile(r"^/feeds/([A-Za-z0-9_-]+)/archive/([1-9][0-9]*)\.(atom|rss|json)$")


def path(name: str, page: int, fmt: str) -> str:
    """The URL path of an archive page, also its place below the output folder."""
    return f"/feeds/{name}/archive/{page}.{fmt}"


def _digest(*parts: object) -> str:
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Page:
    """A full page: the pk just before it, its last pk, and the digest of its keys."""

    after_pk: int
    last_pk: int
    keys: str


@dataclass(frozen=True)
class Archive:
    limit: int
    full: tuple[Page, ...] = ()
    tail: tuple[Key, ...] = ()  # the keys after the last full page, fewer than `limit`
    rest: tuple[Key, ...] = ()  # those of `tail` the subscription document does not show

    @classmethod
    def build(cls, keys: Sequence[Key], limit: int) -> Archive:
        """The pages of every matching article's keys, in ingest order."""
        return cls(limit).extend(keys)

    @property
    def anchor(self) -> int:
        """The last pk of the last full page: what comes after it is the tail."""
        return self.full[-1].last_pk if self.full else 0

    @property
    def pages(self) -> int:
        """How many archive pages are published: the full ones, and one of `rest` if any;
        none while one document holds every article."""
        if len(self.full) * self.limit + len(self.tail) <= self.limit:
            return 0
        return len(self.full) + (1 if self.rest else 0)

    def extend(self, tail: Sequence[Key]) -> Archive:
        """The archive with `tail`, every key after `anchor` as the store has them now;
        `showing` must follow."""
        full, after, start = list(self.full), self.anchor, 0
        while len(tail) - start >= self.limit:
            chunk = tail[start : start + self.limit]
            full.append(Page(after, chunk[-1][0], _digest(chunk)))
            after, start = chunk[-1][0], start + self.limit
        return Archive(self.limit, tuple(full), tuple(tail[start:]))

    def showing(self, head: Sequence[Key]) -> Archive:
        """The archive beside a subscription document showing the articles of `head`."""
        shown = {pk for pk, _ in head}
        rest = tuple(key for key in self.tail if key[0] not in shown)
        return dataclasses.replace(self, rest=rest)

    def page_of(self, pk: int) -> int | None:
        """The number of the full page holding `pk`, if one does."""
        n = bisect.bisect_left([p.last_pk for p in self.full], pk)
        return n + 1 if n < len(self.full) else None

    def after_pk(self, page: int) -> int:
        return self.full[page - 2].last_pk if page > 1 else 0

    def replace(self, page: int, keys: Sequence[Key]) -> Archive | None:
        """The archive with full page `page` re-read as `keys`; None when its articles are no
        longer the same (one joined or left the feed), so the pages must be cut again."""
        old = self.full[page - 1]
        if len(keys) != self.limit or keys[-1][0] != old.last_pk:
            return None
        full = list(self.full)
        full[page - 1] = Page(old.after_pk, old.last_pk, _digest(keys))
        return dataclasses.replace(self, full=tuple(full))

    def document(self, signature: str, page: int) -> str:
        """The digest of everything the documents of `page` say, under the feed's settings."""
        pages = self.pages
        keys = self.full[page - 1].keys if page <= len(self.full) else _digest(self.rest)
        return _digest(signature, page, page < pages, keys)

    def changed(self, before: Archive) -> set[int]:
        """The pages whose documents may differ from those of `before`: new or re-read full
        pages, the page of `rest` when it changed, and the newest page of each when their
        number differs (its `next-archive` link comes or goes)."""
        pages, full = self.pages, len(self.full)
        same = self.limit == before.limit
        common = min(full, len(before.full))
        if same and self.full[:common] == before.full[:common]:  # the usual case, at C speed
            changed = set(range(common + 1, full + 1))
        else:
            changed = {n for n in range(1, full + 1) if not same or n > len(before.full)
                       or self.full[n - 1] != before.full[n - 1]}
        if self.rest and (not same or full != len(before.full) or self.rest != before.rest):
            changed.add(pages)
        if before.pages != pages:
            changed |= {n for n in (before.pages, pages) if 0 < n <= pages}
        return changed


def signature(*settings: object) -> str:
    """A digest of the settings that shape every page of a feed (channel, limit, version)."""
    return _digest(*settings)


def read_manifest(folder: Path) -> dict[int, str]:
    """Page number -> digest of the documents on disk in `folder`; empty when unknown."""
    try:
        return {int(n): d for n, d in json.loads((folder / MANIFEST).read_text()).items()}
    except (OSError, ValueError, AttributeError):
        return {}


def manifest_bytes(published: dict[int, str]) -> bytes:
    return json.dumps({str(n): d for n, d in sorted(published.items())}, indent=0).encode()
