"""`jobs.Job` on a real APScheduler: one run at a time, and no wake-up lost, however it
falls against a run (the drop folder's scan is woken by file events, a new folder and the
lead taken: a lost wake-up leaves a dropped story waiting a whole poll interval)."""

from __future__ import annotations

import threading
import time

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from jobs import Job

HOUR = 3600  # the interval: every run in these tests is a woken one


@pytest.fixture
def scheduler():
    scheduler = BackgroundScheduler()
    scheduler.start()
    yield scheduler
    scheduler.shutdown(wait=True)


def _until(condition, timeout: float = 5) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_a_job_woken_after_its_run_runs_again(scheduler):
    runs = []
    job = Job(scheduler, "scan", lambda: runs.append(1), HOUR)
    assert _until(lambda: len(runs) == 1)  # the first run, at once
    time.sleep(0.1)
    job.wake()
    assert _until(lambda: len(runs) == 2)


def test_a_job_woken_while_it_runs_runs_again_once_and_never_twice_at_once(scheduler):
    started, release, runs, overlap = threading.Event(), threading.Event(), [], []
    inside = threading.Lock()

    def run():
        if not inside.acquire(blocking=False):
            overlap.append(1)
            return
        try:
            runs.append(1)
            started.set()
            release.wait(5)
        finally:
            inside.release()

    job = Job(scheduler, "scan", run, HOUR)
    assert started.wait(5)
    for _ in range(3):  # three wake-ups during the run: one more run
        job.wake()
    release.set()
    assert _until(lambda: len(runs) == 2)
    time.sleep(0.2)
    assert len(runs) == 2 and not overlap


def test_a_wake_up_as_a_run_lets_go_is_not_lost(scheduler):
    """The window that lost it: the run has found no wake-up and is letting go when one
    comes; `wake` sees it running and leaves it to the run."""
    runs = []
    job = Job(scheduler, "scan", lambda: runs.append(1), HOUR)
    assert _until(lambda: len(runs) == 1)

    class WokenAsItLetsGo(threading.Event):
        """Answers the run's last look "not woken", then a wake-up comes at once."""

        armed = True

        def is_set(self) -> bool:
            found = super().is_set()
            if not found and self.armed and job._running.locked():
                self.armed = False
                job.wake()  # here, with the lock still held: left to the run
            return found

    job._again = WokenAsItLetsGo()
    job.wake()
    assert _until(lambda: len(runs) == 3), runs  # the wake-up's run, then the window's
