"""Fixtures shared by the tests: a real SQLite file and a real PostgreSQL database for the
store, the seed story, and the drop folder's folders and inbox."""

from __future__ import annotations

from pathlib import Path

import drop_folders
import pytest
from databases import postgres_database

from articles.store import Store

ROOT = Path(__file__).parents[1]
SEED = ROOT / "samples" / "2023-07-08-rutte-resigns.txt"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store_url(request, tmp_path):
    """An empty database of each kind; PostgreSQL is skipped, with the reason, where none
    answers, except under `.ci/run` (NEWSFEED_REQUIRE_POSTGRES=1)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
    else:
        with postgres_database() as url:
            yield url


@pytest.fixture
def store(store_url):
    store = Store(store_url)
    store.create()
    yield store
    store.close()


@pytest.fixture
def seed_path() -> Path:
    """The seed story as dropped: `samples/2023-07-08-rutte-resigns.txt` (read only)."""
    return SEED


@pytest.fixture
def seed_bytes(seed_path) -> bytes:
    return seed_path.read_bytes()


def pytest_collection_modifyitems(items):
    """Files that start the real process first, each file's tests in their order. `make
    test`'s workers take whole files in this order (`--no-loadscope-reorder`), so the long
    files begin early and the quick ones fill in at the end; xdist's own order, files of
    many tests first, left the longest files of few tests to one worker at the end."""
    def starts_the_process(item) -> bool:
        names = vars(item.module) if getattr(item, "module", None) else {}
        return (item.get_closest_marker("slow") is not None
                or "LiveService" in names or "NEWSFEED" in names)

    first = {item.path for item in items if starts_the_process(item)}
    items.sort(key=lambda item: item.path not in first)  # stable: file order kept within


@pytest.fixture
def folders(tmp_path) -> drop_folders.Folders:
    return drop_folders.Folders(tmp_path / "inbox", tmp_path / "archive", tmp_path / "rejected")


@pytest.fixture
def inbox(store, folders):
    box = drop_folders.make_inbox(store, folders)
    yield box
    box.close()
