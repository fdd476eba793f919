"""What every benchmark shares: the figures they report, the run's context (its stores and
published folders, filled from `bench.stories`), throwaway PostgreSQL databases, the real
`newsfeed` process, and the tools the bench installs itself."""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.stories import fill_store

ROOT = Path(__file__).resolve().parents[1]
NEWSFEED = Path(sys.executable).with_name("newsfeed")
BASE_URL = "http://127.0.0.1:8080/"  # in every bench config; the servers listen elsewhere
PG_SERVER = os.environ.get("NEWSFEED_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


@dataclass
class Figure:
    """One line of the table: `value` against `baseline`, both measured in this run.

    `ratio` is value / baseline (or what `ratio` says); `goal` compares it (`>=` or `<=`),
    or the value itself when `goal_on_value` (memory). No goal: reported, not judged.
    """

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    ratio: float | None = None
    goal: float | None = None
    op: str = ">="
    goal_on_value: bool = False
    note: str = ""

    def __post_init__(self):
        if self.ratio is None and self.baseline:
            self.ratio = self.value / self.baseline

    @property
    def passed(self) -> bool | None:
        if self.goal is None:
            return None
        x = self.value if self.goal_on_value else self.ratio
        if x is None:
            return None
        if self.op == ">=":
            return x >= self.goal
        return x < self.goal if self.op == "<" else x <= self.goal

    def goal_text(self) -> str:
        if self.goal is None:
            return "—"
        if self.goal_on_value:
            return f"{self.op} {self.goal:g} {self.unit}"
        if self.op == ">=" and self.goal < 1:
            frac = round(1 / self.goal)
            if abs(1 / frac - self.goal) < 1e-9:
                return f">= 1/{frac} ({self.goal:g}x)"
        return f"{self.op} {self.goal:g}x"


@dataclass
class Run:
    """The context of one `python -m bench`: sizes, scratch space, notes for the report."""

    quick: bool
    tmp: Path
    say: Callable[[str], None]
    notes: list[str] = field(default_factory=list)
    details: dict[str, list[str]] = field(default_factory=dict)  # bench -> lines for the report
    _stores: dict[int, Path] = field(default_factory=dict)
    # articles stored -> (seconds, CPU seconds) of `published`'s first publish
    first_publish: dict[int, tuple[float, float]] = field(default_factory=dict)

    def detail(self, bench: str, line: str) -> None:
        self.details.setdefault(bench, []).append(line)
        self.say(f"  {line}")

    def scratch(self, name: str) -> Path:
        path = self.tmp / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def store_file(self, count: int) -> Path:
        """A SQLite store of `count` generated articles, built once per run (copy it to write)."""
        if count not in self._stores:
            path = self.tmp / "stores" / f"store-{count}.db"
            path.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            fill_store(f"sqlite:///{path}", count)
            self.detail("setup", f"filled a SQLite store with {count:,} articles through "
                                 f"Store.save in batches of 5,000: "
                                 f"{time.perf_counter() - started:.1f}s")
            self._stores[count] = path
        return self._stores[count]

    def published(self, count: int) -> Path:
        """A folder with `newsfeed.db` holding `count` articles and `public/`, the output folder
        of its first publish (archive pages included), built once per run: clone it to use.
        The first publish is `newsfeed build` as a user runs it, timed (`first_publish`)."""
        folder = self.tmp / "published" / str(count)
        if not (folder / "public").exists():
            folder.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.store_file(count), folder / "newsfeed.db")
            config = write_config(folder, folder / "newsfeed.db", folder / "public")
            cpu = _children_cpu()
            started = time.perf_counter()
            build = subprocess.run([str(NEWSFEED), "build", "--config", str(config)],
                                   cwd=folder, env=_child_env(), capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if build.returncode:
                raise RuntimeError(f"newsfeed build exited with {build.returncode}:\n"
                                   f"{build.stderr[-2000:]}")
            self.first_publish[count] = (seconds, _children_cpu() - cpu)
            self.detail("setup", f"first publish with {count:,} stored (`newsfeed build`, an "
                                 f"empty output folder): {seconds:.1f}s, "
                                 f"{self.first_publish[count][1]:.1f}s of CPU in all its "
                                 f"processes")
        return folder

    def clone_published(self, count: int, dest: Path) -> tuple[Path, Path]:
        """A private copy of `published(count)` at `dest`: (database, output folder). The output
        folder is hard-linked: the publisher replaces files, never writes into them."""
        source = self.published(count)
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "newsfeed.db", dest / "newsfeed.db")
        shutil.copytree(source / "public", dest / "public", copy_function=os.link)
        return dest / "newsfeed.db", dest / "public"


def write_config(root: Path, db: Path, output: Path, *, port: int | None = None) -> Path:
    """A config for the bench: one store, one output folder, the default feed; the same
    `base_url` everywhere, so every clone of a published folder is current as it is."""
    var = root / "var"
    path = root / "config.toml"
    path.write_text(
        f'[site]\nbase_url = "{BASE_URL}"\n\n'
        + (f"[server]\nport = {port}\n\n" if port else "")
        + f'[store]\nurl = "sqlite:///{db}"\n\n'
        f'[inbox]\npath = "{var / "inbox"}"\narchive = "{var / "archive"}"\n'
        f'rejected = "{var / "rejected"}"\n\n'
        f'[output]\npath = "{output}"\n',
        encoding="utf-8",
    )
    return path


# -- PostgreSQL ---------------------------------------------------------------------------------

@contextlib.contextmanager
def postgres_database(prefix: str = "nf_bench") -> Iterator[str | None]:
    """A throwaway database on the local server, its SQLAlchemy URL; None when unreachable."""
    import uuid

    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=3) as c:
            c.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        yield None
        return
    try:
        yield f"postgresql+psycopg://{PG_SERVER.removeprefix('postgresql://')}/{name}"
    finally:
        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the real process -------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """`newsfeed run` in a child process with a temporary config, as `tests/live.py` starts it;
    `cpus` pins it with taskset."""

    def __init__(self, root: Path, db: Path, output: Path, *, cpus: str | None = None,
                 command: str = "run"):
        self.root = root
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.output = output
        self.config = write_config(root, db, output, port=self.port)
        self.cpus, self.command = cpus, command
        self.log_path = root / "newsfeed.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 60) -> Service:
        import httpx

        argv = [str(NEWSFEED), self.command, "--config", str(self.config)]
        if self.cpus is not None:
            argv = ["taskset", "-c", self.cpus, *argv]
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(argv, cwd=self.root, stdout=self._log,
                                     stderr=subprocess.STDOUT,
                                     env=_child_env())
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsfeed exited with {self.proc.returncode}:\n{self.log()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"newsfeed did not answer within {timeout}s:\n{self.log()}")

    @property
    def pid(self) -> int:
        """The Python process itself (taskset execs it, so the pid is the same)."""
        return self.proc.pid

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()
        self.proc = None

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if \
            self.log_path.exists() else ""

    def __enter__(self) -> Service:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def command_env(run: Run) -> dict[str, str]:
    """The environment of a timed `newsfeed` command: as `_child_env`, and writing bytecode
    caches (into the scratch folder), as a user's Python does."""
    env = {**_child_env(), "PYTHONPYCACHEPREFIX": str(run.tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _child_env() -> dict[str, str]:
    """The child runs this checkout's code, as the in-process benches do, even when a module
    is newer than the editable install's list of them."""
    path = os.environ.get("PYTHONPATH")
    return {**os.environ, "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far, theirs included."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def rss_mib(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MiB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


# -- tools the bench installs --------------------------------------------------------------------

_apt_updated = False


def ensure_tools(run: Run, tools: dict[str, str]) -> None:
    """Install the Debian packages of missing commands ({command: package}), saying so."""
    global _apt_updated
    missing = {cmd: pkg for cmd, pkg in tools.items() if not _which(cmd)}
    if not missing:
        return
    packages = sorted(set(missing.values()))
    if os.geteuid() != 0:
        raise RuntimeError(f"missing {', '.join(missing)}: run `apt-get install -y "
                           f"{' '.join(packages)}` as root, then the bench again")
    run.say(f"[bench] installing {' '.join(packages)} (apt-get) for {', '.join(missing)}")
    run.notes.append(f"The bench installed {' '.join(packages)} with apt-get.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    if not _apt_updated:
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env,
                       stdout=subprocess.DEVNULL)
        _apt_updated = True
    subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def _which(cmd: str) -> str | None:
    return shutil.which(cmd) or shutil.which(cmd, path="/usr/sbin:/sbin")
