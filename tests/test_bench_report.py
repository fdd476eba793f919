"""`make bench`'s report: a run of some benches replaces their figures and keeps the others',
and the verdict on each aim is drawn from the figures it stands beside."""

from __future__ import annotations

from bench.common import Figure
from bench.report import BEGIN, END, Measured, record, write_markdown

ORDER = ["ingest", "rebuild"]


def measured(bench: str, date: str, *figures: Figure) -> Measured:
    return Measured(bench, date, "abc123", "2 x CPU", False, list(figures),
                    {bench: [f"{bench} detail of {date}"]}, [f"load of {date}"])


def test_a_partial_run_replaces_its_benches_and_the_aims_follow_the_figures(tmp_path):
    results, page = tmp_path / "results.json", tmp_path / "BENCHMARKS.md"
    page.write_text(f"# Benchmarks\n\nHand-written.\n\n{BEGIN}\nold\n{END}\n\nAfter.\n",
                    encoding="utf-8")
    record([measured("ingest", "day 1", Figure("ingest, .md", 500, "files/s", 20_000, "raw",
                                                goal=0.05)),
            measured("rebuild", "day 1", Figure("rebuild", 6.0, "ms", 4.0, "feedgen",
                                                goal=1.5, op="<="))], results)
    kept = record([measured("ingest", "day 2", Figure("ingest, .md", 1_500, "files/s", 20_000,
                                                      "raw", goal=0.05))], results)
    text = write_markdown(kept, ORDER, page).read_text(encoding="utf-8")

    assert text.startswith("# Benchmarks\n\nHand-written.\n\n") and text.endswith("After.\n")
    assert "old" not in text
    assert "| ingest, .md | 1,500 files/s | 20,000 files/s (raw) | 0.075x |" in text
    assert "| rebuild | 6.00 ms | 4.00 ms (feedgen) | 1.50x | <= 1.5x | pass |" in text
    assert "| 500 files/s" not in text
    assert "- ingest: measured day 2 at commit abc123" in text
    assert "- rebuild: measured day 1 at commit abc123" in text
    assert "2 of 2 aims met." in text and "Missed" not in text
    assert "ingest detail of day 2" in text and "ingest detail of day 1" not in text

    slower = record([measured("rebuild", "day 3", Figure("rebuild", 9.0, "ms", 4.0, "feedgen",
                                                         goal=1.5, op="<="))], results)
    text = write_markdown(slower, ORDER, page).read_text(encoding="utf-8")
    assert "1 of 2 aims met." in text
    missed = text.split("Missed:")[1].split("Met:")[0]
    assert "rebuild: 9.00 ms, 2.25x feedgen, aim <= 1.5x" in missed
