"""Folders that can't be made and a port already taken, through the real `newsfeed`
commands: one line naming the key, the path and why, exit status 2, before anything starts."""

from __future__ import annotations

import os
import socket
import subprocess

import pytest
from live import NEWSFEED, free_port

pytestmark = pytest.mark.slow

KEYS = ["inbox.path", "inbox.archive", "inbox.rejected", "output.path", "store.url"]
# Every folder through `run`; each other command with a folder it makes and uses.
CASES = [("run", key) for key in KEYS] + [
    ("worker", "inbox.rejected"), ("serve", "output.path"), ("build", "output.path"),
    ("ingest", "store.url"), ("migrate", "store.url")]


def write_config(root, port: int, **paths) -> str:
    folders = {key: root / key.replace(".", "-") for key in KEYS} | paths
    path = root / "config.toml"
    path.write_text(
        f"[server]\nport = {port}\n\n"
        f'[store]\nurl = "sqlite:///{folders["store.url"]}/newsfeed.db"\n\n'
        f'[inbox]\npath = "{folders["inbox.path"]}"\narchive = "{folders["inbox.archive"]}"\n'
        f'rejected = "{folders["inbox.rejected"]}"\n\n'
        f'[output]\npath = "{folders["output.path"]}"\n')
    return str(path)


def newsfeed(command: str, config_path: str, *args: str, timeout: float = 30):
    return subprocess.run([str(NEWSFEED), command, "--config", config_path, *args],
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})


@pytest.mark.parametrize(("command", "key"), CASES)
def test_a_folder_that_cant_be_made_is_one_line_and_status_2(tmp_path, command, key):
    """The folder lies below a regular file: mkdir fails with "Not a directory"."""
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n")
    folder = blocker / "sub"
    config_path = write_config(tmp_path, free_port(), **{key: folder})
    args = [str(tmp_path)] if command == "ingest" else []
    done = newsfeed(command, config_path, *args)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    [line] = done.stderr.splitlines()
    assert line.startswith(f"newsfeed: '{key}': can't make the folder {folder}")
    assert line.endswith("Not a directory")


@pytest.mark.parametrize("key", KEYS)
def test_a_file_where_a_folder_should_be_is_one_line_and_status_2(tmp_path, key):
    occupied = tmp_path / "occupied"
    occupied.write_text("a file\n")
    done = newsfeed("run", write_config(tmp_path, free_port(), **{key: occupied}))
    assert done.returncode == 2
    assert done.stderr == f"newsfeed: '{key}': {occupied} is a file, not a folder\n"


@pytest.mark.parametrize("command", ["run", "serve"])
def test_a_port_in_use_is_one_line_and_status_2_before_anything_starts(tmp_path, command):
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        done = newsfeed(command, write_config(tmp_path, port))
    assert done.returncode == 2
    assert done.stderr == (f"newsfeed: 'server.port': can't listen on 127.0.0.1:{port}: "
                           "Address already in use\n")
    # Nothing started: no store, nothing published (only the empty folders were checked).
    assert [p.name for p in tmp_path.rglob("*") if not p.is_dir()] == ["config.toml"]
