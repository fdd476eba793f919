"""Which instance runs the jobs that must run once at a time: drop-folder scans, source polls,
writing the output folder.

On PostgreSQL the leader holds a session advisory lock on a connection of its own; when the
process dies (even by `kill -9`) the server ends the session and frees the lock, and the
next instance that asks takes it. On SQLite, which is one machine, the lock is a `flock`
on a file beside the database, freed by the kernel the same way.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
import time
from pathlib import Path

import sqlalchemy as sa

from articles.store import Store

log = logging.getLogger("newsfeed.leadership")

LOCK_KEY = 0x6E667364  # "nfsd": the advisory lock of the leader
CHECK_EVERY = 1.0  # seconds between checks that a held PostgreSQL lock is still ours


class Leadership:
    def __init__(self, store: Store):
        self.store = store
        self._lock = threading.Lock()
        self._conn = None  # PostgreSQL: the connection whose session holds the lock
        self._fd: int | None = None  # SQLite: the flocked file
        self._checked = 0.0

    def held(self) -> bool:
        """Whether this instance leads now; takes the lead if nobody has it. Never blocks long."""
        with self._lock:
            if self.store.engine.dialect.name == "postgresql":
                return self._held_postgres()
            return self._held_file()

    def release(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()  # ends the session, and with it the lock
                self._conn = None
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def _held_postgres(self) -> bool:
        now = time.monotonic()
        if self._conn is not None:
            if now - self._checked < CHECK_EVERY:
                return True
            try:
                self._conn.execute(sa.text("SELECT 1"))
                self._checked = now
                return True
            except sa.exc.SQLAlchemyError as exc:
                log.warning("lost the database connection that held the lead: %s", exc.orig or exc)
                self._conn.invalidate()
                self._conn = None
        try:
            conn = self.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
            taken = conn.execute(
                sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}
            ).scalar()
        except sa.exc.SQLAlchemyError as exc:
            log.warning("cannot reach the database to take the lead: %s", exc.orig or exc)
            return False
        if not taken:
            conn.close()
            return False
        self._conn, self._checked = conn, now
        log.info("this instance now leads: it scans the drop folder and polls the sources")
        return True

    def _held_file(self) -> bool:
        if self._fd is not None:
            return True
        database = self.store.engine.url.database
        if not database or database == ":memory:":
            return True
        fd = os.open(
            Path(database).with_name(Path(database).name + ".leader"), os.O_RDWR | os.O_CREAT, 0o644
        )
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        log.info("this instance now leads: it scans the drop folder and polls the sources")
        return True
