"""Newswire extraction: what the `.txt` parser gets right in stories copied from real outlets,
and what reading them costs.

The corpora are tests/data/newswire/ (stories as select-copy-paste of news pages and wires
gives them, with the expected fields in its manifest) and tests/data/scripts/ (copies of
real pages in 15 languages and their scripts), scored per field by the same code as
tests/test_newswire_corpus.py and tests/test_scripts_corpus.py, against their floors.
Speed: the newswire corpus through the parser and through the ingest of `newsfeed ingest`
(`ingest_paths`, a fresh SQLite store each turn), against as many generated seed-shaped
stories (bench/stories.py) through the same path in the same run. dateparser, which reads
month names in other languages, is measured on its own: its first use in a fresh process,
and a date it reads once warm.
"""

from __future__ import annotations

import importlib.util
import logging
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from bench.common import ROOT, Figure, Run
from bench.stories import newswire_story

_spec = importlib.util.spec_from_file_location("newswire_corpus",
                                               ROOT / "tests" / "newswire_corpus.py")
corpus = sys.modules.setdefault("newswire_corpus", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(corpus)

TZ = ZoneInfo("Europe/Amsterdam")


def run(run: Run) -> list[Figure]:
    logging.getLogger("newsfeed.parse").setLevel(logging.ERROR)  # undated copies log a line
    copies = corpus.copies()
    scores, misses = corpus.score({c.file: c.parse() for c in copies})
    figures = [Figure(f"newswire {field}, {len(copies)} copied stories", scores[field] * 100,
                      "% right", goal=corpus.FLOORS[field] * 100, goal_on_value=True)
               for field in corpus.FIELDS]
    scripts = corpus.copies(corpus.SCRIPTS)
    script_scores, script_misses = corpus.score({c.file: c.parse() for c in scripts},
                                                corpus.SCRIPTS)
    figures += [Figure(f"other scripts {field}, {len(scripts)} copied stories",
                       script_scores[field] * 100, "% right",
                       goal=corpus.SCRIPTS.floors[field] * 100, goal_on_value=True)
                for field in corpus.SCRIPTS.fields]
    for field, files in [*misses.items(), *script_misses.items()]:
        if files:
            run.detail("extraction", f"{field} wrong in {', '.join(files)}")
    turns = 3 if run.quick else 9
    figures.append(_parse_speed(run, copies, turns))
    figures.append(_ingest_speed(run, copies, 2 if run.quick else 5))
    _dateparser_cost(run, copies)
    return figures


def _parse_speed(run: Run, copies: list, turns: int) -> Figure:
    """Files per second through the parser, copied stories against seed-shaped ones."""
    from articles.parse import Context, parse

    copied = [(c.file, c.path.read_bytes()) for c in copies]
    seeded = [(name, text.encode()) for name, text in map(newswire_story, range(len(copied)))]
    mtime = copies[0].mtime

    def rate(files: list[tuple[str, bytes]]) -> float:
        started = time.perf_counter()
        for name, data in files:
            parse(name, data, Context(name, mtime, TZ))
        return len(files) / (time.perf_counter() - started)

    rate(copied)  # warm: dateparser's languages loaded once, as a running service has them
    pairs = [(rate(copied), rate(seeded)) for _ in range(turns)]
    value = statistics.median(p[0] for p in pairs)
    baseline = statistics.median(p[1] for p in pairs)
    run.detail("extraction", f"parse: {len(copied)} copied stories vs {len(seeded)} generated "
                             f"seed-shaped ones, {turns} interleaved turns, medians")
    return Figure("newswire parse, copied stories", value, "files/s", baseline,
                  "generated seed-shaped files")


def _ingest_speed(run: Run, copies: list, turns: int) -> Figure:
    """Files per second through `newsfeed ingest`'s path into a fresh SQLite store."""
    from articles.backlog import ingest_paths
    from articles.store import Store

    copied = run.scratch("extraction/copied")
    for c in copies:
        shutil.copy2(c.path, copied / c.file)
    seeded = run.scratch("extraction/seeded")
    for name, text in map(newswire_story, range(len(copies))):
        (seeded / name).write_text(text, encoding="utf-8")

    def rate(folder: Path, turn: int) -> float:
        db = run.scratch(f"extraction/db-{folder.name}-{turn}") / "news.db"
        store = Store(f"sqlite:///{db}")
        store.create()
        try:
            started = time.perf_counter()
            outcome = ingest_paths(store, [folder], tz=TZ, max_bytes=5_000_000)
            elapsed = time.perf_counter() - started
        finally:
            store.close()
        assert not outcome.rejected, outcome.rejected
        return len(copies) / elapsed

    pairs = [(rate(copied, t), rate(seeded, t)) for t in range(turns)]
    run.detail("extraction", f"ingest: the {len(copies)} files into a fresh SQLite store each "
                             f"turn, {turns} interleaved turns, medians")
    return Figure("newsfeed ingest, copied stories", statistics.median(p[0] for p in pairs),
                  "files/s", statistics.median(p[1] for p in pairs),
                  "generated seed-shaped files")


_COLD = """
import sys, time
from datetime import UTC, datetime
from pathlib import Path
from articles.parse import Context, parse
for name in sys.argv[1:]:
    data = Path(name).read_bytes()
    started = time.perf_counter()
    parse(name, data, Context(Path(name).name, datetime(2025, 1, 1, tzinfo=UTC)))
    print(time.perf_counter() - started)
"""


def _dateparser_cost(run: Run, copies: list) -> None:
    """dateparser's cost: its first use in a fresh process (import and a language's data),
    and each date it reads once warm; copies dated in English or in numbers never call it."""
    from articles.dates import parse_in_languages
    from articles.parse import Context, parse

    english = next(c for c in copies if c.file.startswith("guardian-en"))
    french = next(c for c in copies if c.file.startswith("lemonde-fr"))
    out = subprocess.run([sys.executable, "-c", _COLD, str(english.path), str(french.path)],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout.split()
    first_english, first_french = (float(x) * 1000 for x in out)
    parse_in_languages.cache_clear()
    started = time.perf_counter()
    for c in copies:
        parse(c.file, c.path.read_bytes(), Context(c.file, c.mtime, TZ))
    cold = time.perf_counter() - started
    calls = parse_in_languages.cache_info().misses
    started = time.perf_counter()
    for c in copies:
        parse(c.file, c.path.read_bytes(), Context(c.file, c.mtime, TZ))
    warm = time.perf_counter() - started
    needing = sum(1 for c in copies if c.expected["language"] not in ("en",))
    run.detail("extraction", f"dateparser: first use in a fresh process {first_french:.0f} ms "
                             f"(a French copy, after an English one that took "
                             f"{first_english:.0f} ms without it); warm, {calls} dates of "
                             f"{len(copies)} copies went to it, "
                             f"{(cold - warm) * 1000 / max(calls, 1):.2f} ms each uncached; "
                             f"{needing} copies are in languages other than English")
