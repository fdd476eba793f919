"""A store that can't be written (a full disk) through the real `newsfeed run`: the drop
folder keeps its files, /readyz and /metrics say ingest is failing, and once the disk has
room again the waiting files are stored within seconds, not after a growing backoff.

The full disk is the process's own file size limit (RLIMIT_FSIZE, set from outside with
prlimit): every write that would grow a file fails, as on a full disk; SQLite reports an
I/O error and nothing else changes. Its log file can't grow meanwhile either.
"""

from __future__ import annotations

import re
import resource
import time
from datetime import UTC, datetime

import pytest
from live import SEED, LiveService, drop_folder_files

pytestmark = pytest.mark.slow

POLL_SECONDS = 3
SOON = 10  # seconds: a generous liveness bound for a retry every POLL_SECONDS
FILES = 5


def failing_scans(svc: LiveService) -> tuple[float, float]:
    """(newsfeed_job_failing, newsfeed_job_failures_total) of the scan job, from /metrics."""
    text = svc.get("/metrics").text
    values = []
    for name in ("newsfeed_job_failing", "newsfeed_job_failures_total"):
        m = re.search(rf'^{name}{{job="scan"}} (\S+)$', text, re.MULTILINE)
        assert m, f"{name} missing from /metrics"
        values.append(float(m[1]))
    return values[0], values[1]


def test_a_full_disk_shows_in_readyz_and_metrics_and_files_go_in_soon_after(tmp_path):
    with LiveService(tmp_path, poll_seconds=POLL_SECONDS) as svc:
        svc.drop_seed()
        assert svc.get("/readyz").status_code == 200
        assert failing_scans(svc) == (0, 0)
        pid = svc.proc.pid
        soft, hard = resource.prlimit(pid, resource.RLIMIT_FSIZE)
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (1, hard))  # the disk is full
        try:
            story = SEED.read_text(encoding="utf-8")
            for i in range(FILES):
                (svc.inbox / f"full-{i}.txt").write_text(story.replace("Rutte", f"Rutte {i}"))
            ready = svc.wait_for("/readyz", lambda r: r.status_code == 503)
            assert "ingest from the drop folder is failing" in ready.text, ready.text
            # It says when the next try is, and that is within poll_seconds from now.
            at = re.search(r"next try at (\d\d):(\d\d):(\d\d)Z", ready.text)
            now = datetime.now(UTC)
            next_try = now.replace(hour=int(at[1]), minute=int(at[2]), second=int(at[3]))
            assert abs((next_try - now).total_seconds()) <= POLL_SECONDS + 1, ready.text
            # Retried every poll_seconds, however many file events come meanwhile.
            deadline = time.monotonic() + 4 * POLL_SECONDS
            while failing_scans(svc)[1] < 3:
                (svc.inbox / f".event-{time.monotonic()}.part").write_bytes(b"x")  # ignored
                assert time.monotonic() < deadline, "the failing scan is not retried"
                time.sleep(0.1)
            failing, failures = failing_scans(svc)
            assert failing == 1
            assert failures <= 6, "retried more often than every poll_seconds"
            waiting = {p.name for p in drop_folder_files(svc.inbox)}
            assert {f"full-{i}.txt" for i in range(FILES)} <= waiting  # nothing lost
            assert not list(svc.rejected.rglob("*"))
        finally:
            resource.prlimit(pid, resource.RLIMIT_FSIZE, (soft, hard))  # room again
        for path in svc.inbox.glob(".event-*.part"):
            path.unlink()
        started = time.monotonic()
        svc.wait_for("/feeds/news.json", lambda r: all(
            f"Rutte {i} has resigned".encode() in r.content for i in range(FILES)), timeout=SOON)
        assert time.monotonic() - started < SOON
        assert svc.wait_for("/readyz", lambda r: r.status_code == 200).status_code == 200
        assert failing_scans(svc)[0] == 0
        assert not drop_folder_files(svc.inbox)
    log = svc.log()
    assert "job scan works again" in log
    assert "next try in 300s" not in log
