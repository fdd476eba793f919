"""Alembic migrations: they build exactly the schema the code declares, on both databases."""

from __future__ import annotations

import subprocess

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from live import NEWSFEED

from articles import migrate
from articles.schema import metadata
from articles.store import Store


def test_migrations_build_the_declared_schema(store_url):
    store = Store(store_url)
    try:
        before, after = migrate.upgrade(store.engine)
        assert (before, after) == (None, migrate.head())
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == [], "the models and the migrations disagree; add a migration"
        assert migrate.upgrade(store.engine) == (migrate.head(), migrate.head())
        assert store.revision() == 0
    finally:
        store.close()


def test_the_head_read_from_file_names_is_alembics(store_url):
    """`migrate.head()` reads the newest revision from the file names, so that a store at the
    current schema opens without loading Alembic: Alembic's own answer must be the same."""
    assert migrate.head() == ScriptDirectory(str(migrate.MIGRATIONS)).get_current_head()
    store = Store(store_url)
    try:
        store.create()
        with store.engine.connect() as conn:
            assert migrate.current(conn) == MigrationContext.configure(conn).get_current_revision()
    finally:
        store.close()


def test_a_database_behind_is_refused_with_the_fixing_command(store_url, tmp_path):
    store = Store(store_url)
    try:
        with store.engine.begin() as conn:  # tables but no schema version: not ours, or too old
            conn.execute(sa.text("CREATE TABLE articles (pk INTEGER PRIMARY KEY)"))
        with pytest.raises(migrate.SchemaBehind, match="run `newsfeed migrate`"):
            store.create()
    finally:
        store.close()
    config = tmp_path / "config.toml"
    config.write_text(f'[store]\nurl = "{store_url}"\n', encoding="utf-8")
    result = subprocess.run([NEWSFEED, "build", "--config", config], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "newsfeed migrate" in result.stderr
