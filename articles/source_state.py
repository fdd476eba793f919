"""What newsfeed remembers about each upstream source between polls, in the store's database.

`source_state`: one row per source name: the URL it is polled at now (a 301 moves it),
the validators for conditional GET, how the last poll went and when the next is due.
`source_first_seen`: when each undated entry was first seen, so its date never moves.
The tables are declared in the store's `metadata`; migration 0002 creates them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from articles.schema import UTCDateTime, articles, metadata
from articles.store import Store

T = TypeVar("T")

source_state = sa.Table(
    "source_state",
    metadata,
    sa.Column("name", sa.String(200), primary_key=True),
    sa.Column("config_url", sa.Text, nullable=False),  # the url in config when this row began
    sa.Column("url", sa.Text, nullable=False),  # where it is polled now
    sa.Column("etag", sa.Text, nullable=False, default=""),
    sa.Column("last_modified", sa.Text, nullable=False, default=""),
    sa.Column("status", sa.String(20), nullable=False, default="new"),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("http_status", sa.Integer),
    sa.Column("last_fetch", UTCDateTime),
    sa.Column("last_success", UTCDateTime),
    sa.Column("failures", sa.Integer, nullable=False, default=0),
    sa.Column("entries", sa.Integer, nullable=False, default=0),  # in the last document read
    sa.Column("next_run", UTCDateTime),
    sa.Column("not_before", UTCDateTime),  # Retry-After: no request before this time
)

first_seen_table = sa.Table(
    "source_first_seen",
    metadata,
    sa.Column("source", sa.String(200), primary_key=True),
    sa.Column("entry_key", sa.String(64), primary_key=True),  # sha256 of the entry's own id
    sa.Column("seen", UTCDateTime, nullable=False),
)


def new_state(name: str, url: str) -> dict:
    """The state of a source never polled (or whose url in config changed)."""
    return {"name": name, "config_url": url, "url": url, "etag": "", "last_modified": "",
            "status": "new", "message": "", "http_status": None, "last_fetch": None,
            "last_success": None, "failures": 0, "entries": 0, "next_run": None,
            "not_before": None}


def load(store: Store, name: str) -> dict | None:
    with store.engine.connect() as conn:
        row = conn.execute(
            sa.select(source_state).where(source_state.c.name == name)
        ).mappings().first()
    return dict(row) if row else None


def save(store: Store, state: dict) -> None:
    def work(conn: sa.Connection) -> None:
        values = {k: v for k, v in state.items() if k != "name"}
        done = conn.execute(
            sa.update(source_state).where(source_state.c.name == state["name"]).values(**values)
        ).rowcount
        if not done:
            conn.execute(sa.insert(source_state).values(**state))

    _write(store, work)


def first_seen(store: Store, source: str, keys: list[str], now: datetime) -> dict[str, datetime]:
    """When each entry key was first seen; keys not seen before are recorded as seen `now`."""
    hashed = {key: hashlib.sha256(key.encode()).hexdigest() for key in keys}
    values = sorted(set(hashed.values()))

    def work(conn: sa.Connection) -> dict[str, datetime]:
        found: dict[str, datetime] = {}
        for i in range(0, len(values), 500):
            found.update(conn.execute(
                sa.select(first_seen_table.c.entry_key, first_seen_table.c.seen).where(
                    first_seen_table.c.source == source,
                    first_seen_table.c.entry_key.in_(values[i : i + 500]),
                )
            ).all())
        new = sorted(set(values) - set(found))
        if new:
            conn.execute(sa.insert(first_seen_table),
                         [{"source": source, "entry_key": h, "seen": now} for h in new])
            found.update(dict.fromkeys(new, now))
        return found

    found = _write(store, work)
    return {key: found[h] for key, h in hashed.items()}


def stored_count(store: Store, name: str) -> int:
    """How many stored articles came from the source `name`."""
    with store.engine.connect() as conn:
        return conn.execute(
            sa.select(sa.func.count()).select_from(articles).where(articles.c.origin == name)
        ).scalar_one()


def _write(store: Store, work: Callable[[sa.Connection], T]) -> T:
    """`work` in a write transaction (on SQLite it takes the write lock at BEGIN, as the
    store's own writes do), once more if another process inserted the same row meanwhile."""
    for attempt in range(3):
        try:
            with store.engine.connect() as conn:
                conn.execution_options(write=True)
                with conn.begin():
                    return work(conn)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")
