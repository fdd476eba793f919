"""Schema changes through Alembic, from the first table on.

A new, empty database is brought to the current schema when the store opens; a database
at an older schema is refused with the command that fixes it (`newsfeed migrate`), so a
deploy never runs new code on an old schema by accident.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

MIGRATIONS = Path(__file__).with_name("migrations")
_LOCK_KEY = 0x6E657773  # "news": serializes migrations of several instances on PostgreSQL


class SchemaBehind(Exception):
    """The database's schema is older than this code's."""


def _config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current(connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: sa.Engine) -> tuple[str | None, str]:
    """Apply every pending migration; (revision before, revision after)."""
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
        empty = not sa.inspect(conn).get_table_names()
    if revision == head():
        return
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
