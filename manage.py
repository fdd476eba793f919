"""Management commands of `newsfeed`: list, show, delete, stats, check-config, export-opml,
desk (add, list, reset, remove), members (add, list, revoke).

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
from articles import members as member_keys
from articles.migrate import SchemaBehind
from articles.queries import Filter
from articles.sanitize import html_to_text
from articles.schema import articles
from articles.store import Store

config_option = click.option(
    "--config",
    "config_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="Config file (default: $NEWSFEED_CONFIG, else ./config.toml).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
MIN_TOKEN_LENGTH = 16


def _fail(message: str, status: int = 1) -> None:
    click.echo(f"newsfeed: {message}", err=True)
    sys.exit(status)


def _load(config_path: str | None) -> config.Config:
    try:
        return config.load(config.find_file(config_path))
    except config.ConfigError as exc:
        _fail(str(exc), 2)


@contextlib.contextmanager
def _store(cfg: config.Config) -> Iterator[Store]:
    """The configured store at the current schema; a one-line error if it cannot be had."""
    try:
        config.check_folders(cfg, ("store.url",))
    except config.ConfigError as exc:
        _fail(str(exc), 2)
    store = Store(cfg.store.url, pool_size=cfg.store.pool_size)
    try:
        store.create()
        yield store
    except SchemaBehind as exc:
        _fail(str(exc), 2)
    except sa.exc.SQLAlchemyError as exc:
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        _fail(f"the store {_hide_password(cfg.store.url)} failed: {first}")
    finally:
        store.close()


def _terminal() -> bool:
    return sys.stdout.isatty()


def _console() -> Console:
    return Console(highlight=False)


def _print_json(value) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False))


def _plain(*fields) -> None:
    """One record as one line, fields separated by tabs (tabs and newlines in them: spaces)."""
    click.echo("\t".join(" ".join(str(f).split()) for f in fields))


def _iso(d: datetime | None) -> str:
    return d.isoformat() if d else ""


def _records(found, as_json: bool, title: str, columns, *, json_of, table_row, plain_row):
    """Records as JSON (`--json`), a table on a terminal, else tab-separated lines."""
    if as_json:
        _print_json([json_of(r) for r in found])
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

    cfg = _load(config_path)
    with _store(cfg) as store:
        found = store.list(limit, offset, q=q, where=Filter(categories=list(category)),
                           scheduled=True)
    now = datetime.now(UTC)
    if as_json:
        _print_json([article_json(a, cfg.site.base_url) for a in found])
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

    cfg = _load(config_path)
    with _store(cfg) as store:
        article = store.by_slug(slug, scheduled=True)
    if article is None:
        _fail(f"no article at /articles/{slug} (see `newsfeed list`)")
    data = article_json(article, cfg.site.base_url)
    if article.published > datetime.now(UTC) and not as_json:
        click.echo(f"scheduled: goes out at {article.published.isoformat()} "
                   f"({article.published:%-d %B %Y %H:%M} UTC)")
    if as_json:
        _print_json(data)
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
    cfg = _load(config_path)
    with _store(cfg) as store:
        article = store.by_slug(slug, scheduled=True)
        if article is None:
            _fail(f"no article at /articles/{slug} (see `newsfeed list`)")
        if not yes and not as_json and sys.stdin.isatty() and _terminal():
            click.confirm(f"Delete {slug!r} ({article.title})?", abort=True)
        if not store.delete(slug, reason=reason):
            _fail(f"no article at /articles/{slug}: it was deleted meanwhile")
    if as_json:
        _print_json({"deleted": slug, "id": article.id})
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

    cfg = _load(config_path)
    with _store(cfg) as store:
        per_feed = readers.counts(store, [f.name for f in cfg.feed])
        with store.engine.connect() as conn:
            live, deleted = conn.execute(sa.select(
                sa.func.count().filter(articles.c.deleted.is_(None)),
                sa.func.count().filter(articles.c.deleted.is_not(None)),
            )).one()
        revision = store.revision()
    feeds = [s.as_dict() for s in per_feed.values()]
    if as_json:
        _print_json({"window_hours": readers.WINDOW.total_seconds() / 3600, "feeds": feeds,
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
    cfg = _load(config_path)
    warnings = _warnings(cfg)
    data = _resolved(cfg, show_secrets)
    if as_json:
        _print_json({"path": str(cfg.path) if cfg.path else None, "config": data,
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

    cfg = _load(config_path)
    if as_json:
        _print_json(opml.feed_list(cfg))
    else:
        click.echo(opml.opml(cfg).decode(), nl=False)


@click.group()
def desk() -> None:
    """Accounts of the desk, the editors' web page at /desk."""


@desk.command("add")
@config_option
@click.argument("name")
def desk_add(config_path: str | None, name: str) -> None:
    """Make a desk account; print its one-time password, replaced at its first sign-in."""
    from feeds.desk import accounts

    cfg = _load(config_path)
    with _store(cfg) as store:
        try:
            password = accounts.add(store, name)
        except accounts.AccountError as exc:
            _fail(str(exc))
    click.echo(f"desk account {name} made; its one-time password (shown once):\n\n"
               f"    {password}\n\nsign in at {cfg.site.base_url}desk/login with it, then "
               "choose a password of your own")


@desk.command("list")
@config_option
@json_option
def desk_list(config_path: str | None, as_json: bool) -> None:
    """Every desk account: made when, whether its one-time password is still to be
    replaced, its open sessions and when the newest signed in."""
    from feeds.desk import accounts

    cfg = _load(config_path)
    with _store(cfg) as store:
        found = accounts.listing(store)
    _records(
        found, as_json, f"{len(found)} desk account(s)",
        ("Name", "Made (UTC)", "Password", "Open sessions", "Newest sign-in (UTC)"),
        json_of=lambda a: {"name": a.name, "created": _iso(a.created),
                           "one_time_password": a.must_change,
                           "open_sessions": a.open_sessions,
                           "newest_session": _iso(a.newest_session) or None},
        table_row=lambda a: (a.name, f"{a.created:%Y-%m-%d %H:%M}",
                             "[yellow]one-time[/]" if a.must_change else "own",
                             str(a.open_sessions),
                             f"{a.newest_session:%Y-%m-%d %H:%M}" if a.newest_session else "-"),
        plain_row=lambda a: (a.name, _iso(a.created),
                             "one-time password" if a.must_change else "own password",
                             a.open_sessions, _iso(a.newest_session) or "-"))


@desk.command("reset")
@config_option
@click.argument("name")
def desk_reset(config_path: str | None, name: str) -> None:
    """Give a desk account a new one-time password, replaced at its next sign-in; every
    open session of the account ends."""
    from feeds.desk import accounts

    cfg = _load(config_path)
    with _store(cfg) as store:
        password = accounts.reset(store, name)
    if password is None:
        _fail(f"no desk account {name!r} (see `newsfeed desk list`)")
    click.echo(f"desk account {name}: its sessions have ended; its new one-time password "
               f"(shown once):\n\n    {password}\n\nsign in at {cfg.site.base_url}desk/login "
               "with it, then choose a password of your own")


@desk.command("remove")
@config_option
@click.argument("name")
def desk_remove(config_path: str | None, name: str) -> None:
    """Take a desk account away at once, with its sessions: a browser signed in with it is
    sent to the sign-in page on its next request."""
    from feeds.desk import accounts

    cfg = _load(config_path)
    with _store(cfg) as store:
        if not accounts.remove(store, name):
            _fail(f"no desk account {name!r} (see `newsfeed desk list`)")
    click.echo(f"removed desk account {name}; its sessions have ended")


@click.group()
def members() -> None:
    """Members of members-only feeds ([[feed]] members_only = true): each has a personal
    key in their feed URLs."""


@members.command("add")
@config_option
@click.argument("name")
@json_option
def members_add(config_path: str | None, name: str, as_json: bool) -> None:
    """Add a member; print their personal feed URLs (the key is shown this once)."""
    cfg = _load(config_path)
    with _store(cfg) as store:
        try:
            key = member_keys.add(store, name)
        except member_keys.MemberError as exc:
            _fail(str(exc))
    urls = {f.name: {fmt: f"{cfg.site.base_url}feeds/{f.name}.{fmt}?key={key}"
                     for fmt in ("atom", "rss", "json")}
            for f in cfg.feed if f.members_only}
    if as_json:
        _print_json({"name": name, "key": key, "feeds": urls})
        return
    if not urls:
        click.echo("newsfeed: warning: no feed is members_only yet; the key works once one "
                   "is", err=True)
    click.echo(f"added member {name}; their feed URLs (keep them private):")
    for formats in urls.values():
        for url in formats.values():
            click.echo(url)


@members.command("list")
@config_option
@json_option
def members_list(config_path: str | None, as_json: bool) -> None:
    """Every member: added, last poll, reader, polls, revoked."""
    cfg = _load(config_path)
    with _store(cfg) as store:
        found = member_keys.listing(store)
    _records(
        found, as_json, f"{len(found)} member(s)",
        ("Name", "Added", "Last poll", "Reader", "Polls", "Revoked"),
        json_of=lambda m: {"name": m.name, "created": _iso(m.created), "revoked": _iso(m.revoked),
                           "last_seen": _iso(m.last_seen), "last_agent": m.last_agent,
                           "polls": m.polls},
        table_row=lambda m: (m.name, f"{m.created:%Y-%m-%d}", _iso(m.last_seen) or "never",
                             m.last_agent, str(m.polls), _iso(m.revoked)),
        plain_row=lambda m: (m.name, _iso(m.created), _iso(m.last_seen), m.last_agent or "-",
                             m.polls, "revoked " + _iso(m.revoked) if m.revoked else "active"))


@members.command("revoke")
@config_option
@click.argument("name")
def members_revoke(config_path: str | None, name: str) -> None:
    """End a member's key at once, on every instance (403 from then on)."""
    cfg = _load(config_path)
    with _store(cfg) as store:
        if not member_keys.revoke(store, name):
            _fail(f"no active member {name!r} (see `newsfeed members list`)")
    click.echo(f"revoked {name}: their feed URLs answer 403 from now on")


COMMANDS = [list_articles, show, delete, stats, check_config, export_opml, desk,
            members]


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
