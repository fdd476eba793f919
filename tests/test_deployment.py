"""What the README's deployment section promises, with the real commands: `newsfeed serve`
beside `newsfeed worker`, `newsfeed migrate` over a database holding stories at an older
schema, archive pages followed over HTTP, the running leader's WebSub ping, drop-folder
keys set in a config file, and a standby taking the lead when the leader dies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from alembic import command
from databases import postgres_database
from live import NEWSFEED, SEED, LiveService, drop_folder_files
from test_feeds_websub import Hub

from articles import migrate
from articles.model import Article
from articles.store import Store

pytestmark = pytest.mark.slow


def wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def newsfeed(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(NEWSFEED), *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def story(title: str, date: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\nWhat happened, in a sentence or two.\n"


@pytest.mark.postgres
def test_serve_answers_what_a_separate_worker_ingests(tmp_path):
    """The README's split: `newsfeed worker` takes the drop folder and writes the output
    folder; `newsfeed serve` on the same database serves what the worker stored."""
    with postgres_database() as url:
        web = LiveService(tmp_path / "web", store_url=url, var=tmp_path / "var",
                          command="serve", poll_seconds=30)
        with web:
            worker_log = open(tmp_path / "worker.log", "wb")  # noqa: SIM115 - closed below
            worker = subprocess.Popen([str(NEWSFEED), "worker", "--config",
                                       str(web.config_path)], cwd=web.root,
                                      stdout=worker_log, stderr=subprocess.STDOUT)
            try:
                web.inbox.mkdir(parents=True, exist_ok=True)
                (web.inbox / SEED.name).write_bytes(SEED.read_bytes())
                body = web.wait_for("/feeds/news.atom", lambda r: b"Rutte" in r.content,
                                    timeout=30).content
                wait(lambda: not drop_folder_files(web.inbox), 10, "the worker left the file")
                assert [p.name for p in drop_folder_files(web.archive)] == [SEED.name]
                wait(lambda: (web.output / "feeds" / "news.atom").exists(), 10,
                     "the worker wrote no output folder")
                assert b"Rutte" in (web.output / "feeds" / "news.atom").read_bytes()
                assert "now leads" not in web.log()  # serve runs no singleton job
            except AssertionError as error:  # what the worker did is half the story
                log = (tmp_path / "worker.log").read_text()
                raise AssertionError(f"{error}\n--- worker log ---\n{log}") from None
            finally:
                worker.send_signal(signal.SIGTERM)
                assert worker.wait(30) == 0
                worker_log.close()
        log = (tmp_path / "worker.log").read_text()
        assert "stopped cleanly" in log and "Traceback" not in log
        assert feedparser.parse(body).entries[0].title.startswith("Dutch Prime Minister")


def test_migrate_upgrades_a_database_holding_stories_at_an_older_schema(tmp_path, store_url):
    store = Store(store_url)
    store.create()
    harbour = Article(title="Harbour reopens after repairs", source="Wire",
                      content_html="<p>The lock reopened.</p>",
                      published=datetime(2024, 3, 1, tzinfo=UTC))
    [stored] = store.save([harbour]).added
    with store.engine.begin() as conn:  # back to the schema of two releases ago
        command.downgrade(migrate._config(conn), "0004")
    store.close()
    (tmp_path / "config.toml").write_text(
        f'[store]\nurl = "{store_url}"\n[output]\npath = "public"\n', encoding="utf-8")

    refused = newsfeed("build", "--config", "config.toml", cwd=tmp_path)
    assert refused.returncode == 2 and "newsfeed migrate" in refused.stderr
    assert refused.stderr.count("\n") == 1, refused.stderr

    done = newsfeed("migrate", "--config", "config.toml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"schema upgraded from 0004 to {migrate.head()}"
    shown = newsfeed("show", stored.slug, "--json", "--config", "config.toml", cwd=tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["title"] == "Harbour reopens after repairs"
    assert newsfeed("build", "--config", "config.toml", cwd=tmp_path).returncode == 0
    assert b"Harbour reopens" in (tmp_path / "public" / "feeds" / "news.atom").read_bytes()
    again = newsfeed("migrate", "--config", "config.toml", cwd=tmp_path)
    assert again.stdout.strip() == f"schema already at {migrate.head()}"


def test_archive_pages_are_followed_over_http(tmp_path):
    with LiveService(tmp_path, '[[feed]]\nname = "news"\nlimit = 2\n') as svc:
        for n in range(1, 8):
            (svc.inbox / f"s{n}.md").write_text(story(f"Story {n} of the archive",
                                                      f"2024-01-{n:02d}"), encoding="utf-8")
        svc.wait_for("/feeds/news.atom", lambda r: b"Story 7 of" in r.content)
        wait(lambda: not drop_folder_files(svc.inbox), 10, "files left in the inbox")
        seen, url = [], svc.url("/feeds/news.atom")
        for _ in range(10):  # subscription document, then prev-archive to the first page
            response = svc.get(url.removeprefix(svc.base_url))
            assert response.status_code == 200, url
            parsed = feedparser.parse(response.content)
            assert not parsed.bozo, parsed.bozo_exception
            seen += [e.title for e in parsed.entries]
            prev = [link.href for link in parsed.feed.links if link.rel == "prev-archive"]
            if not prev:
                break
            url = prev[0]
            again = svc.get(url.removeprefix(svc.base_url))
            assert svc.get(url.removeprefix(svc.base_url), headers={
                "if-none-match": again.headers["etag"]}).status_code == 304
        # Every story is reached (an entry may be in two documents; readers go by its id).
        assert set(seen) == {f"Story {n} of the archive" for n in range(1, 8)}
        assert len(seen) < 2 * 7


def test_the_running_leader_pings_the_hub_when_a_feed_changes(tmp_path):
    hub = Hub()
    try:
        with LiveService(tmp_path, f'[websub]\nhub = "{hub.url}"\n') as svc:
            svc.drop_seed()
            feeds = {svc.url(f"feeds/news.{fmt}") for fmt in ("atom", "rss", "json")}
            wait(lambda: set(hub.pinged()) >= feeds, 10, f"not every format pinged: {feeds}")
            assert f'<link href="{hub.url}" rel="hub"/>' in svc.get("/feeds/news.atom").text
    finally:
        hub.close()


def test_strict_dates_and_folder_categories_are_read_from_the_config_file(tmp_path):
    keys = "strict_dates = true\nfolder_categories = false\n"
    with LiveService(tmp_path, inbox_toml=keys) as svc:
        (svc.inbox / "world").mkdir()
        (svc.inbox / "world" / "dated.md").write_text(
            story("A dated story in a subfolder", "2024-02-02"), encoding="utf-8")
        (svc.inbox / "undated.txt").write_text(
            "An undated story has only its lead sentence.\n\nAnd one more paragraph.\n",
            encoding="utf-8")
        body = svc.wait_for("/feeds/news.json", lambda r: b"A dated story" in r.content).content
        [item] = json.loads(body)["items"]
        assert item.get("tags", []) == []  # folder_categories = false: no "world"
        wait(lambda: (svc.rejected / "undated.txt.error.txt").exists(), 10, "not refused")
        reason = (svc.rejected / "undated.txt.error.txt").read_text(encoding="utf-8")
        assert "no date" in reason and "strict" in reason


@pytest.mark.postgres
def test_a_standby_takes_the_lead_within_seconds_of_the_leaders_death(tmp_path):
    with postgres_database() as url:
        a = LiveService(tmp_path / "a", store_url=url, var=tmp_path / "var", poll_seconds=30)
        b = LiveService(tmp_path / "b", store_url=url, var=tmp_path / "var", poll_seconds=30)
        with a, b:
            wait(lambda: "now leads" in a.log() + b.log(), 20, "nobody leads")
            leader, standby = (a, b) if "now leads" in a.log() else (b, a)
            leader.stop(signal.SIGKILL)
            killed = time.monotonic()
            wait(lambda: "now leads" in standby.log(), 30, "the standby never took the lead")
            took = time.monotonic() - killed
            # About two seconds by design; the bound is generous for a loaded machine.
            assert took < 15, f"took the lead after {took:.1f}s"
            (a.inbox / "after.md").write_text(story("Stored by the new leader", "2024-05-05"),
                                              encoding="utf-8")
            standby.wait_for("/feeds/news.atom", lambda r: b"Stored by the new" in r.content)


@pytest.fixture(autouse=True)
def _no_inherited_config(monkeypatch):
    """Commands here take their config from --config alone."""
    monkeypatch.delenv("NEWSFEED_CONFIG", raising=False)
    assert "NEWSFEED_CONFIG" not in os.environ
