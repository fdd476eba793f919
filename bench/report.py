"""The table on the terminal, the machine it ran on, and the generated part of BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
import re
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from rich.table import Table

from bench.common import ROOT, Figure, Run

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
        ratio = "—" if f.ratio is None else f"{f.ratio:.3f}x" if f.ratio < 1 else f"{f.ratio:.2f}x"
        out.append([f.name, _number(f.value, f.unit), baseline, ratio, f.goal_text(),
                    _verdict(f)])
    return out


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


def _os_name() -> str:
    try:
        text = Path("/etc/os-release").read_text()
    except OSError:
        return platform.system()
    m = re.search(r'^PRETTY_NAME="?([^"\n]+)"?', text, re.M)
    return m.group(1) if m else platform.system()


def write_markdown(figures: list[Figure], run: Run, machine: dict[str, str], *, quick: bool,
                   selected: list[str]) -> Path:
    """Replace the generated part of BENCHMARKS.md, keeping what was written around it."""
    lines = [BEGIN, "", f"## Figures of {machine['date']}", ""]
    if quick or len(selected) < 7:
        lines += [f"*Partial run* ({'--quick, ' if quick else ''}{', '.join(selected)}).", ""]
    lines += [
        "| " + " | ".join(HEADER) + " |",
        "|" + "|".join("---" for _ in HEADER) + "|",
        *("| " + " | ".join(row) + " |" for row in rows(figures)),
        "",
        "Machine:",
        "",
        f"- CPU: {machine['nproc']} x {machine['cpu']} (`nproc` {machine['nproc']})",
        f"- memory: {machine['memory']}",
        f"- system: {machine['os']}, Linux {machine['kernel']}, Python {machine['python']}, "
        f"SQLite {machine['sqlite']}",
        f"- commit: {machine['commit']}",
        f"- date: {machine['date']}",
        "",
    ]
    for bench, details in run.details.items():
        lines += [f"{bench}:", ""]
        lines += [f"- {d}" for d in details]
        lines.append("")
    if run.notes:
        lines += ["Notes:", ""] + [f"- {n}" for n in run.notes] + [""]
    lines.append(END)
    generated = "\n".join(lines)

    path = ROOT / "BENCHMARKS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else _SKELETON
    if BEGIN in text and END in text:
        head, _, rest = text.partition(BEGIN)
        _, _, tail = rest.partition(END)
        text = head + generated + tail
    else:
        text = text.rstrip("\n") + "\n\n" + generated + "\n"
    path.write_text(text, encoding="utf-8")
    return path


_SKELETON = """# Benchmarks

`make bench` (`.venv/bin/python -m bench`) measures newsfeed against baselines measured in the
same run on the same machine, and prints each figure as a ratio to its baseline; timing claims
live here, never in the tests. The part between the markers below is rewritten by every full
run; `--quick` and `--only NAME` runs print only.
"""
