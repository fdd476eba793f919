"""Throwaway PostgreSQL databases on the local server, for tests that need a real one.

Where no PostgreSQL answers, tests skip with the reason, except with
`NEWSFEED_REQUIRE_POSTGRES=1` (set by `.ci/run`), where they fail.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator

import psycopg
import pytest

SERVER = os.environ.get("NEWSFEED_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database; its SQLAlchemy URL. Dropped afterwards."""
    name = f"nf_test_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as exc:
        reason = f"PostgreSQL not reachable at {SERVER}: {str(exc).strip()}"
        if os.environ.get("NEWSFEED_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        yield f"postgresql+psycopg://{SERVER.removeprefix('postgresql://')}/{name}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
