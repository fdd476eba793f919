"""The table on the terminal, the machine it ran on, and the generated part of BENCHMARKS.md.

`bench/results.json` keeps what each bench measured in its last written run; BENCHMARKS.md's
generated part (figures, the verdict on each aim, details, the machine and load of each run)
is drawn from it whole, so its words never disagree with its figures.
"""

from __future__ import annotations

import json
import os
import platform
import re
import sqlite3
import subprocess
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from rich.table import Table

from bench.common import ROOT, Figure

BEGIN = "<!-- bench:begin (written by `make bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"


def _number(x: float | None, unit: str = "") -> str:
    if x is None:
        return "—"
    if unit in ("ms",):
        return f"{x:,.2f} {unit}"
    if abs(x) >= 100:
        text = f"{x:,.0f}"
    elif abs(x) >= 10:
        text = f"{x:,.1f}"
    else:
        text = f"{x:,.2f}"
    return f"{text} {unit}".strip()


def _verdict(f: Figure) -> str:
    return {True: "pass", False: "FAIL", None: "—"}[f.passed]


def rows(figures: list[Figure]) -> list[list[str]]:
    out = []
    for f in figures:
        baseline = _number(f.baseline, f.unit)
        if f.baseline_label:
            baseline = f"{baseline} ({f.baseline_label})"
        out.append([f.name, _number(f.value, f.unit), baseline, _ratio(f), f.goal_text(),
                    _verdict(f)])
    return out


def _ratio(f: Figure) -> str:
    return "—" if f.ratio is None else f"{f.ratio:.3f}x" if f.ratio < 1 else f"{f.ratio:.2f}x"


HEADER = ["figure", "value", "baseline (same run)", "ratio", "goal", "result"]


def table(figures: list[Figure], *, quick: bool) -> Table:
    t = Table(title="newsfeed bench" + (" (--quick: smaller sizes)" if quick else ""))
    for h in HEADER:
        t.add_column(h, justify="right" if h in ("value", "ratio") else "left")
    for f, row in zip(figures, rows(figures), strict=True):
        style = {True: "green", False: "red", None: ""}[f.passed]
        t.add_row(*row[:-1], f"[{style}]{row[-1]}[/{style}]" if style else row[-1])
    return t


def _run(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=10,
                              cwd=ROOT).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine() -> dict[str, str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    nproc = _run(["nproc"]) or str(os.cpu_count())
    commit = _run(["git", "rev-parse", "--short=12", "HEAD"])
    dirty = [line for line in _run(["git", "status", "--porcelain", "--untracked-files=no"])
             .splitlines() if line.strip()]
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": nproc,
        "cpu": model.group(1).strip() if model else platform.processor() or "unknown",
        "memory": f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB" if mem else "unknown",
        "kernel": platform.release(),
        "os": _os_name(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "commit": commit + (f" (+{len(dirty)} files modified in the working tree)"
                            if dirty else ""),
    }
    info["summary"] = (f"{info['nproc']} x {info['cpu']}, {info['memory']}, {info['os']}, "
                       f"Python {info['python']}, commit {info['commit']}, {info['date']}")
    return info


def describe(machine: dict[str, str]) -> str:
    """The machine in one line, for BENCHMARKS.md."""
    return (f"{machine['nproc']} x {machine['cpu']} (`nproc` {machine['nproc']}), "
            f"{machine['memory']}, {machine['os']}, Linux {machine['kernel']}, "
            f"Python {machine['python']}, SQLite {machine['sqlite']}")


def _os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return platform.system()
    m = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', text, re.M)
    return m.group(1) if m else platform.system()


RESULTS = ROOT / "bench" / "results.json"


@dataclass
class Measured:
    """What one bench measured in one run: the unit BENCHMARKS.md is kept from, so a run of
    some benches (`--only NAME --write`) replaces theirs and keeps the others'."""

    bench: str
    date: str
    commit: str
    machine: str
    quick: bool
    figures: list[Figure]
    details: dict[str, list[str]]  # heading -> lines, as the bench said them
    notes: list[str]  # about the run it was part of (load, installs, failures)

    def as_json(self) -> dict:
        return {**asdict(self), "figures": [asdict(f) for f in self.figures]}

    @classmethod
    def from_json(cls, data: dict) -> Measured:
        return cls(**{**data, "figures": [Figure(**f) for f in data["figures"]]})


def record(measured: list[Measured], path: Path = RESULTS) -> list[Measured]:
    """Put this run's benches into `path` in place of their last runs, keeping the other
    benches'; every bench's last run."""
    kept = {}
    if path.exists():
        kept = {m["bench"]: Measured.from_json(m)
                for m in json.loads(path.read_text(encoding="utf-8"))}
    kept.update({m.bench: m for m in measured})
    path.write_text(json.dumps([m.as_json() for m in kept.values()], indent=1,
                                  ensure_ascii=False) + "\n", encoding="utf-8")
    return list(kept.values())


def write_markdown(measured: list[Measured], order: list[str],
                   path: Path = ROOT / "BENCHMARKS.md") -> Path:
    """Replace the generated part of BENCHMARKS.md (between its markers) with the figures of
    every bench's last run, in the order of `order`, and the verdicts drawn from them,
    keeping what is around it."""
    measured = sorted(measured, key=lambda m: order.index(m.bench) if m.bench in order else 99)
    figures = [f for m in measured for f in m.figures]
    lines = [BEGIN, "", "## Figures", ""]
    lines += [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
        *("| " + " | ".join(row) + " |" for row in rows(figures)),
        "",
    ]
    runs: dict[tuple[str, str], list[Measured]] = {}
    for m in measured:
        runs.setdefault((m.date, m.commit), []).append(m)
    for (date, _), group in runs.items():
        quick = " with `--quick` sizes" if any(m.quick for m in group) else ""
        lines.append(f"- {', '.join(m.bench for m in group)}: measured {date}{quick} at "
                     f"commit {group[0].commit}, on {group[0].machine}")
    lines += ["", *_aims(figures), ""]
    for m in measured:
        for heading, details in m.details.items():
            lines += [f"{heading} ({m.date}):", ""] + [f"- {d}" for d in details] + [""]
    notes = {(m.date, n): None for m in measured for n in m.notes}
    if notes:
        lines += ["Notes:", ""] + [f"- {date}: {n}" for date, n in notes] + [""]
    lines.append(END)
    generated = "\n".join(lines)

    text = path.read_text(encoding="utf-8") if path.exists() else _SKELETON
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + generated + tail
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def _aims(figures: list[Figure]) -> list[str]:
    """The verdict on each aim, in words drawn from the figures above it."""
    judged = [f for f in figures if f.passed is not None]
    missed = [f for f in judged if not f.passed]
    lines = ["## Aims", "", f"{len(judged) - len(missed)} of {len(judged)} aims met."]
    if missed:
        lines += ["", "Missed:", ""] + [f"- {_aim(f)}" for f in missed]
    if len(missed) < len(judged):
        lines += ["", "Met:", ""] + [f"- {_aim(f)}" for f in judged if f.passed]
    return lines


def _aim(f: Figure) -> str:
    if f.goal_on_value:
        return f"{f.name}: {_number(f.value, f.unit)}, aim {f.goal_text()}"
    against = f"{_ratio(f)} {f.baseline_label or 'the baseline'}"
    return f"{f.name}: {_number(f.value, f.unit)}, {against}, aim {f.goal_text()}"


_SKELETON = """# Benchmarks

`make bench` (`.venv/bin/python -m bench`) measures newsfeed against baselines measured in the
same run on the same machine, and prints each figure as a ratio to its baseline; timing claims
live here, never in the tests. The part between the markers below is rewritten by every full
run; `--quick` and `--only NAME` runs print only.
"""
