"""SLOT: upstream source polling, entries stored per second (articles/sources.py, built by
another engineer).

Prints "sources: not available yet" while `articles.sources` does not exist. Once it does,
it uses the first `bench_sources(tmpdir, entries=...) -> entries/s` it finds: in
`articles.sources`, else in `tests.feed_server` (where the sources work put it, beside its
local feed server). The baseline is feedparser alone parsing the same feed bytes, when the
module also offers the feed (`large_feed`); no goal was set for this figure.
"""

from __future__ import annotations

import importlib
import importlib.util
import statistics
import time

from bench.common import Figure, Run

PLACES = ("articles.sources", "tests.feed_server")


def run(run: Run) -> list[Figure]:
    if importlib.util.find_spec("articles.sources") is None:
        run.say("sources: not available yet")
        run.notes.append("sources: not available yet (no articles.sources)")
        return []
    found = None
    for place in PLACES:
        try:
            module = importlib.import_module(place)
        except ImportError:
            continue
        if callable(getattr(module, "bench_sources", None)):
            found = module
            break
    if found is None:
        run.say("sources: not available yet (articles.sources offers no bench_sources)")
        run.notes.append("sources: not available yet (no bench_sources function)")
        return []

    entries = 200 if run.quick else 500
    turns = 1 if run.quick else 3
    rates = []
    for i in range(turns):
        rates.append(found.bench_sources(run.scratch(f"sources/{i}"), entries=entries))
    rate = statistics.median(rates)
    run.detail("sources", f"{found.__name__}.bench_sources(entries={entries}): "
                          f"{', '.join(f'{r:,.0f}' for r in rates)} entries/s (one poll each: "
                          f"fetch over loopback, parse, sanitize, store in SQLite)")
    baseline = None
    if callable(make := getattr(found, "large_feed", None)):
        import feedparser

        body = make(entries)
        feedparser.parse(body)
        times = []
        for _ in range(turns):
            started = time.perf_counter()
            parsed = feedparser.parse(body)
            times.append(time.perf_counter() - started)
        baseline = len(parsed.entries) / statistics.median(times)
        run.detail("sources", f"feedparser.parse of the same {len(body):,}-byte feed alone: "
                              f"{baseline:,.0f} entries/s")
    return [Figure("sources poll", rate, "entries/s", baseline,
                   "feedparser alone" if baseline else "", note=f"{entries} entries")]
