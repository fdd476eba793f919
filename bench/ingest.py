"""Ingest of a backlog, against inserting the very rows it stored with the database driver alone.

- `newsfeed ingest DIR`, the command as a user runs it: a whole process, start-up included,
  timed from its start to its exit, into a SQLite store made by `newsfeed migrate` (untimed);
  one backlog of generated files per format (`.md` with YAML front matter, newswire `.txt`,
  `.json`, saved `.html` pages; `bench/stories.py`). The bench writes the command's bytecode
  caches once (an untimed first run) and lets the command use every core, as a user's would.
- The drop folder: a backlog of newswire files through the real `Inbox.scan()` (claims,
  parse, store, archive) into a fresh store, SQLite and PostgreSQL, in this process.

The baseline reads back the rows the ingest wrote (articles and their filter terms, exactly
as stored) and inserts them into another fresh database at the same schema, in transactions
of the inbox's batch size: sqlite3 `executemany` (the median of three fresh databases), or
psycopg `executemany` (pipelined).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import resource
import shutil
import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

from bench.common import NEWSFEED, Figure, Run, command_env, postgres_database, write_config
from bench.stories import STORY_FORMATS, write_stories

GOAL = 1 / 20


def run(run: Run) -> list[Figure]:
    figures = _commands(run)
    count = 2_000 if run.quick else 10_000
    pristine = run.scratch("ingest/files")
    size = write_stories(pristine, count)
    run.detail("ingest", f"Inbox.scan(): {count:,} generated newswire .txt files, "
                         f"{size / count / 1024:.1f} KiB on average, mtimes an hour back (a "
                         f"finished backlog); the inbox logs at INFO to a file, as under "
                         f"`newsfeed run` (a line per article)")
    figures.append(_sqlite(run, pristine, count))
    with postgres_database() as url:
        if url is None:
            run.detail("ingest", "PostgreSQL: not reachable, skipped")
        else:
            figures.append(_postgres(run, pristine, count, url))
    return figures


def _commands(run: Run) -> list[Figure]:
    """`newsfeed ingest DIR` of a backlog of each format, as a whole process."""
    count = 1_000 if run.quick else 5_000
    root = run.scratch("ingest/command")
    env = command_env(run)
    warm = root / "warm-up"
    for suffix in STORY_FORMATS:  # the first run of a checkout writes its bytecode caches
        write_stories(warm / "files", 3, suffix=suffix)
    _ingest_command(warm, warm / "files", env)
    empty = root / "empty"
    empty.mkdir()
    starts = [_ingest_command(root / f"start-{n}", empty, env)[0] for n in range(3)]
    run.detail("ingest", f"`newsfeed ingest DIR`: {count:,} generated files per format, "
                         f"mtimes an hour back; the command alone on an empty folder (its "
                         f"start-up and exit) takes {statistics.median(starts):.2f}s "
                         f"(median of 3); {len(os.sched_getaffinity(0))} CPUs")
    figures = []
    for suffix in STORY_FORMATS:
        folder = root / suffix.lstrip(".")
        size = write_stories(folder / "files", count, suffix=suffix)
        elapsed, cpu, db = _ingest_command(folder, folder / "files", env, expect=count)
        raw_rate, raw_elapsed, rows, term_rows, raw_cpu = _raw_sqlite(
            run, db, f"command-{suffix[1:]}")
        run.detail("ingest", f"{suffix}: {size / count / 1024:.1f} KiB a file; `newsfeed "
                             f"ingest` {elapsed:.2f}s ({count / elapsed:,.0f} files/s; CPU of "
                             f"the process and its workers {cpu:.2f}s); sqlite3 executemany "
                             f"of its {rows:,} article rows and {term_rows:,} term rows: "
                             f"{raw_elapsed:.3f}s ({raw_cpu:.3f}s CPU). Per CPU second, "
                             f"unmoved by other work on the machine: {count / cpu:,.0f} files "
                             f"against {rows / raw_cpu:,.0f} rows, "
                             f"{(count / cpu) / (rows / raw_cpu):.3f}x")
        figures.append(Figure(f"newsfeed ingest, {suffix}", count / elapsed, "files/s",
                              raw_rate, "sqlite3 executemany", goal=GOAL,
                              note=f"{count:,} files, start-up included"))
    return figures


def _ingest_command(root: Path, folder: Path, env: dict[str, str],
                    expect: int | None = None) -> tuple[float, float, Path]:
    """(seconds, CPU seconds of it and its children, its database) of one `newsfeed ingest`
    of `folder` into a new store under `root`, made by `newsfeed migrate` beforehand; it must
    store `expect` new articles, if given."""
    root.mkdir(parents=True, exist_ok=True)
    db = root / "newsfeed.db"
    config = write_config(root, db, root / "public")
    subprocess.run([NEWSFEED, "migrate", "--config", config], check=True, env=env,
                   capture_output=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([NEWSFEED, "ingest", "--config", config, folder], env=env,
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
    if done.returncode != 0 or (expect is not None and f"({expect} new," not in summary):
        raise RuntimeError(f"newsfeed ingest of {expect} files: exit {done.returncode}, "
                           f"{summary!r}; {done.stderr.strip()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu, db


def _inbox_scan(run: Run, pristine: Path, count: int, url: str, name: str) -> tuple[float, int]:
    """Seconds for one `Inbox.scan()` of a fresh copy of the files into the store at `url`."""
    from articles.inbox import Inbox
    from articles.store import Store

    root = run.scratch(f"ingest/{name}")
    inbox = root / "inbox"
    inbox.mkdir()
    for f in pristine.iterdir():
        shutil.copy2(f, inbox / f.name)
    store = Store(url)
    store.create()
    box = Inbox(store, path=inbox, archive=root / "archive", rejected=root / "rejected",
                max_bytes=5_000_000)
    try:
        with _service_logging(root / "newsfeed.log"):
            started = time.perf_counter()
            outcome = box.scan()
            elapsed = time.perf_counter() - started
        box.close()
        stored = store.count()
    finally:
        store.close()
    if outcome.added != count or outcome.rejected or stored != count:
        raise RuntimeError(f"ingest stored {outcome.summary()} of {count} files "
                           f"({stored} rows); rejected: {list(outcome.rejected.items())[:3]}")
    return elapsed, outcome.added


def _sqlite(run: Run, pristine: Path, count: int) -> Figure:
    path = run.tmp / "ingest" / "sqlite-ingest.db"
    path.unlink(missing_ok=True)
    elapsed, added = _inbox_scan(run, pristine, count, f"sqlite:///{path}", "sqlite")
    rate = added / elapsed
    raw_rate, raw_elapsed, rows, term_rows, _ = _raw_sqlite(run, path, "scan")
    run.detail("ingest", f"SQLite: Inbox.scan() {elapsed:.2f}s for {added:,} articles; sqlite3 "
                         f"executemany of the same {rows:,} article rows and {term_rows:,} "
                         f"term rows, {_batch()} a transaction: {raw_elapsed:.2f}s")
    return Figure("ingest, SQLite", rate, "articles/s", raw_rate, "sqlite3 executemany",
                  goal=GOAL, note=f"{count:,} files")


def _batch() -> int:
    from articles.inbox import Inbox

    return Inbox.__init__.__kwdefaults__["batch_size"]


def _raw_sqlite(run: Run, stored: Path, name: str) -> tuple[float, float, int, int, float]:
    """The rows in the SQLite store at `stored`, inserted again into a fresh one by sqlite3
    alone, in transactions of the inbox's batch size: (rows/s, seconds, rows, term rows,
    CPU seconds), of the median of `_RAW_RUNS` runs (one run of a second moves with the
    disk's flushes far more than a command of many seconds does)."""
    articles, terms = _read_sqlite(stored)
    runs = sorted(_insert_sqlite(run.tmp / "ingest" / f"sqlite-raw-{name}.db", articles, terms)
                  for _ in range(_RAW_RUNS))
    raw_elapsed, raw_cpu = runs[len(runs) // 2]
    return (len(articles[1]) / raw_elapsed, raw_elapsed, len(articles[1]), len(terms[1]),
            raw_cpu)


_RAW_RUNS = 3


def _insert_sqlite(path: Path, articles: Rows, terms: Rows) -> tuple[float, float]:
    """(seconds, CPU seconds) of inserting the rows into a new store at `path` with sqlite3."""
    batch = _batch()
    path.unlink(missing_ok=True)
    _empty_store(f"sqlite:///{path}")
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("PRAGMA foreign_keys=ON")
    insert_a, insert_t = _inserts(articles, terms, "?")
    by_article, pk = _terms_by_article(terms), articles[0].index("pk")
    started, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(articles[1]), batch):
        rows = articles[1][start : start + batch]
        conn.execute("BEGIN")
        conn.executemany(insert_a, rows)
        conn.executemany(insert_t, [t for r in rows for t in by_article.get(r[pk], ())])
        conn.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    return elapsed, cpu


def _postgres(run: Run, pristine: Path, count: int, url: str) -> Figure:
    import psycopg

    elapsed, added = _inbox_scan(run, pristine, count, url, "postgres")
    rate = added / elapsed
    batch = _batch()
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        articles = _read_pg(conn, "SELECT * FROM articles ORDER BY pk")
        terms = _read_pg(conn, "SELECT * FROM article_terms ORDER BY article_pk")
    with postgres_database("nf_bench_raw") as raw_url:
        _empty_store(raw_url)
        insert_a, insert_t = _inserts(articles, terms, "%s")
        by_article, pk = _terms_by_article(terms), articles[0].index("pk")
        raw_dsn = raw_url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(raw_dsn) as conn:
            started = time.perf_counter()
            for start in range(0, len(articles[1]), batch):
                rows = articles[1][start : start + batch]
                with conn.transaction(), conn.cursor() as cur:
                    cur.executemany(insert_a, rows)
                    cur.executemany(insert_t, [t for r in rows for t in by_article.get(r[pk], ())])
            raw_elapsed = time.perf_counter() - started
    raw_rate = len(articles[1]) / raw_elapsed
    run.detail("ingest", f"PostgreSQL: Inbox.scan() {elapsed:.2f}s for {added:,} articles; "
                         f"psycopg executemany of the same rows, {batch} a transaction: "
                         f"{raw_elapsed:.2f}s")
    return Figure("ingest, PostgreSQL", rate, "articles/s", raw_rate, "psycopg executemany",
                  goal=GOAL, note=f"{count:,} files")


def _empty_store(url: str) -> None:
    from articles.store import Store

    store = Store(url)
    store.create()
    store.close()


Rows = tuple[list[str], list[tuple]]


def _read_sqlite(path: Path) -> tuple[Rows, Rows]:
    conn = sqlite3.connect(path)
    out = []
    for query in ("SELECT * FROM articles ORDER BY pk",
                  "SELECT * FROM article_terms ORDER BY article_pk"):
        cur = conn.execute(query)
        out.append(([d[0] for d in cur.description], cur.fetchall()))
    conn.close()
    return out[0], out[1]


def _read_pg(conn, query: str) -> Rows:
    """Rows as the driver would be given them: JSON columns as JSON text."""
    cur = conn.execute(query)
    columns = [d.name for d in cur.description]
    rows = [tuple(json.dumps(v) if isinstance(v, list | dict) else v for v in r)
            for r in cur.fetchall()]
    return columns, rows


def _inserts(articles: Rows, terms: Rows, mark: str) -> tuple[str, str]:
    def insert(table: str, columns: list[str]) -> str:
        return (f"INSERT INTO {table} ({', '.join(columns)}) "
                f"VALUES ({', '.join([mark] * len(columns))})")

    return insert("articles", articles[0]), insert("article_terms", terms[0])


def _terms_by_article(terms: Rows) -> dict[int, list[tuple]]:
    pk = terms[0].index("article_pk")
    out: dict[int, list[tuple]] = {}
    for row in terms[1]:
        out.setdefault(row[pk], []).append(row)
    return out


@contextlib.contextmanager
def _service_logging(path: Path):
    """The inbox logs as under `newsfeed run`: INFO lines (one per stored article) to a file."""
    logger = logging.getLogger("newsfeed")
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        handler.close()
