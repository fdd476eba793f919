"""Desk sessions: a random id in an HttpOnly cookie, stored hashed in `desk_sessions` (so any
instance knows it) with the session's CSRF token and when it ends; and the slowing of failed
sign-ins per client address.

A session signed in with an `[api] tokens` token is the account `token:<hash prefix>`: it
ends when that token leaves the config. One of a desk account ends when the account goes
or gets a new one-time password (`feeds.desk.accounts.remove`, `reset` delete its rows).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from articles.schema import desk_accounts, desk_sessions
from articles.store import Store

COOKIE = "newsfeed_desk"
TOKEN_PREFIX = "token:"


@dataclass(frozen=True)
class Session:
    account: str
    csrf: str
    expires: datetime
    must_change: bool = False  # a desk account still on its one-time password

    @property
    def name(self) -> str:
        """Who is signed in, as the desk shows it."""
        return "API token" if self.account.startswith(TOKEN_PREFIX) else self.account

    def csrf_ok(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.csrf.encode())


def token_account(token: str) -> str:
    return TOKEN_PREFIX + hashlib.sha256(token.encode()).hexdigest()[:16]


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class Sessions:
    def __init__(self, store: Store, hours: float, tokens: list[str]):
        self.store, self.length = store, timedelta(hours=hours)
        self.token_accounts = {token_account(t) for t in tokens}

    def start(self, account: str, now: datetime | None = None) -> str:
        """A new session for `account`; the id to set as the cookie. Ended ones are cleared."""
        now = now or datetime.now(UTC)
        session_id = secrets.token_urlsafe(32)
        with self.store.engine.begin() as conn:
            conn.execute(sa.delete(desk_sessions).where(desk_sessions.c.expires <= now))
            conn.execute(sa.insert(desk_sessions).values(
                id_hash=_hash(session_id), account=account, csrf=secrets.token_urlsafe(32),
                created=now, expires=now + self.length))
        return session_id

    def find(self, session_id: str, now: datetime | None = None) -> Session | None:
        """The live session of this cookie value, or None (unknown, ended, or its account or
        token gone)."""
        if not session_id:
            return None
        t, a = desk_sessions, desk_accounts
        query = (sa.select(t.c.account, t.c.csrf, t.c.expires, a.c.must_change)
                 .outerjoin(a, a.c.name == t.c.account)
                 .where(t.c.id_hash == _hash(session_id)))
        with self.store.engine.connect() as conn:
            row = conn.execute(query).first()
        if row is None or row.expires <= (now or datetime.now(UTC)):
            return None
        if row.account.startswith(TOKEN_PREFIX):
            if row.account not in self.token_accounts:
                return None
        elif row.must_change is None:  # the account is gone
            return None
        return Session(row.account, row.csrf, row.expires, bool(row.must_change))

    def end(self, session_id: str) -> None:
        with self.store.engine.begin() as conn:
            conn.execute(sa.delete(desk_sessions)
                         .where(desk_sessions.c.id_hash == _hash(session_id)))


class Throttle:
    """Failed sign-ins slowed per client address: after n failures in a row, the next try is
    refused for 2**(n-1) seconds, up to `longest`; a success clears the address. Kept in
    memory, per instance, for the `size` addresses seen last."""

    def __init__(self, longest: float = 300, size: int = 10_000):
        self.longest, self.size = longest, size
        self._failures: OrderedDict[str, tuple[int, float]] = OrderedDict()  # n, until

    def wait(self, address: str) -> float:
        """Seconds before `address` may try again; 0 when it may now."""
        _, until = self._failures.get(address, (0, 0.0))
        return max(0.0, until - time.monotonic())

    def failed(self, address: str) -> None:
        n = self._failures.pop(address, (0, 0.0))[0] + 1
        self._failures[address] = (n, time.monotonic() + min(2.0 ** (n - 1), self.longest))
        while len(self._failures) > self.size:
            self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        self._failures.pop(address, None)
