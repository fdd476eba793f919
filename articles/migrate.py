"""Schema changes through Alembic, from the first table on.

A new, empty database is brought to the current schema when the store opens; a database
at an older schema is refused with the command that fixes it (`newsfeed migrate`), so a
deploy never runs new code on an old schema by accident. A database already at the current
schema is recognised without loading Alembic, so commands start quickly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy as sa

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6E657773  # "news": serializes migrations of several instances on PostgreSQL


class SchemaBehind(Exception):
    """The database's schema is older than this code's."""


def _config(connection=None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    """The newest revision. Each migration is `versions/NNNN_name.py` with revision "NNNN"
    (`tests/test_migrations.py` holds Alembic to agree), so the file names tell."""
    return max(p.name.split("_", 1)[0] for p in (MIGRATIONS / "versions").glob("[0-9]*_*.py"))


def current(connection) -> str | None:
    """The revision the database is at, from Alembic's own table; None if it has none."""
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: sa.Engine) -> tuple[str | None, str]:
    """Apply every pending migration; (revision before, revision after)."""
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(write=True)
        with conn.begin():
            _lock(conn)
            before = current(conn)
            command.upgrade(_config(conn), "head")
            return before, head()


def prepare(engine: sa.Engine) -> None:
    """Create the schema in an empty database; refuse one whose schema is behind."""
    with engine.connect() as conn:
        revision = current(conn)
        if revision == head():
            return
        empty = not sa.inspect(conn).get_table_names()
    if revision is None and empty:
        upgrade(engine)
        return
    raise SchemaBehind(
        f"the database {engine.url.render_as_string(hide_password=True)} is at schema "
        f"{revision or 'none (not made by newsfeed)'}, this newsfeed needs {head()}: "
        "run `newsfeed migrate` to upgrade it"
    )


def _lock(conn) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
