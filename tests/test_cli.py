"""The `newsfeed ingest` and `newsfeed build` commands, run as a user runs them (subprocess)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SEED = SAMPLES / "2023-07-08-rutte-resigns.txt"
NEWSFEED = Path(sys.executable).with_name("newsfeed")
TITLE = (
    "Dutch Prime Minister Mark Rutte has resigned after the dramatic collapse of his coalition "
    "government."
)
SEED_TIME = datetime(2023, 7, 8, tzinfo=UTC).timestamp()

pytestmark = pytest.mark.slow  # every test runs the real `newsfeed` command


@pytest.fixture
def site(tmp_path):
    """A folder with an empty config.toml: every key at its default, relative to it."""
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    return tmp_path


def newsfeed(site: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "NEWSFEED_CONFIG"}
    return subprocess.run(
        [str(NEWSFEED), args[0], "--config", str(site / "config.toml"), *args[1:]],
        cwd=site, env=env, capture_output=True, text=True, timeout=60,
    )


def built(site: Path, name: str) -> bytes:
    return (site / "var" / "public" / name).read_bytes()


def json_items(site: Path, feed: str = "news") -> list[dict]:
    return json.loads(built(site, f"feeds/{feed}.json"))["items"]


# -- ingest -----------------------------------------------------------------------------------


def test_ingest_a_folder_twice_stores_nothing_twice(site):
    before = sorted(p.name for p in SAMPLES.iterdir())
    first = newsfeed(site, "ingest", str(SAMPLES))
    assert first.returncode == 0, first.stderr
    assert first.stdout == "1 files stored (1 new, 0 updated, 0 unchanged), 0 rejected\n"
    second = newsfeed(site, "ingest", str(SAMPLES))
    assert second.returncode == 0, second.stderr
    assert second.stdout == "1 files stored (0 new, 0 updated, 1 unchanged), 0 rejected\n"
    # The same story under another file name is the same story.
    copy = site / "copy-of-the-seed.txt"
    shutil.copy(SEED, copy)
    third = newsfeed(site, "ingest", str(copy))
    assert third.stdout == "1 files stored (0 new, 0 updated, 1 unchanged), 0 rejected\n"
    assert sorted(p.name for p in SAMPLES.iterdir()) == before  # left where they are
    assert copy.read_bytes() == SEED.read_bytes()

    build = newsfeed(site, "build")
    assert build.returncode == 0, build.stderr
    assert [i["title"] for i in json_items(site)] == [TITLE]


def test_ingest_refuses_a_bad_file_says_why_and_exits_1(site):
    folder = site / "drop"
    folder.mkdir()
    shutil.copy(SEED, folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / ".hidden.txt").write_bytes(b"")  # not a candidate: skipped, not refused
    result = newsfeed(site, "ingest", str(folder))
    assert result.returncode == 1
    assert result.stdout == "1 files stored (1 new, 0 updated, 0 unchanged), 1 rejected\n"
    assert f"refused {folder / 'empty.txt'}: it is empty\n" in result.stderr
    assert ".hidden.txt" not in result.stderr
    assert (folder / "empty.txt").exists()  # ingest leaves files where they are
    assert newsfeed(site, "build").returncode == 0
    assert [i["title"] for i in json_items(site)] == [TITLE]


def test_ingest_of_a_single_bad_file_exits_1(site):
    path = site / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
    result = newsfeed(site, "ingest", str(path))
    assert result.returncode == 1
    assert result.stdout == "0 files stored (0 new, 0 updated, 0 unchanged), 1 rejected\n"
    assert (
        f"refused {path}: it is a binary file, not text (it contains NUL bytes)\n"
        in result.stderr
    )


def test_ingest_of_a_backlog_stores_every_format_and_names_each_refusal(site):
    """Enough files for the parsing pool: each stored or refused as one at a time would be."""
    folder = site / "backlog"
    folder.mkdir()
    kinds = {
        ".txt": lambda n: f"date 2024-03-{1 + n % 28:02d}\n\nWire story {n} leads here.\n\n"
                          f"More of story {n}.\n\nWire Desk\n",
        ".md": lambda n: f"---\ntitle: Note {n}\ndate: 2024-04-{1 + n % 28:02d}\n---\n\n"
                         f"Text of note {n}.\n",
        ".json": lambda n: json.dumps({"title": f"Item {n}", "date": f"2024-05-{1 + n % 28:02d}",
                                       "content": f"<p>Body {n}.</p>"}),
        ".html": lambda n: f"<html><head><title>Page {n}</title></head><body><article>"
                           f"<p>Page {n} text.</p></article></body></html>",
    }
    for n in range(100):
        suffix = list(kinds)[n % 4]
        (folder / f"item-{n:03d}{suffix}").write_text(kinds[suffix](n), encoding="utf-8")
    (folder / "item-049.md").write_text("---\ntitle: [open\n---\n", encoding="utf-8")
    result = newsfeed(site, "ingest", str(folder))
    assert result.returncode == 1
    assert result.stdout == "99 files stored (99 new, 0 updated, 0 unchanged), 1 rejected\n"
    assert f"refused {folder / 'item-049.md'}: its YAML front matter is not valid YAML" in (
        result.stderr)
    assert result.stderr.count("has no date") == 25  # each undated page said, by its worker
    again = newsfeed(site, "ingest", str(folder))
    assert again.stdout == "99 files stored (0 new, 0 updated, 99 unchanged), 1 rejected\n"


def test_ingest_starts_without_the_server_scheduler_or_renderers(site):
    """A one-shot ingest imports what reads files and stores articles, nothing else (into a
    store at the current schema: making one takes Alembic)."""
    assert newsfeed(site, "migrate").returncode == 0
    result = subprocess.run(
        [sys.executable, "-X", "importtime", str(NEWSFEED), "ingest", "--config",
         str(site / "config.toml"), str(SAMPLES)],
        cwd=site, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    modules = {line.rsplit("|", 1)[1].strip()
               for line in result.stderr.splitlines() if line.startswith("import time:")}
    assert "sqlalchemy" in modules and any(m.startswith("articles.parse.") for m in modules)
    unneeded = {"uvicorn", "starlette", "feedgen", "apscheduler", "httpx", "feedparser",
                "jinja2", "alembic", "watchdog.observers", "trafilatura", "extruct",
                "pydantic", "markdown_it"}
    assert {m.split(".")[0] for m in modules} & unneeded == set()
    assert modules & unneeded == set()
    assert {m for m in modules if m.startswith("feeds")} == set()
    assert {"manage", "access", "prometheus_client"} & modules == set()


def test_every_command_of_the_modules_imported_later_is_in_newsfeed(site):
    """`newsfeed` imports the management and desk commands only when one of theirs runs: its
    list of their names must be theirs, or a command would be missing from `newsfeed`."""
    import click

    import access
    import manage
    import scheduler

    for module in (manage, access):
        group = click.Group()
        module.register(group)
        assert set(group.commands) == set(scheduler.LATER[module.__name__])
    listed = subprocess.run([str(NEWSFEED), "--help"], capture_output=True, text=True,
                            timeout=60)
    assert listed.returncode == 0
    for name in (*scheduler.LATER["manage"], *scheduler.LATER["access"], "ingest", "run"):
        assert f"  {name} " in listed.stdout
    assert newsfeed(site, "migrate").returncode == 0
    assert newsfeed(site, "stats").returncode == 0  # a command of a module imported later


# -- build ------------------------------------------------------------------------------------


def test_build_writes_every_format_with_gzip_and_the_home_page(site):
    assert newsfeed(site, "ingest", str(SEED)).returncode == 0
    result = newsfeed(site, "build")
    assert result.returncode == 0, result.stderr
    out = site / "var" / "public"
    assert result.stdout == f"wrote 1 feed(s) to {out}\n"
    names = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert names == [
        "feeds/news.atom", "feeds/news.atom.gz", "feeds/news.json", "feeds/news.json.gz",
        "feeds/news.rss", "feeds/news.rss.gz", "index.html", "index.html.gz",
    ]
    for name in ("feeds/news.atom", "feeds/news.rss", "feeds/news.json", "index.html"):
        assert gzip.decompress(built(site, name + ".gz")) == built(site, name), name
        # A static server's Last-Modified: the newest entry's date, not the time of the build.
        assert os.stat(out / name).st_mtime == SEED_TIME, name
    for name in ("feeds/news.atom", "feeds/news.rss"):
        doc = feedparser.parse(built(site, name))
        assert not doc.bozo
        assert [e.title for e in doc.entries] == [TITLE]
    assert [i["title"] for i in json_items(site)] == [TITLE]
    page = lxml.html.fromstring(built(site, "index.html"))
    assert sorted(page.xpath("//head/link[@rel='alternate']/@href")) == [
        "http://127.0.0.1:8080/feeds/news.atom",
        "http://127.0.0.1:8080/feeds/news.json",
        "http://127.0.0.1:8080/feeds/news.rss",
    ]


def test_building_an_unchanged_store_again_changes_no_byte(site):
    assert newsfeed(site, "ingest", str(SEED)).returncode == 0
    assert newsfeed(site, "build").returncode == 0
    out = site / "var" / "public"
    files = sorted(p for p in out.rglob("*") if p.is_file())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in files}
    assert newsfeed(site, "build").returncode == 0
    assert sorted(p for p in out.rglob("*") if p.is_file()) == files
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_ino) for p in files}
    assert after == before  # not even rewritten


def test_build_writes_every_configured_feed(site):
    (site / "config.toml").write_text(
        '[[feed]]\nname = "news"\n\n[[feed]]\nname = "world"\ntitle = "World"\n'
        'categories = ["world"]\n',
        encoding="utf-8",
    )
    story = site / "harbour.md"
    story.write_text(
        "---\ntitle: Harbour reopens\ndate: 2024-03-01\ntags: [world]\n---\n"
        "The northern lock reopened on Monday.\n",
        encoding="utf-8",
    )
    assert newsfeed(site, "ingest", str(SEED), str(story)).returncode == 0
    result = newsfeed(site, "build")
    assert result.stdout.startswith("wrote 2 feed(s) to ")
    assert [i["title"] for i in json_items(site, "news")] == ["Harbour reopens", TITLE]
    assert [i["title"] for i in json_items(site, "world")] == ["Harbour reopens"]
    world = feedparser.parse(built(site, "feeds/world.atom"))
    assert world.feed.title == "World"
    assert [e.title for e in world.entries] == ["Harbour reopens"]


# -- what the ingest pipeline makes of newswire text --------------------------------------------


def test_a_short_closing_sentence_stays_in_the_body(site):
    story = site / "bridge.txt"
    story.write_text(
        "date 2024-02-03\n\n"
        "The council voted on Tuesday to close the old bridge for repairs.\n\n"
        "Work starts in May and will last most of the summer, officials said.\n\n"
        "Talks continue.\n",
        encoding="utf-8",
    )
    assert newsfeed(site, "ingest", str(story)).returncode == 0
    assert newsfeed(site, "build").returncode == 0
    (item,) = json_items(site)
    assert item["content_html"].endswith("<p>Talks continue.</p>")
    assert "authors" not in item


def test_windows_1251_text_is_read_as_cyrillic_not_mojibake(site):
    title = "Премьер-министр Нидерландов подал в отставку после распада коалиции."
    story = site / "rutte-ru.txt"
    story.write_bytes(
        (f"date 2023-07-08\n\n{title}\n\nЛидеры партий не смогли договориться "
         "о миграционной политике.\n").encode("cp1251")
    )
    assert newsfeed(site, "ingest", str(story)).returncode == 0
    assert newsfeed(site, "build").returncode == 0
    (item,) = json_items(site)
    assert item["title"] == title
