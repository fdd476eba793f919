"""Management commands of `newsfeed`: list, show, delete, stats, check-config, export-opml;
and the helpers every command that prints records shares (`--config`, `--json`, the config,
the store, a one-line failure, JSON, tables and tab-separated lines), which `access.py` (the
desk and members commands) uses too.

Each takes `--config` like every command, and `--json` for scripts. On a terminal they
print tables in colour (rich); piped, plain tab-separated lines, one record a line.
`scheduler.py` adds them to the `newsfeed` group with `register(main)`.

    newsfeed list -q harbour          newsfeed show 2024-03-01-harbour-reopens
    newsfeed delete SLUG --yes        newsfeed stats --json
    newsfeed check-config             newsfeed export-opml > feeds.opml
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import click
import sqlalchemy as sa
from rich.console import Console
from rich.table import Table

import config
from articles.migrate import SchemaBehind
from articles.queries import Filter
from articles.sanitize import html_to_text
from articles.schema import articles
from articles.store import Store
from commands import config_option

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
MIN_TOKEN_LENGTH = 16


def fail(message: str, status: int = 1) -> None:
    click.echo(f"newsfeed: {message}", err=True)
    sys.exit(status)


def load(config_path: str | None) -> config.Config:
    try:
        return config.load(config.find_file(config_path))
    except config.ConfigError as exc:
        fail(str(exc), 2)


@contextlib.contextmanager
def opened_store(cfg: config.Config) -> Iterator[Store]:
    """The configured store at the current schema; a one-line error if it cannot be had."""
    try:
        config.check_folders(cfg, ("store.url",))
    except config.ConfigError as exc:
        fail(str(exc), 2)
    store = Store(cfg.store.url, pool_size=cfg.store.pool_size)
    try:
        store.create()
        yield store
    except SchemaBehind as exc:
        fail(str(exc), 2)
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        fail(f"the store {_hide_password(cfg.store.url)} failed: {first}")
    finally:
        store.close()


def _terminal() -> bool:
    return sys.stdout.isatty()


def _console() -> Console:
    return Console(highlight=False)


def print_json(value) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _plain(*fields) -> None:
    """One record as one line, fields separated by tabs (tabs and newlines in them: spaces)."""
    click.echo("\t".join(" ".join(str(f).split()) for f in fields))


def iso(d: datetime | None) -> str:
    return d.isoformat() if d else ""


def print_records(found, as_json: bool, title: str, columns, *, json_of, table_row, plain_row):
    """Records as JSON (`--json`), a table on a terminal, else tab-separated lines."""
    if as_json:
        print_json([json_of(r) for r in found])
    elif _terminal():
        table = Table(title=title)
        for column in columns:
            table.add_column(column, overflow="fold")
        for r in found:
            table.add_row(*table_row(r))
        _console().print(table)
    else:
        for r in found:
            _plain(*plain_row(r))


@click.command("list")
@config_option
@click.option("-n", "--limit", default=20, show_default=True, type=click.IntRange(1, 100_000),
              help="How many articles.")
@click.option("--offset", default=0, type=click.IntRange(0), help="Skip this many first.")
@click.option("-q", "--query", "q", default="", help="Only articles holding every word of it.")
@click.option("--category", multiple=True, help="Only articles with this tag (repeatable).")
@json_option
def list_articles(config_path: str | None, limit: int, offset: int, q: str,
                  category: tuple[str, ...], as_json: bool) -> None:
    """List articles, newest first: published date, slug, title, tags. Stories under
    embargo come first, with the time they go out."""
    from articles.fields import article_json  # pydantic: only for the commands that print

    cfg = load(config_path)
    with opened_store(cfg) as store:
        found = store.list(limit, offset, q=q, where=Filter(categories=list(category)),
                           scheduled=True)
    now = datetime.now(UTC)
    if as_json:
        print_json([article_json(a, cfg.site.base_url) for a in found])
    elif _terminal():
        table = Table(title=f"{len(found)} article(s)" + (f" matching {q!r}" if q else ""))
        for column, style in (("Published", "cyan"), ("Slug", "green"), ("Title", "bold"),
                              ("Tags", "magenta")):
            table.add_column(column, style=style, overflow="fold")
        for a in found:
            when = f"{a.published:%Y-%m-%d %H:%M}"
            if a.published > now:
                when = f"[yellow]{when} UTC (scheduled)[/]"
            table.add_row(when, a.slug, a.title, ", ".join(a.tags))
        _console().print(table)
    else:
        for a in found:
            _plain(a.published.isoformat(), a.slug, a.title, ",".join(a.tags),
                   *(["scheduled"] if a.published > now else []))


@click.command()
@config_option
@click.argument("slug")
@json_option
def show(config_path: str | None, slug: str, as_json: bool) -> None:
    """Show one article: its fields and its text."""
    from articles.fields import article_json

    cfg = load(config_path)
    with opened_store(cfg) as store:
        article = store.by_slug(slug, scheduled=True)
    if article is None:
        fail(f"no article at /articles/{slug} (see `newsfeed list`)")
    data = article_json(article, cfg.site.base_url)
    if article.published > datetime.now(UTC) and not as_json:
        click.echo(f"scheduled: goes out at {article.published.isoformat()} "
                   f"({article.published:%-d %B %Y %H:%M} UTC)")
    if as_json:
        print_json(data)
        return
    fields = [(k, ", ".join(v) if isinstance(v, list) else v) for k, v in data.items()
              if k not in ("content_html", "enclosures", "corrections", "summary") and v]
    fields += [("correction", f"{c['at']}: {c['note']}") for c in data["corrections"]]
    text = html_to_text(article.content_html)
    if _terminal():
        table = Table(show_header=False, box=None, title=article.title, title_style="bold")
        table.add_column(style="cyan", no_wrap=True)
        table.add_column(overflow="fold")
        for key, value in fields:
            table.add_row(key, str(value))
        console = _console()
        console.print(table)
        console.print()
        console.print(text, markup=False)
    else:
        for key, value in fields:
            _plain(key, value)
        click.echo()
        click.echo(text)


@click.command()
@config_option
@click.argument("slug")
@click.option("-y", "--yes", is_flag=True, help="Do not ask for confirmation on a terminal.")
@click.option("--reason", default="", help="Why it was taken down: on its page (410) and in "
              "the Atom feeds' tombstone.")
@json_option
def delete(config_path: str | None, slug: str, yes: bool, reason: str, as_json: bool) -> None:
    """Take an article down: it leaves every feed at the next build, Atom feeds carry a
    tombstone for it (RFC 6721) for output.tombstone_days, its page answers 410 Gone with
    the reason, and its id and slug are never used again (the same story sent again is
    refused)."""
    cfg = load(config_path)
    with opened_store(cfg) as store:
        article = store.by_slug(slug, scheduled=True)
        if article is None:
            fail(f"no article at /articles/{slug} (see `newsfeed list`)")
        if not yes and not as_json and sys.stdin.isatty() and _terminal():
            click.confirm(f"Delete {slug!r} ({article.title})?", abort=True)
        if not store.delete(slug, reason=reason):
            fail(f"no article at /articles/{slug}: it was deleted meanwhile")
    if as_json:
        print_json({"deleted": slug, "id": article.id})
    else:
        click.echo(f"deleted {slug}; it leaves every feed at the next build "
                   "(a running newsfeed rebuilds within inbox.poll_seconds)")


@click.command()
@config_option
@json_option
def stats(config_path: str | None, as_json: bool) -> None:
    """Subscribers per feed over the last 24 hours (aggregators' announced counts plus other
    readers), polls, and the share of them answered 304 Not Modified."""
    from feeds import readers

    cfg = load(config_path)
    with opened_store(cfg) as store:
        per_feed = readers.counts(store, [f.name for f in cfg.feed])
        with store.engine.connect() as conn:
            live, deleted = conn.execute(sa.select(
                sa.func.count().filter(articles.c.deleted.is_(None)),
                sa.func.count().filter(articles.c.deleted.is_not(None)),
            )).one()
        revision = store.revision()
    feeds = [s.as_dict() for s in per_feed.values()]
    if as_json:
        print_json({"window_hours": readers.WINDOW.total_seconds() / 3600, "feeds": feeds,
                     "articles": live, "deleted": deleted, "revision": revision})
    elif _terminal():
        table = Table(title=f"Readers in the last 24 hours · {live} articles "
                            f"({deleted} deleted) · revision {revision}")
        table.add_column("Feed", style="bold")
        for column in ("Subscribers", "Via aggregators", "Other readers", "Polls", "304s"):
            table.add_column(column, justify="right")
        table.add_column("Clients", overflow="fold")
        for s in feeds:
            clients = ", ".join(f"{name} {n}" for name, n in list(s["clients"].items())[:6])
            table.add_row(s["feed"], f"[green]{s['subscribers']}[/]", str(s["aggregated"]),
                          str(s["readers"]), str(s["polls"]),
                          f"{s['not_modified_share']:.0%}", clients)
        _console().print(table)
    else:
        for s in feeds:
            _plain(s["feed"], s["subscribers"], s["aggregated"], s["readers"], s["polls"],
                   f"{s['not_modified_share']:.4f}")


@click.command("check-config")
@config_option
@click.option("--show-secrets", is_flag=True, help="Print API tokens and passwords as they are.")
@json_option
def check_config(config_path: str | None, show_secrets: bool, as_json: bool) -> None:
    """Check the config file and print it resolved: every key, defaults filled in, paths
    absolute. Exit status 2 and one line naming the key when something is wrong."""
    cfg = load(config_path)
    warnings = _warnings(cfg)
    data = _resolved(cfg, show_secrets)
    if as_json:
        print_json({"path": str(cfg.path) if cfg.path else None, "config": data,
                     "warnings": warnings})
        return
    text = f"# {cfg.path or 'built-in defaults'}: valid\n\n" + to_toml(data)
    if _terminal():
        from rich.syntax import Syntax

        _console().print(Syntax(text, "toml", background_color="default"))
    else:
        click.echo(text, nl=False)
    for warning in warnings:
        click.echo(f"newsfeed: warning: {warning}", err=True)


@click.command("export-opml")
@config_option
@json_option
def export_opml(config_path: str | None, as_json: bool) -> None:
    """Print an OPML file of every feed, for a reader to subscribe to them all at once (the
    same as /feeds.opml)."""
    from feeds.rendering import opml

    cfg = load(config_path)
    if as_json:
        print_json(opml.feed_list(cfg))
    else:
        click.echo(opml.opml(cfg).decode(), nl=False)


COMMANDS = [list_articles, show, delete, stats, check_config, export_opml]


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)


# -- check-config's helpers -------------------------------------------------------------

def _warnings(cfg: config.Config) -> list[str]:
    found = []
    for n, token in enumerate(cfg.api.tokens, 1):
        if len(token) < MIN_TOKEN_LENGTH:
            found.append(f"api.tokens: token {n} is shorter than {MIN_TOKEN_LENGTH} characters;"
                         " a long random one (`openssl rand -hex 32`) is much harder to guess")
    if cfg.site.base_url.startswith("http://") and cfg.api.tokens and not any(
        host in cfg.site.base_url for host in ("://127.", "://localhost", "://[::1]")
    ):
        found.append("site.base_url is http://: API tokens would cross the network unencrypted")
    return found


def _resolved(cfg: config.Config, show_secrets: bool) -> dict:
    data = _plain_data(dataclasses.asdict(cfg))
    data.pop("path", None)
    if not show_secrets:
        data["api"]["tokens"] = [f"<hidden: {len(t)} characters>" for t in cfg.api.tokens]
        data["store"]["url"] = _hide_password(cfg.store.url)
    return data


def _plain_data(value):
    if isinstance(value, dict):
        return {k: _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    if isinstance(value, Path):
        return str(value)
    return value


def _hide_password(url: str) -> str:
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return url


def to_toml(data: dict) -> str:
    """`data` (tables of scalars and lists, and arrays of tables) as TOML that
    `config.load` reads back to the same config; None values are left out."""
    lines: list[str] = []
    for section, value in data.items():
        tables = value if isinstance(value, list) else [value]
        if isinstance(value, list) and not value:
            lines += [f"# no [[{section}]]", ""]
        for table in tables:
            lines.append(f"[[{section}]]" if isinstance(value, list) else f"[{section}]")
            lines += [f"{key} = {_toml_value(v)}" for key, v in table.items() if v is not None]
            lines.append("")
    return "\n".join(lines)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # a TOML basic string
