"""Embargoes through the real process: a story dated ahead is stored at once but shown by no
URL until its time, then everywhere, by the `embargo` date job (the periodic rebuild is set
far slower than the waits below allow), across a restart and on two instances."""

from __future__ import annotations

import json
import subprocess
import time
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from databases import postgres_database
from live import NEWSFEED, LiveService, drop_folder_files
from test_feeds_websub import Hub

SLUG = "zeppelin-returns"
WORD = "Zeppelin"
URLS = ["/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json", "/",
        f"/articles/{SLUG}", "/feeds/tags/airships.atom", "/feeds/news.atom?q=zeppelin",
        "/feeds/news.json?category=airships"]


def embargoed(at: datetime) -> str:
    return (f"---\ntitle: The {WORD} returns to the city\ndate: {at.isoformat()}\n"
            "author: Jane Doe\ntags: [airships]\n---\nThe airship lands at noon.\n")


def shows(svc: LiveService, path: str) -> bool:
    response = svc.get(path)
    return response.status_code == 200 and WORD in response.text


def hidden_everywhere(svc: LiveService, until: datetime | None = None) -> None:
    """No URL shows the story (of those answered before `until`, when given)."""
    for path in URLS:
        response = svc.get(path)
        if until is not None and datetime.now(UTC) >= until:
            return
        assert WORD not in response.text, f"{path} shows the embargoed story"
        if path.startswith("/articles/"):
            assert response.status_code == 404


def stored(svc: LiveService) -> None:
    """Wait until the drop folder has taken the file in (it moved to the archive)."""
    deadline = time.monotonic() + 15
    while not any(p.name == f"{SLUG}.md" for p in drop_folder_files(svc.archive)):
        assert time.monotonic() < deadline, svc.log()
        time.sleep(0.05)


def wait_until_shown(svc: LiveService, at: datetime) -> float:
    """Poll every URL until all show the story; the story must be hidden by all of them
    before `at`. Seconds from `at` to the moment every URL showed it."""
    while datetime.now(UTC) < at:
        hidden_everywhere(svc, until=at)
        time.sleep(0.1)
    deadline = time.monotonic() + 10  # a liveness bound: the periodic rebuild is at 60 s
    while not all(shows(svc, path) for path in URLS):
        assert time.monotonic() < deadline, f"not published at its time\n{svc.log()}"
        time.sleep(0.02)
    return (datetime.now(UTC) - at).total_seconds()


def test_an_embargoed_story_is_hidden_until_its_time_then_everywhere_across_a_restart(tmp_path):
    svc = LiveService(tmp_path, poll_seconds=60).start()
    try:
        svc.drop_seed()
        # Far enough ahead for the restart below on a loaded machine; the checks before its
        # time stop at its time, so a slow machine makes them fewer, never wrong.
        at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=45)
        (svc.inbox / f"{SLUG}.md").write_text(embargoed(at))
        stored(svc)
        hidden_everywhere(svc, until=at)
        listed = subprocess.run([NEWSFEED, "list", "--config", svc.config_path],
                                capture_output=True, text=True, check=True).stdout
        line = next(row for row in listed.splitlines() if SLUG in row)
        assert line.startswith(at.isoformat()) and line.endswith("\tscheduled")
        as_json = subprocess.run([NEWSFEED, "list", "--json", "--config", svc.config_path],
                                 capture_output=True, text=True, check=True).stdout
        flags = {a["slug"]: a["scheduled"] for a in json.loads(as_json)}
        assert flags == {SLUG: True, "2023-07-08-rutte-resigns": False}
        shown = subprocess.run([NEWSFEED, "show", SLUG, "--config", svc.config_path],
                               capture_output=True, text=True, check=True).stdout
        assert f"scheduled: goes out at {at.isoformat()}" in shown

        svc.stop()  # the plan must survive a restart
        svc.start()
        hidden_everywhere(svc, until=at)
        late = wait_until_shown(svc, at)
        print(f"published {late:.3f}s after its time")
        atom = svc.get("/feeds/news.atom").text
        assert f"<updated>{at.isoformat()}</updated>" in atom.split("<entry>")[0]  # the feed's
        assert "embargo lifted: 1 story goes out now" in svc.log()
    finally:
        svc.stop()


def test_dropping_it_again_moves_the_embargo_and_the_hub_hears_at_its_time(tmp_path):
    hub = Hub()
    try:
        moved_and_pinged(tmp_path, hub)
    finally:
        hub.close()


def moved_and_pinged(tmp_path, hub: Hub) -> None:
    with LiveService(tmp_path, f'[websub]\nhub = "{hub.url}"\n', poll_seconds=60) as svc:
        svc.drop_seed()
        time.sleep(1)  # the seed's own ping
        hub.posts.clear()
        far = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        (svc.inbox / f"{SLUG}.md").write_text(embargoed(far))
        stored(svc)
        hidden_everywhere(svc)
        sooner = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
        (svc.inbox / f"{SLUG}.md").write_text(embargoed(sooner))
        svc.wait_for("/", lambda r: True)
        assert hub.posts == []  # nothing a reader can see changed yet
        assert wait_until_shown(svc, sooner) >= 0
        assert f"<published>{sooner.isoformat()}</published>" in svc.get(
            "/feeds/news.atom").text
        deadline = time.monotonic() + 5
        while svc.url("/feeds/news.atom") not in hub.pinged():
            assert time.monotonic() < deadline, f"the hub was not pinged\n{svc.log()}"
            time.sleep(0.05)


def test_lifting_an_embargo_early_publishes_at_once(tmp_path):
    with LiveService(tmp_path, poll_seconds=60) as svc:
        far = datetime.now(UTC).replace(microsecond=0) + timedelta(days=2)
        (svc.inbox / f"{SLUG}.md").write_text(embargoed(far))
        stored(svc)
        hidden_everywhere(svc)
        now = datetime.now(UTC).replace(microsecond=0)
        (svc.inbox / f"{SLUG}.md").write_text(embargoed(now))
        for path in URLS:
            svc.wait_for(path, lambda r: r.status_code == 200 and WORD in r.text, timeout=10)


@pytest.mark.parametrize(("front_matter", "reason"), [
    ("date: 2024-03-01\nupdated: {ahead}", "is in the future"),
    ("date: {year}", "is more than a year ahead"),
])
def test_dates_that_cannot_be_meant_are_refused_with_a_reason(tmp_path, front_matter, reason):
    ahead = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    year = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    with LiveService(tmp_path, poll_seconds=60) as svc:
        text = f"---\ntitle: Typo\n{front_matter.format(ahead=ahead, year=year)}\n---\nText.\n"
        (svc.inbox / "typo.md").write_text(text)
        deadline = time.monotonic() + 15
        why = svc.rejected / "typo.md.error.txt"
        while not why.exists():
            assert time.monotonic() < deadline, svc.log()
            time.sleep(0.05)
        assert reason in why.read_text()


@pytest.mark.slow
@pytest.mark.postgres
def test_two_instances_on_postgresql_publish_at_its_time(tmp_path):
    with postgres_database() as url:
        nodes = [LiveService(tmp_path / n, store_url=url, var=tmp_path / "var",
                             base_url="https://news.example.org/", poll_seconds=60)
                 for n in "ab"]
        try:
            for node in nodes:
                node.start()
            at = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=10)
            (nodes[0].inbox / f"{SLUG}.md").write_text(embargoed(at))
            stored(nodes[0])
            for node in nodes:
                hidden_everywhere(node)
            for node in nodes:
                print(f"{node.root.name}: published {wait_until_shown(node, at):.3f}s late")
            bodies = {httpx.get(n.url("/feeds/news.atom")).content for n in nodes}
            assert len(bodies) == 1  # the same bytes on both
            logs = [n.log() for n in nodes]
            assert sum("embargo lifted" in log for log in logs) == 1  # by the leader alone
        finally:
            for node in nodes:
                node.stop()
def test_a_far_embargo_is_taken_when_the_story_says_so(tmp_path):
    with LiveService(tmp_path, poll_seconds=60) as svc:
        year = datetime.now(UTC) + timedelta(days=400)
        (svc.inbox / f"{SLUG}.md").write_text(
            embargoed(year).replace("tags:", "embargo: true\ntags:"))
        stored(svc)
        hidden_everywhere(svc)


