"""Several `newsfeed` instances on one PostgreSQL database and one drop folder.

Three real processes share the store and the folder; the leader is killed part-way
through a backlog, another takes its jobs over, and in the end every article is stored
once, every original archived once, and all instances serve the same bytes.
"""

from __future__ import annotations

import signal
import time
from datetime import UTC, datetime, timedelta

import httpx
import psycopg
import pytest
from databases import SERVER, postgres_database
from live import LiveService, drop_folder_files
from test_inbox_crash import assert_each_once, wait_until_empty, write_backlog

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

PUBLIC = "https://news.example.org/"


def markdown(title: str, date: str) -> str:
    return f"---\ntitle: {title}\ndate: {date}\n---\nThe story.\n"


def identical_feeds(services: list[LiveService]) -> bool:
    answers = [s.get("/feeds/news.atom") for s in services]
    return len({(r.content, r.headers["etag"]) for r in answers}) == 1


def wait(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def test_three_instances_share_the_work_and_serve_identical_feeds(tmp_path):
    count = 500
    with postgres_database() as url:
        nodes = [LiveService(tmp_path / n, store_url=url, var=tmp_path / "var", base_url=PUBLIC,
                             poll_seconds=30)  # file events, NOTIFY and the lead job act sooner
                 for n in "abc"]
        try:
            for node in nodes:
                node.start()
            write_backlog(nodes[0].inbox, count)
            wait(lambda: any("now leads" in n.log() for n in nodes), 20, "nobody leads")
            leader = next(n for n in nodes if "now leads" in n.log())
            wait(lambda: drop_folder_files(nodes[0].archive), 30, "the leader archived nothing")
            leader.stop(signal.SIGKILL)
            survivors = [n for n in nodes if n is not leader]
            wait_until_empty(nodes[0].inbox)
            assert any("now leads" in n.log() for n in survivors), "nobody took over"
            leader.start()  # back, as a follower
            wait(lambda: identical_feeds(nodes), 10, "instances serve different feeds")
            entries = httpx.get(nodes[0].url("/feeds/news.atom")).text.count("<entry>")
            assert entries == 50  # the feed's limit, from a store of 500

            # A change through any instance reaches all of them by LISTEN/NOTIFY: the poll
            # interval is far longer than the wait below allows.
            (nodes[0].inbox / "late.md").write_text(
                markdown("A late story reaches every instance",
                         (datetime.now(UTC) - timedelta(minutes=1)).isoformat()))
            wait(lambda: all("A late story" in n.get("/feeds/news.atom").text for n in nodes),
                 5, "the change did not reach every instance")
            assert identical_feeds(nodes)
        finally:
            for node in nodes:
                node.stop()
        assert_each_once(url, tmp_path / "var" / "archive", count)


def test_a_lost_database_connection_is_survived(tmp_path):
    """Every connection cut by the server: the last feeds stay served, then work resumes."""
    with postgres_database() as url, LiveService(tmp_path, store_url=url, poll_seconds=1) as svc:
        (svc.inbox / "first.md").write_text(markdown("Before the cut", "2024-05-01"))
        svc.wait_for("/feeds/news.atom", lambda r: "Before the cut" in r.text)
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            cut = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            ).fetchone()[0]
        assert cut >= 2  # at least the listener's and the leader's
        assert "Before the cut" in svc.get("/feeds/news.atom").text  # served from memory
        (svc.inbox / "second.md").write_text(markdown("After the cut", "2024-05-02"))
        svc.wait_for("/feeds/news.atom", lambda r: "After the cut" in r.text, timeout=20)
        assert "Traceback" not in svc.log()
