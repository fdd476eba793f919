"""The jobs of `scheduler.py`: an APScheduler interval job that can also be woken (`wake`),
runs one at a time, never loses a wake-up, and backs off while it fails, saying why (for
/readyz) and counting the failures (for /metrics)."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from feeds import metrics

if TYPE_CHECKING:
    from apscheduler.schedulers.background import BackgroundScheduler

log = logging.getLogger("newsfeed")

FAILING_LOG_SECONDS = 60  # a job failing for the same reason is logged once a minute


class Job:
    """A scheduler job that can also be woken: one run at a time, never a lost wake-up.

    A failing run is retried after `every`, doubling up to `retry_cap` seconds; until then
    wake-ups are ignored, so the log's "next try in Ns" is when it happens. `failing` says
    why while it fails (for /readyz), and /metrics counts the failures."""

    def __init__(
        self, scheduler: BackgroundScheduler, name: str, fn: Callable[[], None], every: float,
        *, retry_cap: float = 300,
    ):
        self.name, self.fn, self.scheduler, self.every = name, fn, scheduler, every
        self.fn = metrics.timed_job(name, fn)  # each run's duration, for /metrics
        self.retry_cap = retry_cap
        self.failures = 0
        self.failing = ""  # why the last run failed, while it does
        self.failing_since: datetime | None = None
        self.next_try: datetime | None = None
        self._warned = 0.0  # time.monotonic() of the last warning in the log
        self._again = threading.Event()
        self._running = threading.Lock()
        metrics.job_succeeded(name)
        scheduler.add_job(
            self._run,
            "interval",
            seconds=every,
            id=name,
            name=name,
            next_run_time=datetime.now(UTC),
            max_instances=2,  # see _run
            coalesce=True,
            misfire_grace_time=None,
        )

    def wake(self, after: float = 0) -> None:
        """Run now (or in `after` seconds), unless a failed run's retry is already set."""
        if after:
            timer = threading.Timer(after, self.wake)
            timer.daemon = True
            timer.start()
            return
        if self.failing:
            return
        self._again.set()
        if not self._running.locked():
            with contextlib.suppress(Exception):  # the scheduler may be shutting down
                self.scheduler.modify_job(self.name, next_run_time=datetime.now(UTC))

    def _failed(self, exc: Exception) -> None:
        """One line in the log when it starts failing, when the reason changes and once a
        minute (every failure at debug level, with its traceback); the next try backed off."""
        self.failures += 1
        metrics.job_failed(self.name)
        reason = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        delay = min(self.every * 2 ** (self.failures - 1), self.retry_cap)
        now = datetime.now(UTC)
        self.next_try = now + timedelta(seconds=delay)
        self.failing_since = self.failing_since or now
        if reason != self.failing or time.monotonic() - self._warned >= FAILING_LOG_SECONDS:
            self._warned = time.monotonic()
            log.warning("job %s failed (%s); %s tries since %s; next try in %.0fs", self.name,
                        reason, self.failures, f"{self.failing_since:%H:%M:%S}", delay)
        self.failing = reason
        log.debug("job %s failed; next try in %.0fs", self.name, delay, exc_info=exc)
        with contextlib.suppress(Exception):  # the scheduler may be shutting down
            self.scheduler.modify_job(self.name, next_run_time=self.next_try)

    def _succeeded(self) -> None:
        if self.failing:
            log.info("job %s works again, after %d failed tries since %s", self.name,
                     self.failures, f"{self.failing_since:%H:%M:%S}")
            metrics.job_succeeded(self.name)
        self.failures, self.failing, self.failing_since, self.next_try = 0, "", None, None

    def _run(self) -> None:
        """Run, and again while woken meanwhile. A run the scheduler starts while another
        goes leaves it the wake-up; a wake-up as a run lets go is that run's to take.
        (`max_instances=2`: the scheduler never skips a woken run because the last one
        has not quite ended.)"""
        while self._running.acquire(blocking=False):
            try:
                while True:
                    self._again.clear()
                    try:
                        self.fn()
                    except Exception as exc:
                        self._failed(exc)
                        return
                    self._succeeded()
                    if not self._again.is_set():
                        break
            finally:
                self._running.release()
            if not self._again.is_set():  # else woken as it let go: again, unless taken over
                return
