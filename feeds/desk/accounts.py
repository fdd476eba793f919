"""Desk accounts (the `desk_accounts` table): a name and a scrypt hash of its password.

`newsfeed desk add NAME` makes one with a one-time password, which its holder replaces at
the first sign-in (`must_change`); `desk reset NAME` gives it a new one-time password and
`desk remove NAME` takes it away, each ending the account's sessions (`desk_sessions`) in
the same transaction. Passwords are hashed with the standard library's scrypt.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from articles.schema import desk_accounts, desk_sessions
from articles.store import Store

MIN_PASSWORD = 10
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
# 16 MB and about 50 ms a hash: cheap for a sign-in, costly for a guesser with the table.
_N, _R, _P = 2**14, 8, 1


class AccountError(Exception):
    """A name or password that cannot be used, worded for the person who gave it."""


@dataclass(frozen=True)
class Account:
    name: str
    must_change: bool


@dataclass(frozen=True)
class Listed:
    """An account as `newsfeed desk list` shows it: its open sessions are its sign-ins not
    yet ended (no sign-in is kept after its session ends)."""

    name: str
    created: datetime
    must_change: bool  # its one-time password not yet replaced
    open_sessions: int
    newest_session: datetime | None  # when the newest open session signed in


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def password_matches(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        given = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return scheme == "scrypt" and hmac.compare_digest(given, expected)


def add(store: Store, name: str, now: datetime | None = None) -> str:
    """Make the account `name`; its one-time password, to be replaced at first sign-in."""
    if not NAME.match(name):
        raise AccountError(f"{name!r} is not a usable name: letters, digits, '.', '_', '@' "
                           "or '-', up to 100")
    password = secrets.token_urlsafe(12)
    try:
        with store.engine.begin() as conn:
            conn.execute(sa.insert(desk_accounts).values(
                name=name, password_hash=hash_password(password), must_change=True,
                created=now or datetime.now(UTC)))
    except IntegrityError:
        raise AccountError(f"there is already a desk account {name!r}") from None
    return password


def check(store: Store, name: str, password: str) -> Account | None:
    """The account whose name and password these are, or None."""
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(desk_accounts).where(desk_accounts.c.name == name)).first()
    if row is None:
        password_matches(password, _dummy())  # as slow as a real check: names are not revealed
        return None
    if not password_matches(password, row.password_hash):
        return None
    return Account(row.name, row.must_change)


def find(store: Store, name: str) -> Account | None:
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(desk_accounts.c.name, desk_accounts.c.must_change)
                           .where(desk_accounts.c.name == name)).first()
    return Account(row.name, row.must_change) if row else None


def set_password(store: Store, name: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"a password needs at least {MIN_PASSWORD} characters")
    with store.engine.begin() as conn:
        conn.execute(sa.update(desk_accounts).where(desk_accounts.c.name == name)
                     .values(password_hash=hash_password(password), must_change=False))


def reset(store: Store, name: str) -> str | None:
    """Give `name` a new one-time password, replaced at its next sign-in, and end every
    session of the account; the password, or None when there is no such account."""
    password = secrets.token_urlsafe(12)
    hashed = hash_password(password)
    with store.engine.begin() as conn:
        done = conn.execute(sa.update(desk_accounts).where(desk_accounts.c.name == name)
                            .values(password_hash=hashed, must_change=True))
        if not done.rowcount:
            return None
        conn.execute(sa.delete(desk_sessions).where(desk_sessions.c.account == name))
    return password


def remove(store: Store, name: str) -> bool:
    """Take the account `name` away with its sessions, at once; whether there was one."""
    with store.engine.begin() as conn:
        conn.execute(sa.delete(desk_sessions).where(desk_sessions.c.account == name))
        done = conn.execute(sa.delete(desk_accounts).where(desk_accounts.c.name == name))
    return bool(done.rowcount)


def listing(store: Store, now: datetime | None = None) -> list[Listed]:
    """Every account, by name, with its sessions open at `now`."""
    a, s = desk_accounts, desk_sessions
    open_now = s.c.expires > (now or datetime.now(UTC))
    query = (sa.select(a.c.name, a.c.created, a.c.must_change,
                       sa.func.count(s.c.id_hash).filter(open_now),
                       sa.func.max(s.c.created).filter(open_now))
             .outerjoin(s, s.c.account == a.c.name)
             .group_by(a.c.name, a.c.created, a.c.must_change).order_by(a.c.name))
    with store.engine.connect() as conn:
        return [Listed(*row) for row in conn.execute(query)]


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20,
                          dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@functools.cache
def _dummy() -> str:
    return hash_password(secrets.token_urlsafe(12))
