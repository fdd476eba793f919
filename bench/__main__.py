"""`make bench`: `python -m bench [--quick] [--only NAME ...]`.

Every figure is a ratio against a baseline measured in the same run, on the same machine,
so a noisy or slow machine moves both sides. A full run records what it measured in
`bench/results.json` and rewrites the generated part of `BENCHMARKS.md` (between its
markers) from it; `--quick` and `--only` runs print only, unless `--write`, which records
the benches that ran and keeps the other benches' last figures.
"""

from __future__ import annotations

import argparse
import importlib
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

from rich.console import Console

from bench import report
from bench.common import Figure, Run

BENCHES = ["ingest", "rebuild", "serve", "memory", "sources", "pages", "extraction"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller sizes and shorter runs, for a check (not for BENCHMARKS.md)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME",
                        help=f"run only these ({', '.join(BENCHES)}); repeat or comma-separate")
    parser.add_argument("--write", action="store_true",
                        help="write BENCHMARKS.md even for a --quick or --only run")
    parser.add_argument("--no-write", action="store_true", help="never write BENCHMARKS.md")
    parser.add_argument("--keep", action="store_true", help="keep the scratch folder")
    args = parser.parse_args(argv)

    only = [n.strip() for item in args.only for n in item.split(",") if n.strip()]
    unknown = [n for n in only if n not in BENCHES]
    if unknown:
        parser.error(f"unknown bench {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    selected = [n for n in BENCHES if not only or n in only]

    console = Console(stderr=True, highlight=False)
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 140)
    tmp = Path(tempfile.mkdtemp(prefix="newsfeed-bench-"))
    run = Run(quick=args.quick, tmp=tmp, say=lambda text: console.print(text, markup=False))
    figures: list[Figure] = []
    by_bench: dict[str, tuple[list[Figure], dict[str, list[str]]]] = {}
    failed: list[str] = []
    started = time.monotonic()
    load_before = _loadavg()
    try:
        for name in selected:
            console.print(f"[bold]{name}[/bold]")
            t0 = time.monotonic()
            said = {heading: len(lines) for heading, lines in run.details.items()}
            try:
                module = importlib.import_module(f"bench.{name}")
                found = module.run(run)
                figures += found
                by_bench[name] = found, {
                    heading: lines[said.get(heading, 0):]
                    for heading, lines in run.details.items() if lines[said.get(heading, 0):]}
            except Exception as exc:
                failed.append(name)
                console.print(f"[red]{name} failed: {type(exc).__name__}: {exc}[/red]")
                console.print(traceback.format_exc(), markup=False)
                run.notes.append(f"{name}: failed ({type(exc).__name__}: "
                                 f"{str(exc).splitlines()[0] if str(exc) else ''})")
            console.print(f"  ({time.monotonic() - t0:.0f}s)")
    finally:
        if args.keep:
            console.print(f"scratch kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    run.notes.append(f"load average (1 min) {load_before} at the start, {_loadavg()} at the end, "
                     f"on {report.machine()['nproc']} CPUs: other work shared the machine"
                     if float(load_before) > 0.5 else
                     f"load average (1 min) {load_before} at the start, {_loadavg()} at the end")
    machine = report.machine()
    out.print(report.table(figures, quick=args.quick))
    for note in run.notes:
        out.print(f"note: {note}", markup=False)
    out.print(f"{machine['summary']}; {time.monotonic() - started:.0f}s", markup=False)
    full = not args.quick and not only
    if (full or args.write) and not args.no_write and by_bench:
        measured = [report.Measured(name, machine["date"], machine["commit"],
                                    report.describe(machine), args.quick, found, details,
                                    run.notes)
                    for name, (found, details) in by_bench.items()]
        path = report.write_markdown(report.record(measured), BENCHES)
        out.print(f"wrote {report.RESULTS.relative_to(report.ROOT)} and {path}", markup=False)
    return 1 if failed else 0  # a missed goal is a finding shown in the table, not an error


def _loadavg() -> str:
    try:
        return Path("/proc/loadavg").read_text().split()[0]
    except OSError:
        return "?"


if __name__ == "__main__":
    sys.exit(main())
