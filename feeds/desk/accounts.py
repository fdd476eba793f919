"""Desk accounts (the `desk_accounts` table): a name and a scrypt hash of its password.

`newsfeed desk add NAME` makes one with a one-time password, which its holder replaces at
the first sign-in (`must_change`). Passwords are hashed with the standard library's scrypt.
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

from articles.schema import desk_accounts
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


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, maxmem=64 * 2**20,
                          dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@functools.cache
def _dummy() -> str:
    return hash_password(secrets.token_urlsafe(12))
