"""Access commands of `newsfeed`: who may edit and who may read. `desk` (add, list, reset,
remove) keeps the accounts of the desk, the editors' web page; `members` (add, list, revoke)
keeps the personal keys of members-only feeds.

They take `--config` and print as the management commands do (the helpers of `manage.py`).
`scheduler.py` adds them to the `newsfeed` group with `register(main)`.

    newsfeed desk add alice           newsfeed desk reset alice
    newsfeed members add bob --json   newsfeed members revoke bob
"""

from __future__ import annotations

import click

from articles import members as member_keys
from commands import config_option
from manage import (
    fail,
    iso,
    json_option,
    load,
    opened_store,
    print_json,
    print_records,
)


@click.group()
def desk() -> None:
    """Accounts of the desk, the editors' web page at /desk."""


@desk.command("add")
@config_option
@click.argument("name")
def desk_add(config_path: str | None, name: str) -> None:
    """Make a desk account; print its one-time password, replaced at its first sign-in."""
    from feeds.desk import accounts

    cfg = load(config_path)
    with opened_store(cfg) as store:
        try:
            password = accounts.add(store, name)
        except accounts.AccountError as exc:
            fail(str(exc))
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

    cfg = load(config_path)
    with opened_store(cfg) as store:
        found = accounts.listing(store)
    print_records(
        found, as_json, f"{len(found)} desk account(s)",
        ("Name", "Made (UTC)", "Password", "Open sessions", "Newest sign-in (UTC)"),
        json_of=lambda a: {"name": a.name, "created": iso(a.created),
                           "one_time_password": a.must_change,
                           "open_sessions": a.open_sessions,
                           "newest_session": iso(a.newest_session) or None},
        table_row=lambda a: (a.name, f"{a.created:%Y-%m-%d %H:%M}",
                             "[yellow]one-time[/]" if a.must_change else "own",
                             str(a.open_sessions),
                             f"{a.newest_session:%Y-%m-%d %H:%M}" if a.newest_session else "-"),
        plain_row=lambda a: (a.name, iso(a.created),
                             "one-time password" if a.must_change else "own password",
                             a.open_sessions, iso(a.newest_session) or "-"))


@desk.command("reset")
@config_option
@click.argument("name")
def desk_reset(config_path: str | None, name: str) -> None:
    """Give a desk account a new one-time password, replaced at its next sign-in; every
    open session of the account ends."""
    from feeds.desk import accounts

    cfg = load(config_path)
    with opened_store(cfg) as store:
        password = accounts.reset(store, name)
    if password is None:
        fail(f"no desk account {name!r} (see `newsfeed desk list`)")
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

    cfg = load(config_path)
    with opened_store(cfg) as store:
        if not accounts.remove(store, name):
            fail(f"no desk account {name!r} (see `newsfeed desk list`)")
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
    cfg = load(config_path)
    with opened_store(cfg) as store:
        try:
            key = member_keys.add(store, name)
        except member_keys.MemberError as exc:
            fail(str(exc))
    urls = {f.name: {fmt: f"{cfg.site.base_url}feeds/{f.name}.{fmt}?key={key}"
                     for fmt in ("atom", "rss", "json")}
            for f in cfg.feed if f.members_only}
    if as_json:
        print_json({"name": name, "key": key, "feeds": urls})
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
    cfg = load(config_path)
    with opened_store(cfg) as store:
        found = member_keys.listing(store)
    print_records(
        found, as_json, f"{len(found)} member(s)",
        ("Name", "Added", "Last poll", "Reader", "Polls", "Revoked"),
        json_of=lambda m: {"name": m.name, "created": iso(m.created), "revoked": iso(m.revoked),
                           "last_seen": iso(m.last_seen), "last_agent": m.last_agent,
                           "polls": m.polls},
        table_row=lambda m: (m.name, f"{m.created:%Y-%m-%d}", iso(m.last_seen) or "never",
                             m.last_agent, str(m.polls), iso(m.revoked)),
        plain_row=lambda m: (m.name, iso(m.created), iso(m.last_seen), m.last_agent or "-",
                             m.polls, "revoked " + iso(m.revoked) if m.revoked else "active"))


@members.command("revoke")
@config_option
@click.argument("name")
def members_revoke(config_path: str | None, name: str) -> None:
    """End a member's key at once, on every instance (403 from then on)."""
    cfg = load(config_path)
    with opened_store(cfg) as store:
        if not member_keys.revoke(store, name):
            fail(f"no active member {name!r} (see `newsfeed members list`)")
    click.echo(f"revoked {name}: their feed URLs answer 403 from now on")


COMMANDS = [desk, members]


def register(group: click.Group) -> None:
    for command in COMMANDS:
        group.add_command(command)
