"""`make bench`: newsfeed's figures as ratios against baselines measured in the same run.

Modules: ingest, rebuild, serve, memory, sources (each `run(Run) -> list[Figure]`), common
(figures, generated stories, stores, the real process, tools), report (table, BENCHMARKS.md).
"""
