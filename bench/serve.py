"""Serving: the 50-entry Atom feed over loopback with wrk, from the real `newsfeed run` process
(uvicorn with uvloop and httptools, as the app starts it) and from nginx serving the very same
bytes as a static file out of the output folder, in the same run; 200 answers and 304 answers
(`If-None-Match` with each server's own ETag).

Fairness: with two or more CPUs, each server runs alone on CPU 0 (`taskset -c 0`; nginx with
one worker, one per core it has) and wrk on CPU 1 (`taskset -c 1 wrk -t1 -c50`), so the load
generator never takes the server's CPU and both servers get the same one core. Both servers
are up at once and take turns under load (newsfeed 200, nginx 200, newsfeed 304, nginx 304),
so a change in the machine's load falls on both; values are medians of the turns, and the
ratio is the median of each turn's ratio (its two runs back to back).
An unpinned turn (nginx with one worker per core of the machine, wrk anywhere) is reported
as detail.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import Figure, Run, Service, ensure_tools, free_port

PATH = "/feeds/news.atom"
GOAL_200, GOAL_304 = 0.65, 0.5


@dataclass
class Wrk:
    rps: float
    requests: int
    bytes_read: float
    errors: str

    @property
    def bytes_per_answer(self) -> float:
        return self.bytes_read / max(self.requests, 1)


def run(run: Run) -> list[Figure]:
    ensure_tools(run, {"wrk": "wrk", "nginx": "nginx-light"})
    cpus = os.cpu_count() or 1
    pinned = cpus >= 2
    server_cpu, client_cpu = ("0", "1") if pinned else (None, None)
    # Many short turns rather than a few long ones: on a machine others use too, each pair of
    # back-to-back runs sees the same load, and the median of many pairs is steadier.
    duration = 1 if run.quick else 2
    turns = 3 if run.quick else 12

    root = run.scratch("serve")
    _open_for_workers(root)
    db, output = run.clone_published(1_000, root / "site")
    _open_for_workers(output)
    body: bytes | None = None
    results: dict[tuple[str, str, bool], list[Wrk]] = {}
    plan = [(True, turns)] + ([(False, 1)] if pinned else [])
    for is_pinned, n in plan:
        srv_cpu, cli_cpu = (server_cpu, client_cpu) if is_pinned else (None, None)
        workers = 1 if srv_cpu is not None else cpus
        # Both servers up at once, idle but for the one under load, so that their turns
        # alternate closely and a change in the machine's load falls on both.
        with _server("newsfeed", root, db, output, srv_cpu, workers) as (ours, pid), \
                _server("nginx", root, db, output, srv_cpu, workers) as (theirs, _):
            urls = {"newsfeed": ours + PATH, "nginx": theirs + PATH}
            etags = {}
            for server, url in urls.items():
                got, etags[server] = _get(url)
                if body is None:  # newsfeed's, from memory: the same bytes as in the folder?
                    body = got
                    if (output / PATH.lstrip("/")).read_bytes() != body:
                        raise RuntimeError(f"{PATH} on disk differs from what newsfeed serves")
                    libs = _loaded(pid, ("uvloop", "httptools"))
                    run.detail("serve", f"{PATH}: {len(body):,} bytes, 50 entries; newsfeed "
                                        f"runs {', '.join(libs) or 'neither uvloop nor httptools'}")
                elif got != body:
                    raise RuntimeError(f"{server} serves other bytes than newsfeed")
                _check_304(url, etags[server])
                _wrk(url, 1, cli_cpu)  # warm up
            for _ in range(n):
                for kind in ("200", "304"):
                    for server, url in urls.items():
                        headers = [f"If-None-Match: {etags[server]}"] if kind == "304" else []
                        result = _wrk(url, duration, cli_cpu, headers)
                        _sane(result, kind, len(body), server)
                        results.setdefault((server, kind, is_pinned), []).append(result)

    figures = []
    for kind, goal in (("200", GOAL_200), ("304", GOAL_304)):
        ours = [r.rps for r in results["newsfeed", kind, pinned]]
        theirs = [r.rps for r in results["nginx", kind, pinned]]
        # Each turn's two runs are back to back: the median of their ratios is steadier
        # under a machine's changing load than the ratio of the medians.
        paired = statistics.median(a / b for a, b in zip(ours, theirs, strict=True))
        figures.append(Figure(f"serve {kind}, {PATH}", statistics.median(ours), "req/s",
                              statistics.median(theirs), "nginx static", ratio=paired,
                              goal=goal))
        each = ", ".join(f"{a / b:.2f}" for a, b in zip(ours, theirs, strict=True))
        run.detail("serve", f"{kind}: ratio of each turn {each}; the figure is their median")
        for server in ("newsfeed", "nginx"):
            each = ", ".join(f"{r.rps:,.0f}" for r in results[server, kind, pinned])
            run.detail("serve", f"{server} {kind}: {each} req/s "
                                f"({results[server, kind, pinned][0].bytes_per_answer:,.0f} bytes "
                                f"read per answer)")
        if pinned:
            free = {s: results[s, kind, False][0].rps for s in ("newsfeed", "nginx")}
            run.detail("serve", f"unpinned, {kind}: newsfeed {free['newsfeed']:,.0f} req/s, nginx "
                                f"({cpus} workers) {free['nginx']:,.0f} req/s: "
                                f"{free['newsfeed'] / free['nginx']:.2f}x")
    how = (f"servers on CPU {server_cpu}, `taskset -c {client_cpu} wrk -t1 -c50 -d{duration}s`"
           if pinned else f"one CPU: no pinning, `wrk -t1 -c50 -d{duration}s`")
    run.detail("serve", f"{how}, {turns} turn(s), median; nginx: {_nginx_version()}, sendfile "
                        f"on, etag on, access_log off, keepalive_requests 1000000")
    return figures


@contextlib.contextmanager
def _server(name: str, root: Path, db: Path, output: Path, cpu: str | None, workers: int):
    if name == "newsfeed":
        service = Service(root / "site", db, output, cpus=cpu)
        service.start()
        try:
            yield service.base, service.pid
        finally:
            service.stop()
    else:
        with _nginx(root / "nginx", output, cpu, workers) as started:
            yield started


@contextlib.contextmanager
def _nginx(folder: Path, output: Path, cpu: str | None, workers: int):
    """nginx serving `output` as static files on a loopback port, in the foreground."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(f"""
daemon off;
worker_processes {workers};
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    types {{
        application/atom+xml atom;
        application/rss+xml rss;
        application/feed+json json;
        text/html html;
    }}
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path {folder / "tmp"};
    proxy_temp_path {folder / "tmp"};
    fastcgi_temp_path {folder / "tmp"};
    uwsgi_temp_path {folder / "tmp"};
    scgi_temp_path {folder / "tmp"};
    server {{
        listen 127.0.0.1:{port};
        root {output};
        etag on;
    }}
}}
""", encoding="utf-8")
    (folder / "tmp").mkdir(exist_ok=True)
    argv = [_nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    if cpu is not None:
        argv = ["taskset", "-c", cpu, *argv]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_port(port, proc)
        yield f"http://127.0.0.1:{port}", proc.pid
    finally:
        proc.send_signal(signal.SIGQUIT)  # graceful stop of the master and its workers
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _nginx_binary() -> str:
    import shutil

    return shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin") or "nginx"


def _nginx_version() -> str:
    out = subprocess.run([_nginx_binary(), "-v"], capture_output=True, text=True).stderr
    return out.strip().removeprefix("nginx version: ")


def _wait_port(port: int, proc: subprocess.Popen, timeout: float = 10) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"nginx exited: {proc.stderr.read().decode(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError("nginx did not listen in time")


def _open_for_workers(path: Path) -> None:
    """nginx workers run as nobody: let them through the scratch folders (0700 by default)."""
    for p in [path, *path.parents]:
        if str(p) in ("/", "/tmp"):
            break
        p.chmod(p.stat().st_mode | 0o755)
    for dirpath, dirnames, _ in os.walk(path):
        for d in dirnames:
            Path(dirpath, d).chmod(0o755)


def _get(url: str) -> tuple[bytes, str]:
    import httpx

    r = httpx.get(url, timeout=10)
    r.raise_for_status()
    return r.content, r.headers["etag"]


def _check_304(url: str, etag: str) -> None:
    import httpx

    r = httpx.get(url, headers={"If-None-Match": etag}, timeout=10)
    if r.status_code != 304:
        raise RuntimeError(f"{url} answered If-None-Match {etag} with {r.status_code}")


def _loaded(pid: int, names: tuple[str, ...]) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [n for n in names if f"/{n}/" in maps]


_UNITS = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}


def _wrk(url: str, seconds: int, cpu: str | None, headers: list[str] = ()) -> Wrk:
    argv = ["wrk", "-t1", "-c50", f"-d{seconds}s"]
    for h in headers:
        argv += ["-H", h]
    argv.append(url)
    if cpu is not None:
        argv = ["taskset", "-c", cpu, *argv]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = re.search(r"Requests/sec:\s*([\d.]+)", out)
    total = re.search(r"(\d+) requests in [\d.]+\w+, ([\d.]+)(\w+) read", out)
    if not rps or not total:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    errors = "; ".join(line.strip() for line in out.splitlines()
                       if "Socket errors" in line or "Non-2xx" in line)
    return Wrk(float(rps[1]), int(total[1]), float(total[2]) * _UNITS[total[3]], errors)


def _sane(result: Wrk, kind: str, size: int, server: str) -> None:
    """Every answer was the one meant: whole bodies for 200, bodiless for 304, no errors."""
    if result.errors:
        raise RuntimeError(f"wrk against {server} ({kind}): {result.errors}")
    per = result.bytes_per_answer
    if kind == "200" and not 0.98 * size <= per < size + 2000:  # wrk rounds "MB read"
        raise RuntimeError(f"{server} 200: {per:.0f} bytes an answer for a {size}-byte body")
    if kind == "304" and per > 1000:
        raise RuntimeError(f"{server} 304: {per:.0f} bytes an answer; not 304s")
