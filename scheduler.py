"""APScheduler wiring, the clock of newsfeed, and the `newsfeed` entry point: the group
`main`, with the long-running commands `run`, `serve` and `worker` (the one-shot commands are
in `commands.py`, the management commands in `manage.py`, the desk and members commands in
`access.py`).

`newsfeed run` is one process: uvicorn serves the web app in the main thread while a
BackgroundScheduler runs the jobs beside it (`serve` is the web half, `worker` the jobs):

- `scan`: ingest finished files from the drop folder, every `inbox.poll_seconds`, and at
  once when a file event (watchdog) says a file was closed or renamed into the inbox;
- `source:<name>`: poll one upstream feed, every `every_minutes`, with jitter and backoff;
- `rebuild`: publish the feeds when the store's revision moved, at once after a local
  change or a PostgreSQL notice from another instance, and every `poll_seconds` anyway;
- `embargo`: a date job at the time the next embargoed story goes out, planned again after
  every rebuild that changed something (and at start): it lifts the embargoes due
  (`Store.release`, a new revision that every instance hears of) and wakes the rebuild.

Each job (`jobs.Job`) runs one at a time; a wake-up that arrives while it runs makes it run
once more.
Scans and polls run only on the instance that leads (`articles.leadership`); every
instance rebuilds, so each serves the same bytes. This is the only module that knows both
`articles` and `feeds`. It imports the web server, the scheduler, the feed renderers and the
database's libraries only in the commands that use them, so `newsfeed ingest` and the
management commands start quickly.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import logging
import os
import random
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import click
from watchdog.events import FileSystemEvent, FileSystemEventHandler

import commands
import config
from articles.inbox import STATE_DIR, Inbox

if TYPE_CHECKING:
    from articles.changes import ChangeListener
    from articles.sources import Poller
    from articles.store import Store
    from jobs import Job

log = logging.getLogger("newsfeed")

LEAD_CHECK_SECONDS = 2  # how soon a standby instance notices the leader is gone
RETRY_SECONDS = 30  # a failing scan or rebuild is retried this often, or every poll_seconds
NEW_FOLDER_SECONDS = 10  # after a folder appears in the inbox, files not known finished…
SETTLE_SECONDS = 1  # …are looked at again this soon, to see them unchanged


class Service:
    """The running newsfeed: store, drop folder, publisher, jobs and file events.

    `jobs=False` (`newsfeed serve`) keeps only the rebuild that feeds the web app.
    """

    def __init__(self, cfg: config.Config, store: Store, *, jobs: bool = True):
        from apscheduler.schedulers.background import BackgroundScheduler

        from articles.leadership import Leadership
        from articles.members import Keys
        from feeds import metrics
        from feeds.publishing.publish import Publisher

        self.cfg = cfg
        self.store = store
        self.jobs = jobs
        self.leadership = Leadership(store)
        self._leading_now = False
        self.source_jobs: list[Job] = []
        self.listener: ChangeListener | None = None
        self.publisher = Publisher(self.store, cfg)
        self.keys = Keys(self.store)  # members' keys; their polls, written once a minute
        self._timed_publish = metrics.timed_build(self.publisher.publish)  # for /metrics
        self.inbox = None if not jobs else Inbox(
            self.store,
            path=cfg.inbox.path,
            archive=cfg.inbox.archive,
            rejected=cfg.inbox.rejected,
            max_bytes=cfg.inbox.max_bytes,
            tz=cfg.site.tz,
            strict_dates=cfg.inbox.strict_dates,
            folder_categories=cfg.inbox.folder_categories,
        )
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self._embargo_at: datetime | None = None  # when the `embargo` job is planned for
        self._embargo_lock = threading.Lock()
        self.observer = None
        self.scan_job = self.rebuild_job = None
        self._folder_appeared = -NEW_FOLDER_SECONDS  # time.monotonic() a folder last appeared

    def start(self) -> None:
        from watchdog.observers import Observer

        from articles.changes import ChangeListener
        from feeds import readers
        from jobs import Job

        self.publisher.publish(force=True)
        every = self.cfg.inbox.poll_seconds
        self.rebuild_job = Job(self.scheduler, "rebuild", self.rebuild, every,
                               retry_cap=min(every, RETRY_SECONDS))
        # Who read the feeds served here: counted in memory, written to the store each minute.
        Job(self.scheduler, "readers", functools.partial(readers.flush, self.store),
            readers.FLUSH_SECONDS)
        Job(self.scheduler, "members", self.keys.flush, readers.FLUSH_SECONDS)
        if self.store.engine.dialect.name == "postgresql":
            self.listener = ChangeListener(self.cfg.store.url, self.rebuild_job.wake)
            self.listener.start()
        if self.jobs:
            self._start_jobs(every)
        self._lift()  # embargoes that ran out while no instance ran; then the next one
        self.scheduler.start()
        if self.jobs:
            self.observer = Observer()
            self.observer.schedule(_InboxEvents(self), str(self.cfg.inbox.path), recursive=True)
            self.observer.start()
            # Files written while the service started sent no close event to a watch: the
            # whole inbox is looked at again shortly, as a folder that just appeared is.
            self.folder_appeared()

    def rebuild(self) -> None:
        """Publish what changed; the leader tells the WebSub hub which feeds did."""
        from feeds.publishing import websub

        published = self._timed_publish()
        if published:
            self._plan_embargo()
        hub = self.cfg.websub.hub
        if published and hub and self.publisher.changed and self.jobs and self.leadership.held():
            websub.notify(hub, self.publisher.changed)

    def _lift(self) -> None:
        """The `embargo` job: lift the embargoes due now, publish, and plan the next one.

        The leader lifts them (`Store.release`: one new revision, which the others hear of
        by NOTIFY or their next poll); a `serve` instance, which never leads, lifts them
        too, in case no worker runs (lifting a moment twice does nothing)."""
        try:
            lifting = not self.jobs or self.leadership.held()
            if lifting and (released := self.store.release()):
                log.info("embargo lifted: %d stor%s out now", len(released),
                         "y goes" if len(released) == 1 else "ies go")
                self.rebuild_job.wake()
        finally:
            with self._embargo_lock:
                self._embargo_at = None
            self._plan_embargo()

    def _plan_embargo(self) -> None:
        """Plan the `embargo` job for the next embargoed story's time, if it moved."""
        when = self.store.next_embargo()
        with self._embargo_lock:
            if when == self._embargo_at:
                return
            self._embargo_at = when
            with contextlib.suppress(Exception):  # none planned, or shutting down
                self.scheduler.remove_job("embargo")
            if when is not None:
                self.scheduler.add_job(self._lift, "date", run_date=when, id="embargo",
                                       name="embargo", misfire_grace_time=None,
                                       replace_existing=True)
                log.info("next embargo ends at %s", when.isoformat())

    def _start_jobs(self, every: float) -> None:
        from apscheduler.executors.pool import ThreadPoolExecutor
        from apscheduler.triggers.interval import IntervalTrigger

        from articles.sources import Poller
        from jobs import Job

        self.inbox.open()
        self.scan_job = Job(self.scheduler, "scan", self._leading(self.scan), every,
                            retry_cap=min(every, RETRY_SECONDS))
        Job(self.scheduler, "lead", self._take_lead, LEAD_CHECK_SECONDS)
        # Upstream sources: one job each, in their own threads so a slow source never holds up
        # scan and rebuild; polled soon after start, then every `every_minutes` plus jitter.
        poller = Poller(
            self.store, tz=self.cfg.site.tz, user_agent=f"newsfeed/0.1 (+{self.cfg.site.base_url})"
        )
        if self.cfg.source:
            self.scheduler.add_executor(ThreadPoolExecutor(4), "sources")
        for source in self.cfg.source:
            name, seconds = f"source:{source.name}", source.every_minutes * 60
            poll = self._leading(functools.partial(self.poll, poller, source, name))
            self.source_jobs.append(Job(self.scheduler, name, poll, seconds))
            jitter = min(seconds / 10, 60)
            first = datetime.now(UTC) + timedelta(seconds=random.uniform(0, min(jitter, 5)))
            self.scheduler.modify_job(
                name,
                executor="sources",
                trigger=IntervalTrigger(seconds=seconds, jitter=jitter, timezone=UTC),
                next_run_time=first,
            )

    def _take_lead(self) -> None:
        """Take the lead when the leader is gone, and start its work at once."""
        leading = self.leadership.held()
        if leading and not self._leading_now:
            self.scan_job.wake()
            for job in self.source_jobs:
                job.wake()
        self._leading_now = leading

    def _leading(self, fn: Callable[[], None]) -> Callable[[], None]:
        """`fn`, run only while this instance leads; the others stand by to take over."""

        def run() -> None:
            if self.leadership.held():
                fn()

        return run

    def scan(self) -> None:
        from feeds import metrics

        started = time.monotonic()

        def progress(done: int, total: int) -> None:
            if total > self.inbox.batch_size:
                rate = done / max(time.monotonic() - started, 1e-6)
                log.info("drop folder: %d/%d files (%.0f files/s)", done, total, rate)

        outcome = self.inbox.scan(progress=progress)
        metrics.record_ingest(outcome)
        if outcome.changed:
            self.rebuild_job.wake()
        if self.inbox.waiting and time.monotonic() - self._folder_appeared < NEW_FOLDER_SECONDS:
            # Files written into a new folder before its watch began send no close event.
            self.scan_job.wake(after=SETTLE_SECONDS)
        if outcome.stored or outcome.rejected:
            log.info("drop folder: %s", outcome.summary())

    def folder_appeared(self) -> None:
        """A folder was made or moved into the inbox: scan it now and again shortly."""
        self._folder_appeared = time.monotonic()
        self.scan_job.wake()

    def problems(self) -> list[str]:
        """Why ingesting or publishing is failing, one sentence per failing job (for /readyz)."""
        what = {"scan": "ingest from the drop folder", "rebuild": "publishing the feeds"}
        return [
            f"{what[job.name]} is failing ({job.failing}), {job.failures} tries since "
            f"{job.failing_since:%Y-%m-%dT%H:%M:%SZ}; next try at {job.next_try:%H:%M:%SZ}"
            for job in (self.scan_job, self.rebuild_job)
            if job is not None and job.failing
        ]

    def poll(self, poller: Poller, source: config.Source, job_name: str) -> None:
        """One turn of an upstream source; after failures or Retry-After, its next turn later."""
        from feeds import metrics

        outcome = poller.poll(source)
        metrics.record_poll(outcome)
        if outcome.changed:
            self.rebuild_job.wake()
        with contextlib.suppress(Exception):  # the scheduler may be shutting down
            if outcome.gone:
                self.scheduler.remove_job(job_name)
            elif outcome.retry_at:
                self.scheduler.modify_job(job_name, next_run_time=outcome.retry_at)

    def stop(self) -> None:
        """Stop taking work, finish what runs, give back unprocessed claims."""
        from feeds import readers

        if self.inbox is not None:
            self.inbox.stopping.set()
        if self.observer is not None:
            self.observer.stop()
            self.observer.join(timeout=5)
        if self.listener is not None:
            self.listener.stop()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)
        if self.inbox is not None:
            self.inbox.close()
        self.leadership.release()
        with contextlib.suppress(Exception):  # the readers of the last minute, not lost
            readers.flush(self.store)
            self.keys.flush()
        self.store.close()


class _InboxEvents(FileSystemEventHandler):
    """File events that mean a dropped file is complete: closed after writing, or renamed
    in; and folders appearing, whose first files may come before their watch does."""

    def __init__(self, service: Service):
        self.service = service

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type not in ("closed", "moved", "created"):
            return
        path = Path(event.dest_path if event.event_type == "moved" else event.src_path)
        try:
            relative = path.relative_to(self.service.cfg.inbox.path)
        except ValueError:
            return  # moved out of the inbox
        if not relative.parts or relative.parts[0] == STATE_DIR:
            return
        if event.is_directory:
            self.service.folder_appeared()
            return
        if event.event_type in ("closed", "moved"):
            self.service.inbox.file_closed(path)
        self.service.scan_job.wake()


# -- the command line -------------------------------------------------------------------

config_option = commands.config_option


def _listen(cfg: config.Config) -> socket.socket:
    """The server's listening socket, bound before anything starts; if the address is taken
    (or is no address), one line naming `server.port` (`server.host`) and exit status 2."""
    host, port = cfg.server.host, cfg.server.port
    try:
        family, *_, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                 flags=socket.AI_PASSIVE)[0]
        return socket.create_server(address, family=family, backlog=2048)
    except OSError as exc:  # create_server adds the address to strerror: os.strerror has not
        key = "server.host" if isinstance(exc, socket.gaierror) else "server.port"
        why = os.strerror(exc.errno) if (exc.errno or 0) > 0 else exc.strerror or str(exc)
        click.echo(f"newsfeed: '{key}': can't listen on {host}:{port}: {why}", err=True)
        sys.exit(2)


# The commands of these modules, which are imported only when one of theirs runs: they bring
# the database's and the terminal's libraries, which `newsfeed ingest` imports only once its
# parsing workers have started.
LATER = {"manage": ("list", "show", "delete", "stats", "check-config", "export-opml"),
         "access": ("desk", "members")}


class _Commands(click.Group):
    """The `newsfeed` group: the commands defined here and in `commands.py`, and `LATER`'s."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *(name for names in LATER.values() for name in names)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module = next((module for module, names in LATER.items() if name in names), None)
        if name not in self.commands and module is not None:
            importlib.import_module(module).register(self)
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """newsfeed: a drop folder and upstream feeds in; Atom, RSS and JSON Feed out."""


verbose_option = click.option("-v", "--verbose", is_flag=True, help="Log debug detail.")


@main.command()
@config_option
@verbose_option
def run(config_path: str | None, verbose: bool) -> None:
    """Serve the feeds over HTTP and run the scheduler, until SIGINT or SIGTERM."""
    _serve(config_path, verbose, jobs=True)


@main.command()
@config_option
@verbose_option
def serve(config_path: str | None, verbose: bool) -> None:
    """Serve the feeds over HTTP only; `newsfeed worker` instances do the ingesting."""
    _serve(config_path, verbose, jobs=False)


@main.command()
@config_option
@verbose_option
def worker(config_path: str | None, verbose: bool) -> None:
    """Run the scheduler only (drop folder, sources, output folder), until SIGINT or SIGTERM."""
    cfg = commands.load(config_path, config.FOLDER_KEYS)
    commands.start_logging(verbose)
    service = Service(cfg, commands.open_store(cfg))
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    service.start()
    log.info("worker running (config: %s)", cfg.path or "built-in defaults")
    while not stopping.wait(1):  # a timed wait lets the signal handlers run
        pass
    log.info("shutting down")
    service.stop()
    log.info("stopped cleanly")


def _serve(config_path: str | None, verbose: bool, *, jobs: bool) -> None:
    import uvicorn

    from feeds.serving.protocol import protocol
    from feeds.serving.server import Server
    from feeds.serving.web import App

    cfg = commands.load(config_path, config.FOLDER_KEYS if jobs else ("output.path", "store.url"))
    listening = _listen(cfg)
    commands.start_logging(verbose)
    service = Service(cfg, commands.open_store(cfg), jobs=jobs)
    service.start()
    app = App(service.publisher, service.store, cfg, on_change=service.rebuild_job.wake,
              problems=service.problems, keys=service.keys)
    server = Server(
        uvicorn.Config(
            app,
            http=protocol(app),  # published documents answered without an ASGI cycle
            host=cfg.server.host,
            port=cfg.server.port,
            lifespan="off",
            access_log=False,
            log_config=None,
            timeout_graceful_shutdown=5,
        )
    )
    log.info(
        "serving %s on http://%s:%d/ (config: %s)",
        cfg.site.title,
        cfg.server.host,
        cfg.server.port,
        cfg.path or "built-in defaults",
    )
    try:
        server.run(sockets=[listening])
    finally:
        log.info("shutting down")
        service.stop()
        log.info("stopped cleanly")
    if not server.started:
        sys.exit(1)


commands.register(main)  # ingest, build, migrate, sources

if __name__ == "__main__":
    main()
