"""`make bench`: newsfeed's figures as ratios against baselines measured in the same run.

Modules: ingest, rebuild, serve, memory, sources (each `run(Run) -> list[Figure]`), common
(figures, the run and its stores, the real process, tools), stories (generated stories in each
format, articles for filling stores), report (table, BENCHMARKS.md).
"""
