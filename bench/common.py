"""What every benchmark shares: the figures they report, the run's context, generated stories,
stores filled fast, the real `newsfeed` process, and the tools the bench installs itself."""

from __future__ import annotations

import contextlib
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


# -- generated newswire stories ------------------------------------------------------------

_SUBJECTS = ["Dutch cabinet", "Finance ministers", "Port workers", "The central bank",
             "Coalition leaders", "Wheat farmers", "The city council", "Rail operators",
             "Opposition parties", "Fishing crews", "The health agency", "Teachers' unions",
             "Regional governors", "The supreme court", "Energy regulators", "Airline pilots",
             "The foreign ministry", "Tech companies", "Dock unions", "The election board",
             "Water authorities", "Nurses", "The navy", "Wine growers", "Steelmakers",
             "Border police", "The statistics office", "Mayors", "Truck drivers", "Students"]
_VERBS = ["agree on", "reject", "vote against", "delay", "back", "call off", "propose",
          "debate", "sign", "challenge", "approve", "suspend", "announce", "criticize",
          "review", "block", "revive", "end", "extend", "defend", "question", "welcome",
          "freeze", "expand", "postpone"]
_OBJECTS = ["migration deal", "budget plan", "pension reform", "fuel tax", "housing bill",
            "climate targets", "trade pact", "wage talks", "bridge project", "rail strike",
            "fishing quotas", "school funding", "data law", "river dredging", "grain exports",
            "ferry contract", "vaccine rollout", "port expansion", "energy subsidies",
            "water charges"]
_PLACES = ["The Hague", "Rotterdam", "Brussels", "Lisbon", "Gdansk", "Valencia", "Hamburg",
           "Oslo", "Tallinn", "Porto", "Antwerp", "Bergen", "Turku", "Lyon", "Malmo",
           "Utrecht", "Leipzig", "Cork", "Bari", "Split"]
_OUTLETS = ["News.Az", "Reuters", "AP", "Sky News", "BBC News", "Euronews", "DPA", "AFP",
            "NOS", "The Guardian"]
_PEOPLE = ["Jane Doe", "Pieter Visser", "Maria Santos", "Tom Berg", "Anna Kowalska",
           "Lars Holm", "Sofia Rossi", "Ahmed Karim"]
_SENTENCES = [
    "Leaders had been locked in late-night meetings on Wednesday and Thursday in an attempt to "
    "strike a deal, {outlet} reports citing {cited}.",
    "Officials said the differences between the parties were \"irreconcilable\" and that talks "
    "would not resume before the autumn.",
    "The {subject} will remain in office in a caretaker capacity until a new arrangement is "
    "found, though critics have called for an immediate decision.",
    "It is no secret that the partners have very different views on the {obj}.",
    "Analysts in {place} expect the decision to weigh on markets for several weeks.",
    "A spokesperson declined to comment on the timing but confirmed that letters had been sent.",
    "The proposal would create two classes of permits, a temporary one and a permanent one, "
    "and reduce the number of family members allowed to join.",
    "During elections earlier this year, a newcomer party pushed the governing party into "
    "second place, a result which heaped further pressure on its leadership.",
    "Residents of {place} gathered outside the town hall on Friday night to follow the vote.",
    "Figures published on Monday showed the cost of the {obj} rising by a third since 2021.",
]


def _date_line(when: datetime, form: int) -> str:
    if form == 0:
        return f"date {when:%Y-%m-%d} + ↺ − 16 px"
    if form == 1:
        return f"{when.day} {when:%B %Y}"
    if form == 2:
        return f"{when:%B} {when.day}, {when:%Y %H:%M}"
    if form == 3:
        return f"{when:%d.%m.%Y}"
    return when.isoformat()


def _story(n: int, first: datetime, step: int, jitter: int):
    """The parts of the `n`-th generated story, the same for files and for articles:
    (its random source, subject, verb, object, place, outlet, cited outlet, date, paragraphs)."""
    rnd = random.Random(n)
    subject = _SUBJECTS[n % len(_SUBJECTS)]
    verb = _VERBS[(n // len(_SUBJECTS)) % len(_VERBS)]
    obj = _OBJECTS[(n // (len(_SUBJECTS) * len(_VERBS))) % len(_OBJECTS)]
    place = rnd.choice(_PLACES)
    outlet, cited = rnd.sample(_OUTLETS, 2)
    when = first + timedelta(minutes=step * n + rnd.randrange(jitter))
    paragraphs = [f"{subject} {verb} the {obj} after a week of talks in {place}."]
    for _ in range(rnd.randrange(7, 12)):
        sentences = rnd.sample(_SENTENCES, 2)
        paragraphs.append(" ".join(s.format(outlet=outlet, cited=cited, subject=subject.lower(),
                                            obj=obj, place=place) for s in sentences))
    return rnd, subject, verb, obj, place, outlet, cited, when, paragraphs


def newswire_story(n: int) -> tuple[str, str]:
    """The `n`-th generated story: (file name, text); titles and names unique up to 30,000."""
    rnd, subject, verb, obj, place, outlet, _, when, body = _story(
        n, datetime(2019, 1, 1, 6, tzinfo=UTC), 173, 90)
    headline = f"{subject} {verb} {obj} in {place}"
    lines = [_date_line(when, n % 5)]
    if n % 3:
        lines.append(headline)
    if n % 4 == 1:
        lines.append(f"By {rnd.choice(_PEOPLE)}")
    if n % 7 == 3:
        lines.append(f"Source: {outlet}")
    lines.append("")
    text = "\n".join(lines) + "\n" + "\n\n\n".join(body) + f"\n\n{outlet}\n"
    name = f"{when:%Y-%m-%d}-{n:05d}-{subject}-{verb}-{obj}".lower()
    name = "".join(c if c.isalnum() else "-" for c in name) + ".txt"
    return name, text


def _story_fields(n: int) -> tuple[str, dict, list[str]]:
    """The `n`-th generated story as a structured file gives it: (file stem, fields, paragraphs);
    the same stories as `newswire_story`, with the keys of front matter and JSON."""
    rnd, subject, verb, obj, place, outlet, cited, when, body = _story(
        n, datetime(2019, 1, 1, 6, tzinfo=UTC), 173, 90)
    stem = f"{when:%Y-%m-%d}-{n:05d}-{subject}-{verb}-{obj}".lower()
    stem = "".join(c if c.isalnum() else "-" for c in stem)
    fields = {
        "title": f"{subject} {verb} {obj} in {place}",
        "date": when.isoformat(),
        "author": rnd.sample(_PEOPLE, 1 + n % 2),
        "source": outlet,
        "link": f"https://news.example/{when:%Y/%m/%d}/{stem}",
        "tags": [rnd.choice(["world", "europe", "economy", "politics", "climate"]), place],
        "summary": body[1][:200],
        "cites": [cited],
    }
    return stem, fields, body


def markdown_story(n: int) -> tuple[str, str]:
    """The `n`-th story as Markdown with YAML front matter: (file name, text)."""
    import json

    stem, fields, body = _story_fields(n)
    front = "\n".join(f"{k}: {v if k == 'date' else json.dumps(v)}"  # JSON is YAML
                      for k, v in fields.items())
    paragraphs = [*body[:3], f"> {body[3]}", *body[4:-1], f"*{body[-1]}* [More](/more/{n})"]
    return f"{stem}.md", f"---\n{front}\n---\n\n" + "\n\n".join(paragraphs) + "\n"


def json_story(n: int) -> tuple[str, str]:
    """The `n`-th story as a JSON article, its content HTML or Markdown by turns."""
    import json

    stem, fields, body = _story_fields(n)
    content = "".join(f"<p>{p}</p>\n" for p in body) if n % 2 else "\n\n".join(body)
    return f"{stem}.json", json.dumps({**fields, "content": content}, ensure_ascii=False,
                                      indent=1)


def html_story(n: int) -> tuple[str, str]:
    """The `n`-th story as a saved web page: meta tags, navigation, the article, sidebars."""
    from html import escape

    stem, fields, body = _story_fields(n)
    nav = "".join(f'<li><a href="/{s.lower()}">{s}</a></li>' for s in
                  ("World", "Europe", "Economy", "Politics", "Climate", "Sport", "Culture"))
    related = "".join(f'<li><a href="/story/{n + k}">{escape(_SUBJECTS[(n + k) % 30])} '
                      f"{_VERBS[k % 25]} the {_OBJECTS[k % 20]}</a></li>" for k in range(1, 9))
    meta = "\n".join([
        f'<meta property="og:title" content="{escape(fields["title"])}">',
        f'<meta property="og:site_name" content="{escape(fields["source"])}">',
        f'<meta property="og:description" content="{escape(fields["summary"])}">',
        f'<meta property="article:published_time" content="{fields["date"]}">',
        *(f'<meta name="author" content="{escape(a)}">' for a in fields["author"]),
        *(f'<meta property="article:tag" content="{escape(t)}">' for t in fields["tags"]),
        f'<link rel="canonical" href="{fields["link"]}">',
    ])
    text = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>{escape(fields["title"])} | {escape(fields["source"])}</title>\n{meta}\n'
        f"<style>body {{ font: 16px/1.5 serif }} nav li {{ display: inline }}</style>\n"
        f'<script>window.dataLayer = [{{"page": "{stem}"}}];</script>\n</head>\n<body>\n'
        f'<header><a href="/">{escape(fields["source"])}</a><nav><ul>{nav}</ul></nav></header>\n'
        f"<main><article>\n<h1>{escape(fields['title'])}</h1>\n"
        f'<p class="byline">By {escape(" and ".join(fields["author"]))}, '
        f'<time datetime="{fields["date"]}">{fields["date"][:10]}</time></p>\n'
        f'<div class="share"><button>Share</button><button>A+</button></div>\n'
        + "\n".join(f"<p>{escape(p)}</p>" for p in body[:4])
        + f'\n<figure><img src="/img/{n}.jpg" alt=""><figcaption>{escape(body[0][:60])}'
        f"</figcaption></figure>\n"
        + "\n".join(f"<p>{escape(p)}</p>" for p in body[4:])
        + f"\n</article>\n<aside><h2>Most read</h2><ul>{related}</ul></aside></main>\n"
        f'<footer><form action="/newsletter"><input name="email"><button>Subscribe</button>'
        f"</form><p>© {escape(fields['source'])}</p></footer>\n</body>\n</html>\n"
    )
    return f"{stem}.html", text


STORY_FORMATS: dict[str, Callable[[int], tuple[str, str]]] = {
    ".txt": newswire_story, ".md": markdown_story, ".json": json_story, ".html": html_story}


def write_stories(folder: Path, count: int, *, age: float = 3600, suffix: str = ".txt") -> int:
    """`count` generated files of the format of `suffix` in `folder`, dated `age` seconds back
    so the inbox takes them as finished (a backlog); their total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.time() - age
    total = 0
    story = STORY_FORMATS[suffix]
    for n in range(count):
        name, text = story(n)
        path = folder / name
        data = text.encode()
        path.write_bytes(data)
        os.utime(path, (stamp, stamp))
        total += len(data)
    return total


def generated_articles(start: int, count: int) -> list:
    """Articles as a parser would give them, without files: for filling big stores fast."""
    from articles.model import Article

    out = []
    for n in range(start, start + count):
        rnd, subject, verb, obj, place, outlet, cited, when, paragraphs = _story(
            n, datetime(2015, 1, 1, tzinfo=UTC), 47, 40)
        title = f"{subject} {verb} {obj} in {place} ({n})"
        out.append(Article(
            title=title,
            content_html="".join(f"<p>{p}</p>\n" for p in paragraphs).replace('"', "&quot;"),
            summary=" ".join(paragraphs[1:3])[:300],
            published=when,
            slug=f"{when:%Y-%m-%d}-story-{n}",
            authors=(rnd.choice(_PEOPLE),),
            source=outlet,
            cites=(cited,),
            tags=(rnd.choice(["world", "europe", "economy", "politics", "climate"]),),
            origin=f"bench-{n}.txt",
        ))
    return out


def fill_store(url: str, count: int, batch: int = 5000) -> None:
    """A store at the current schema holding `count` generated articles, through `Store.save`."""
    from articles.store import Store

    store = Store(url)
    store.create()
    try:
        for start in range(0, count, batch):
            result = store.save(generated_articles(start, min(batch, count - start)))
            if len(result.added) != min(batch, count - start):
                raise RuntimeError(f"filling the store: {len(result.added)} added of a batch")
    finally:
        store.close()


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
