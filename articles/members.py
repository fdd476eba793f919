"""Members of members-only feeds: each has a personal key, in the URLs of those feeds.

The key is random (192 bits) and shown once, when the member is added; the store keeps its
SHA-256 only. Every request with a key is checked against the store, so a revocation holds
at once on every instance. Who polled, with what reader and how often is counted in memory
and written to the store by `flush`, once a minute, as `feeds.readers` does.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from articles.schema import members
from articles.store import Store

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,99}$")


class MemberError(Exception):
    """A member that cannot be added or revoked; the message is one line for a person."""


@dataclass(frozen=True)
class Member:
    name: str
    created: datetime
    revoked: datetime | None
    last_seen: datetime | None
    last_agent: str
    polls: int


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()


def add(store: Store, name: str, now: datetime | None = None) -> str:
    """A new member `name`; their key (shown once: the store keeps only its hash)."""
    if not NAME.match(name):
        raise MemberError(f"a member's name is letters, digits and . _ @ + - (up to 100), "
                          f"not {name!r}")
    key = secrets.token_urlsafe(24)
    try:
        with store.engine.begin() as conn:
            conn.execute(sa.insert(members).values(
                name=name, key_hash=_hash(key), created=now or datetime.now(UTC), polls=0))
    except sa.exc.IntegrityError:
        raise MemberError(f"there is a member {name!r} already (revoke it, or pick "
                          "another name)") from None
    return key


def revoke(store: Store, name: str, now: datetime | None = None) -> bool:
    """End `name`'s key at once; whether there was such a member, not yet revoked."""
    with store.engine.begin() as conn:
        done = conn.execute(sa.update(members).where(
            members.c.name == name, members.c.revoked.is_(None)).values(
            revoked=now or datetime.now(UTC)))
    return bool(done.rowcount)


def listing(store: Store) -> list[Member]:
    """Every member, the latest added first."""
    with store.engine.connect() as conn:
        rows = conn.execute(sa.select(
            members.c.name, members.c.created, members.c.revoked, members.c.last_seen,
            members.c.last_agent, members.c.polls).order_by(
            members.c.created.desc(), members.c.name)).all()
    return [Member(n, c, r, s, a or "", p) for n, c, r, s, a, p in rows]


class Keys:
    """The check of a key, for the web app, and the tally of members' polls."""

    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._polls: dict[str, tuple[int, datetime, str]] = {}  # name -> (polls, last, agent)

    def check(self, key: str) -> tuple[str, bool] | None:
        """(member, revoked) for a key; None for no member's key. One indexed query."""
        if not key:
            return None
        query = sa.select(members.c.name, members.c.revoked).where(
            members.c.key_hash == _hash(key))
        with self.store.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else (row[0], row[1] is not None)

    def polled(self, name: str, agent: str) -> None:
        with self._lock:
            polls = self._polls.get(name, (0,))[0]
            self._polls[name] = (polls + 1, datetime.now(UTC), agent[:500])

    def flush(self) -> None:
        """Write the polls counted since the last flush to the store."""
        with self._lock:
            polls, self._polls = self._polls, {}
        if not polls:
            return
        with self.store.engine.begin() as conn:
            for name, (n, last, agent) in polls.items():
                conn.execute(sa.update(members).where(members.c.name == name).values(
                    polls=members.c.polls + n, last_seen=last, last_agent=agent))
