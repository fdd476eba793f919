"""The one-shot commands of `newsfeed` (ingest, build, migrate, sources) and the start-up
helpers they share with the long-running commands: the config with its folders checked, the
store at the current schema, and logging.

Each command runs once and exits; none starts the scheduler or the web server, so each imports
only what it uses, when it runs: `newsfeed ingest` starts its parsing workers before it imports
the database's libraries, which it then imports while they read.
`scheduler.py` adds them to the `newsfeed` group with `register(main)`, and uses the helpers
for its long-running commands.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

import config

if TYPE_CHECKING:
    from articles.store import Store

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: $NEWSFEED_CONFIG, else ./config.toml).",
)


def load(config_path: str | None, folders: tuple[str, ...] = ("store.url",)) -> config.Config:
    """The config, with the folders its `folders` keys name made and usable; else one line
    naming the key and exit status 2."""
    try:
        cfg = config.load(config.find_file(config_path))
        config.check_folders(cfg, folders)
    except config.ConfigError as exc:
        click.echo(f"newsfeed: {exc}", err=True)
        sys.exit(2)
    return cfg



def open_store(cfg: config.Config) -> Store:
    """The configured store, at the current schema, or a one-line error and exit status 2."""
    from articles.migrate import SchemaBehind
    from articles.store import Store

    store = Store(cfg.store.url, pool_size=cfg.store.pool_size)
    try:
        store.create()
    except SchemaBehind as exc:
        click.echo(f"newsfeed: {exc}", err=True)
        sys.exit(2)
    return store



def start_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # A tick that finds its job still running is expected: `jobs.Job` runs it again if
    # woken.
    logging.getLogger("apscheduler.scheduler").addFilter(
        lambda record: "maximum number of running instances" not in record.getMessage()
    )
    logging.getLogger("watchdog").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # sources log their own polls



@click.command()
@config_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
def ingest(config_path: str | None, paths: tuple[str, ...]) -> None:
    """Store the articles in files or folders, leaving them where they are."""
    from articles.backlog import Backlog

    cfg = load(config_path)
    start_logging(False)
    with Backlog([Path(p) for p in paths], tz=cfg.site.tz, max_bytes=cfg.inbox.max_bytes,
                 strict_dates=cfg.inbox.strict_dates) as backlog:
        from rich.progress import Progress  # as the workers read the first batch…

        store = open_store(cfg)  # …and the database's libraries
        # Redrawn at each stored batch, the pace at which the backlog moves.
        with Progress(transient=True, disable=not sys.stderr.isatty(), auto_refresh=False) as bar:
            task = bar.add_task("ingesting", total=None)
            outcome = backlog.ingest(
                store,
                progress=lambda done, total: bar.update(task, completed=done, total=total,
                                                        refresh=True),
            )
    store.close()
    for name, reason in outcome.rejected.items():
        click.echo(f"refused {name}: {reason}", err=True)
    click.echo(outcome.summary())
    _exit_now(1 if outcome.rejected else 0)


def _exit_now(status: int) -> NoReturn:
    """Exit with `status` once the output and the log are flushed, without the interpreter's
    teardown: freeing the parsers' and the database's modules one by one takes 0.2 s, a
    thirtieth of ingesting 5,000 pages. (The store is closed and the workers have ended.)"""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # its reader has gone (`newsfeed ingest … | head`)
            stream.flush()
    os._exit(status)


@click.command()
@config_option
def build(config_path: str | None) -> None:
    """Write every feed into the output folder, then exit."""
    from rich.progress import Progress

    from feeds.publishing.publish import Publisher

    cfg = load(config_path, ("output.path", "store.url"))
    start_logging(False)
    store = open_store(cfg)
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task("archive pages", total=None)
        Publisher(store, cfg).publish(
            force=True, progress=lambda done, total: bar.update(task, completed=done, total=total))
    store.close()
    click.echo(f"wrote {len(cfg.feed)} feed(s) to {cfg.output.path}")


@click.command()
@config_option
def migrate(config_path: str | None) -> None:
    """Upgrade the store's schema to this version of newsfeed."""
    import sqlalchemy.exc

    from articles import migrate as migrations
    from articles.store import Store

    cfg = load(config_path)
    store = Store(cfg.store.url)
    try:
        before, after = migrations.upgrade(store.engine)
    except sqlalchemy.exc.SQLAlchemyError as exc:
        click.echo(f"newsfeed: migrating {cfg.store.url} failed: {exc.orig or exc}", err=True)
        sys.exit(1)
    finally:
        store.close()
    click.echo(
        f"schema already at {after}"
        if before == after
        else f"schema upgraded from {before or 'empty'} to {after}"
    )


@click.command()
@config_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def sources(config_path: str | None, as_json: bool) -> None:
    """List the upstream sources: status, last fetch, entries, articles stored, next run."""
    from articles.sources import describe, format_table

    cfg = load(config_path)
    start_logging(False)
    store = open_store(cfg)
    rows = describe(store, cfg.source)
    store.close()
    click.echo(json.dumps(rows, indent=2) if as_json else format_table(rows))


def register(group: click.Group) -> None:
    for command in (ingest, build, migrate, sources):
        group.add_command(command)
