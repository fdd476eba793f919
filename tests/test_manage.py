"""The management commands, run as `newsfeed ...` processes on a real store: list, show,
delete, stats, check-config, export-opml; JSON for scripts, plain lines when piped, rich
tables on a terminal."""

from __future__ import annotations

import dataclasses
import json
import os
import pty
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from live import NEWSFEED
from lxml import etree

import config
from articles.backlog import ingest_paths
from articles.store import Store
from feeds import readers
from feeds.readers import Tally

STORIES = {
    "harbour.md": "---\ntitle: Harbour reopens after six weeks of repairs\ndate: 2024-03-01\n"
                  "author: Jane Doe\ntags: [world, Europe]\n"
                  "image: {url: 'https://news.example/img/lock.jpg', width: 1200}\n"
                  "correction: The lock is the northern one.\n---\n"
                  "The northern lock reopened on Monday.\n\nShips had been diverted.\n",
    "library.md": "---\ntitle: Council approves the new library budget\ndate: 2024-03-02\n"
                  "author: John Roe\n---\nThe council approved the budget on Tuesday.\n",
    "ferry.md": "---\ntitle: Ferry strike ends\ndate: 2024-03-03\ntags: [local]\n---\n"
                "The ferry crews went back to work.\n",
}
TOKEN = "manage-test-token-0123456789"


@pytest.fixture
def site(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        '[site]\ntitle = "Harbour Times"\nbase_url = "https://news.example/"\n\n'
        f'[store]\nurl = "sqlite:///var/newsfeed.db"\n\n[api]\ntokens = ["{TOKEN}"]\n\n'
        '[[feed]]\nname = "news"\ntitle = "All the news"\n\n'
        '[[feed]]\nname = "world"\ntitle = "World"\ncategories = ["world"]\n',
        encoding="utf-8",
    )
    files = tmp_path / "stories"
    files.mkdir()
    for name, text in STORIES.items():
        (files / name).write_text(text, encoding="utf-8")
    cfg = config.load(path)
    store = Store(cfg.store.url)
    store.create()
    outcome = ingest_paths(store, [files], tz=UTC, max_bytes=100_000)
    assert outcome.added == 3
    store.close()
    return path


def newsfeed(*args: str, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([NEWSFEED, *args], capture_output=True, text=True, timeout=60,
                            stdin=subprocess.DEVNULL, **kwargs)
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_list_show_and_delete(site):
    listed = json.loads(newsfeed("list", "--json", "--config", site).stdout)
    assert [a["title"] for a in listed] == ["Ferry strike ends",
                                             "Council approves the new library budget",
                                             "Harbour reopens after six weeks of repairs"]
    harbour = listed[2]
    assert harbour["url"] == f"https://news.example/articles/{harbour['slug']}"
    assert {key: harbour[key] for key in ("title", "summary", "published", "authors", "source",
                                          "cites", "link", "tags", "language", "image",
                                          "origin", "scheduled")} == {
        "title": "Harbour reopens after six weeks of repairs",
        "summary": "The northern lock reopened on Monday. Ships had been diverted.",
        "published": "2024-03-01T00:00:00+00:00", "authors": ["Jane Doe"], "source": "",
        "cites": [], "link": "", "tags": ["world", "Europe"], "language": "",
        "image": "https://news.example/img/lock.jpg", "origin": "harbour.md",
        "scheduled": False}
    assert harbour["id"].startswith("urn:uuid:") and harbour["updated"] == harbour["published"]
    assert [c["note"] for c in harbour["corrections"]] == ["The lock is the northern one."]
    assert listed[1]["image"] is None
    assert len(json.loads(newsfeed("list", "--json", "-n", "2", "--config", site).stdout)) == 2

    piped = newsfeed("list", "--config", site, "-q", "HARBOUR lock", "--category", "europe")
    assert piped.stdout == (f"2024-03-01T00:00:00+00:00\t{harbour['slug']}\t"
                            "Harbour reopens after six weeks of repairs\tworld,Europe\n")
    assert newsfeed("list", "--config", site, "-n", "1", "--offset", "1").stdout.count("\n") == 1

    shown = json.loads(newsfeed("show", harbour["slug"], "--json", "--config", site).stdout)
    assert shown == harbour
    plain = newsfeed("show", harbour["slug"], "--config", site).stdout
    assert "title\tHarbour reopens after six weeks of repairs\n" in plain
    assert "authors\tJane Doe\n" in plain and plain.endswith("Ships had been diverted.\n")
    assert "image\thttps://news.example/img/lock.jpg\n" in plain
    assert "correction\t" in plain and "The lock is the northern one.\n" in plain

    missing = newsfeed("show", "nothing-here", "--config", site, check=False)
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr == ("newsfeed: no article at /articles/nothing-here "
                              "(see `newsfeed list`)\n")

    deleted = newsfeed("delete", harbour["slug"], "--config", site)
    assert deleted.stdout.startswith(f"deleted {harbour['slug']}; it leaves every feed")
    left = json.loads(newsfeed("list", "--json", "--config", site).stdout)
    assert harbour["slug"] not in [a["slug"] for a in left]
    again = newsfeed("delete", harbour["slug"], "--config", site, check=False)
    assert again.returncode == 1 and "no article" in again.stderr
    ferry = json.loads(newsfeed("delete", left[0]["slug"], "--json", "--config", site).stdout)
    assert ferry == {"deleted": left[0]["slug"], "id": left[0]["id"]}

    # The tombstones stay: the same files ingested again store nothing again.
    reingest = newsfeed("ingest", str(site.parent / "stories"), "--config", site, check=False)
    assert "0 new" in reingest.stdout
    assert len(json.loads(newsfeed("list", "--json", "--config", site).stdout)) == 1
    store = Store(config.load(site).store.url)
    try:
        assert store.count() == 3 and len(store.list()) == 1  # rows kept, two deleted
    finally:
        store.close()


def test_a_terminal_gets_a_coloured_table(site):
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    env.pop("NO_COLOR", None)
    with subprocess.Popen([NEWSFEED, "list", "--config", site], stdout=follower,
                          stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env) as proc:
        os.close(follower)
        output = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            output += chunk
        proc.wait(30)
    os.close(leader)
    text = output.decode()
    assert "\x1b[" in text  # colour
    assert "┏━" in text and "Published" in text and "Ferry strike ends" in text
    assert "\t" not in text


def test_stats(site):
    cfg = config.load(site)
    store = Store(cfg.store.url)
    tally = Tally()
    now = datetime.now(UTC)
    for user_agent, client, status in [
        ("Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )", "a", 200),
        ("NetNewsWire (RSS Reader; https://netnewswire.com/)", "b", 304),
        ("NetNewsWire (RSS Reader; https://netnewswire.com/)", "c", 200),
    ]:
        tally.hit({"path": "/feeds/world.atom", "client": (client, 1),
                   "headers": [(b"user-agent", user_agent.encode())]}, status, 10)
    readers.flush(store, tally=tally, now=now)
    store.close()

    stats = json.loads(newsfeed("stats", "--json", "--config", site).stdout)
    assert (stats["articles"], stats["deleted"], stats["revision"]) == (3, 0, 1)
    assert [(f["feed"], f["subscribers"], f["readers"], f["polls"]) for f in stats["feeds"]] == [
        ("news", 0, 0, 0), ("world", 136, 2, 3)]
    assert stats["feeds"][1]["not_modified_share"] == pytest.approx(1 / 3, abs=1e-4)
    assert stats["feeds"][1]["clients"] == {"Feedly": 134, "NetNewsWire": 2}
    plain = newsfeed("stats", "--config", site).stdout
    assert plain == "news\t0\t0\t0\t0\t0.0000\nworld\t136\t134\t2\t3\t0.3333\n"


def test_check_config_prints_the_resolved_config(site, tmp_path):
    result = newsfeed("check-config", "--config", site)
    assert result.stdout.startswith(f"# {site}: valid\n")
    assert TOKEN not in result.stdout and "<hidden: 28 characters>" in result.stdout
    assert f'path = "{site.parent / "var" / "inbox"}"' in result.stdout  # resolved
    assert 'cache_max_age = 300' in result.stdout and 'ttl = 0' in result.stdout  # defaults
    assert result.stderr == ""

    shown = newsfeed("check-config", "--show-secrets", "--config", site).stdout
    copy = tmp_path / "elsewhere" / "resolved.toml"
    copy.parent.mkdir()
    copy.write_text(shown, encoding="utf-8")
    again = config.load(copy)  # the printed config reads back as the same config
    assert dataclasses.replace(again, path=None) == dataclasses.replace(config.load(site),
                                                                         path=None)

    data = json.loads(newsfeed("check-config", "--json", "--config", site).stdout)
    assert data["path"] == str(site) and data["warnings"] == []
    assert data["config"]["feed"][1]["categories"] == ["world"]


def test_check_config_warnings_and_errors(tmp_path):
    weak = tmp_path / "weak.toml"
    weak.write_text('[site]\nbase_url = "http://news.example/"\n[api]\ntokens = ["short"]\n',
                    encoding="utf-8")
    warned = newsfeed("check-config", "--config", weak)
    assert "token 1 is shorter than 16 characters" in warned.stderr
    assert "unencrypted" in warned.stderr

    wrong = tmp_path / "wrong.toml"
    wrong.write_text('[server]\nport = "eighty"\n', encoding="utf-8")
    failed = newsfeed("check-config", "--config", wrong, check=False)
    assert failed.returncode == 2 and failed.stdout == ""
    assert failed.stderr == (f"newsfeed: {wrong}: 'server.port' must be a whole number, "
                             "got 'eighty'\n")


def test_export_opml(site):
    root = etree.fromstring(newsfeed("export-opml", "--config", site).stdout.encode())
    assert root.findtext("head/title") == "Harbour Times"
    assert [(o.get("text"), o.get("xmlUrl")) for o in root.findall("body/outline")] == [
        ("All the news", "https://news.example/feeds/news.atom"),
        ("World", "https://news.example/feeds/world.atom"),
    ]
    feeds = json.loads(newsfeed("export-opml", "--json", "--config", site).stdout)
    assert feeds[1]["urls"] == {fmt: f"https://news.example/feeds/world.{fmt}"
                                for fmt in ("atom", "rss", "json")}


def test_desk_accounts_are_listed_reset_and_removed(site):
    from feeds.desk import accounts
    from feeds.desk.sessions import Sessions

    def password(made: subprocess.CompletedProcess) -> str:
        return next(line.strip() for line in made.stdout.splitlines()
                    if line.startswith("    "))

    jane = password(newsfeed("desk", "add", "jane", "--config", site))
    newsfeed("desk", "add", "amir", "--config", site)
    store = Store(config.load(site).store.url)
    try:
        accounts.set_password(store, "amir", "amirs-own-password")
        sessions = Sessions(store, 12, [])
        started = sessions.start("jane")
        sessions.start("jane")
    finally:
        store.close()

    lines = [line.split("\t") for line in
             newsfeed("desk", "list", "--config", site).stdout.splitlines()]
    assert [(n, p, s) for n, _, p, s, _ in lines] == [("amir", "own password", "0"),
                                                     ("jane", "one-time password", "2")]
    assert lines[0][4] == "-" and datetime.fromisoformat(lines[1][4]).tzinfo is not None
    listed = json.loads(newsfeed("desk", "list", "--json", "--config", site).stdout)
    assert [(a["name"], a["one_time_password"], a["open_sessions"]) for a in listed] == [
        ("amir", False, 0), ("jane", True, 2)]
    assert listed[0]["newest_session"] is None
    assert datetime.fromisoformat(listed[1]["created"]) <= datetime.now(UTC)

    reset = password(newsfeed("desk", "reset", "amir", "--config", site))
    store = Store(config.load(site).store.url)
    try:
        assert accounts.check(store, "amir", "amirs-own-password") is None
        assert accounts.check(store, "amir", reset) == accounts.Account("amir", True)
        assert accounts.check(store, "jane", jane) == accounts.Account("jane", True)
    finally:
        store.close()

    removed = newsfeed("desk", "remove", "jane", "--config", site)
    assert removed.stdout == "removed desk account jane; its sessions have ended\n"
    assert [a["name"] for a in json.loads(
        newsfeed("desk", "list", "--json", "--config", site).stdout)] == ["amir"]
    store = Store(config.load(site).store.url)
    try:
        assert Sessions(store, 12, []).find(started) is None
        assert accounts.find(store, "jane") is None
    finally:
        store.close()
    for command in ("reset", "remove"):
        unknown = newsfeed("desk", command, "jane", "--config", site, check=False)
        assert (unknown.returncode, unknown.stdout) == (1, "")
        assert unknown.stderr == "newsfeed: no desk account 'jane' (see `newsfeed desk list`)\n"
    text = newsfeed("desk", "--help").stdout
    for command in ("add", "list", "reset", "remove"):
        assert f"  {command} " in text


def test_the_commands_are_in_newsfeed_help():
    text = newsfeed("--help").stdout
    for command in ("list", "show", "delete", "stats", "check-config", "export-opml"):
        assert f"  {command} " in text
