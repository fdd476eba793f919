"""The corpus of copied stories in tests/data/newswire/ and how the parser scores on it.

Shared by the scoring test (tests/test_newswire_corpus.py) and `make bench`
(bench/extraction.py), so both report the same figures.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.model import Article
from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "newswire"
FIELDS = ("title", "date", "authors", "outlet", "credits")
FLOORS = {"title": 0.95, "date": 0.95, "authors": 0.85, "outlet": 0.85, "credits": 0.75}


@dataclass(frozen=True)
class Copy:
    """One copied story and what it must give."""

    file: str
    expected: dict
    tz: ZoneInfo
    mtime: datetime

    @property
    def path(self) -> Path:
        return DATA / self.file

    def context(self) -> Context:
        return Context(self.file, self.mtime, self.tz)

    def parse(self) -> Article:
        [article] = parse(self.file, self.path.read_bytes(), self.context())
        return article

    def published(self) -> datetime | date:
        """The expected instant, or the expected day when the copy gives no time."""
        value = self.expected["published"]
        if value == "file time":
            return self.mtime
        if len(value) == 10:
            return date.fromisoformat(value)
        return self.instant(value)

    def instant(self, value: str) -> datetime:
        """A manifest's date and time; without an offset, in the site's zone."""
        stated = datetime.fromisoformat(value)
        return stated if stated.tzinfo else stated.replace(tzinfo=self.tz)


def copies() -> list[Copy]:
    manifest = tomllib.loads((DATA / "manifest.toml").read_text(encoding="utf-8"))
    defaults = manifest["defaults"]
    return [Copy(c["file"], c, ZoneInfo(c.get("timezone", defaults["timezone"])),
                 datetime.fromisoformat(c.get("mtime", defaults["mtime"])))
            for c in manifest["copy"]]


def _names(values) -> list[str]:
    return sorted(" ".join(v.split()).casefold() for v in values)


def checks(copy: Copy) -> dict[str, Callable[[Article], bool]]:
    """For each scored field, whether an article has it right."""
    expected = copy.expected
    want = copy.published()

    def date_right(a: Article) -> bool:
        if isinstance(want, datetime):
            return a.published == want
        return a.published.astimezone(copy.tz).date() == want

    return {
        "title": lambda a: " ".join(a.title.split()) == " ".join(expected["title"].split()),
        "date": date_right,
        "authors": lambda a: _names(a.authors) == _names(expected["authors"]),
        "outlet": lambda a: _names([a.source] if a.source else []) == _names(
            [expected["outlet"]] if expected["outlet"] else []),
        "credits": lambda a: _names(a.cites) == _names(expected["credits"]),
    }


def score(parsed: dict[str, Article]) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The share of copies right for each field, and the files each field got wrong."""
    all_copies = copies()
    misses: dict[str, list[str]] = {f: [] for f in FIELDS}
    for copy in all_copies:
        article = parsed[copy.file]
        for field, right in checks(copy).items():
            if not right(article):
                misses[field].append(copy.file)
    n = len(all_copies)
    return {f: (n - len(misses[f])) / n for f in FIELDS}, misses
