"""Hearing at once when another process changes the store (PostgreSQL LISTEN/NOTIFY).

`Store.save` sends `NOTIFY newsfeed_revision` in the transaction that bumps the revision,
so the notice is delivered on commit. Each instance listens on a connection of its own and
rebuilds its feeds within moments, instead of waiting for its next poll of the revision.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import sqlalchemy as sa

log = logging.getLogger("newsfeed.changes")

CHANNEL = "newsfeed_revision"


class ChangeListener(threading.Thread):
    """Calls `on_change()` after each committed change; reconnects with backoff if cut off."""

    def __init__(self, url: str, on_change: Callable[[], None]):
        super().__init__(name="change-listener", daemon=True)
        self.dsn = (
            sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        self.on_change = on_change
        self.stopping = threading.Event()

    def run(self) -> None:
        import psycopg  # here, not at the top: a SQLite service never loads it (10 MB)

        delay = 1.0
        while not self.stopping.is_set():
            try:
                with psycopg.connect(self.dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    delay = 1.0
                    self.on_change()  # anything missed while not listening
                    while not self.stopping.is_set():
                        for _ in conn.notifies(timeout=1.0):
                            self.on_change()
            except psycopg.Error as exc:
                log.warning(
                    "not hearing store changes (%s); retrying in %.0fs", str(exc).strip(), delay
                )
                self.stopping.wait(delay)
                delay = min(delay * 2, 60)

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)
