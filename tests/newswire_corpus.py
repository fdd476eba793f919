"""The corpora of copied stories and how the parser scores on them.

tests/data/newswire/: 114 copies of 50 outlets in six European languages, fields as the
issue names them. tests/data/scripts/: 69 copies of real pages in 15 languages and their
scripts, the writers (`people`) and the outlets named or credited (`outlets`, one list)
scored apart from how a copy ranks them. Shared by the scoring tests
(tests/test_newswire_corpus.py, tests/test_scripts_corpus.py) and `make bench`
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
from articles.parse.newswire import outlets as known_outlets


@dataclass(frozen=True)
class Corpus:
    folder: Path
    fields: tuple[str, ...]
    floors: dict[str, float]


HERE = Path(__file__).parent / "data"
NEWSWIRE = Corpus(HERE / "newswire", ("title", "date", "authors", "outlet", "credits"),
                  {"title": 0.95, "date": 0.95, "authors": 0.85, "outlet": 0.85, "credits": 0.75})
SCRIPTS = Corpus(HERE / "scripts", ("title", "date", "people", "outlets"),
                 {"title": 0.98, "date": 0.94, "people": 0.82, "outlets": 0.68})
DATA, FIELDS, FLOORS = NEWSWIRE.folder, NEWSWIRE.fields, NEWSWIRE.floors


@dataclass(frozen=True)
class Copy:
    """One copied story and what it must give."""

    file: str
    expected: dict
    tz: ZoneInfo
    mtime: datetime
    folder: Path = DATA

    @property
    def path(self) -> Path:
        return self.folder / self.file

    def context(self) -> Context:
        return Context(self.file, self.mtime, self.tz)

    def parse(self) -> Article:
        [article] = parse(self.file, self.path.read_bytes(), self.context())
        return article

    def published(self) -> datetime | date | tuple[int, int]:
        """The expected instant, the expected day when the copy gives no time, or (month,
        day) when it gives no year ("--03-09")."""
        value = self.expected["published"]
        if value == "file time":
            return self.mtime
        if value.startswith("--"):
            return int(value[2:4]), int(value[5:7])
        if len(value) == 10:
            return date.fromisoformat(value)
        return self.instant(value)

    def instant(self, value: str) -> datetime:
        """A manifest's date and time; without an offset, in the site's zone."""
        stated = datetime.fromisoformat(value)
        return stated if stated.tzinfo else stated.replace(tzinfo=self.tz)


def copies(corpus: Corpus = NEWSWIRE) -> list[Copy]:
    manifest = tomllib.loads((corpus.folder / "manifest.toml").read_text(encoding="utf-8"))
    defaults = manifest["defaults"]
    return [Copy(c["file"], c, ZoneInfo(c.get("timezone", defaults["timezone"])),
                 datetime.fromisoformat(c.get("mtime", defaults["mtime"])), corpus.folder)
            for c in manifest["copy"]]


def _names(values) -> list[str]:
    return sorted(" ".join(v.split()).casefold() for v in values)


def _people(a: Article) -> list[str]:
    """The article's authors that are people: not its outlet, one it credits or an agency."""
    return [n for n in a.authors if n != a.source and n not in a.cites
            and not known_outlets.known(n)]


def _outlets(names) -> list[str]:
    return _names({known_outlets.canonical(n) for n in names if n})


def checks(copy: Copy) -> dict[str, Callable[[Article], bool]]:
    """For each scored field, whether an article has it right."""
    expected = copy.expected
    want = copy.published()

    def date_right(a: Article) -> bool:
        if isinstance(want, datetime):
            return a.published == want
        local = a.published.date()  # the day as printed, in the zone it names
        if isinstance(want, tuple):
            return a.date_from != "file time" and (local.month, local.day) == want
        return local == want

    return {
        "title": lambda a: " ".join(a.title.split()) == " ".join(expected["title"].split()),
        "date": date_right,
        "authors": lambda a: _names(a.authors) == _names(expected["authors"]),
        "outlet": lambda a: _names([a.source] if a.source else []) == _names(
            [expected["outlet"]] if expected["outlet"] else []),
        "credits": lambda a: _names(a.cites) == _names(expected["credits"]),
        "people": lambda a: _names(_people(a)) == _names(expected["people"]),
        "outlets": lambda a: _outlets([a.source, *a.cites]) == _outlets(expected["outlets"]),
    }


def score(parsed: dict[str, Article], corpus: Corpus = NEWSWIRE,
          ) -> tuple[dict[str, float], dict[str, list[str]]]:
    """The share of copies right for each field, and the files each field got wrong."""
    all_copies = copies(corpus)
    misses: dict[str, list[str]] = {f: [] for f in corpus.fields}
    for copy in all_copies:
        article = parsed[copy.file]
        found = checks(copy)
        for field in corpus.fields:
            if not found[field](article):
                misses[field].append(copy.file)
    n = len(all_copies)
    return {f: (n - len(misses[f])) / n for f in corpus.fields}, misses
