"""The real `newsfeed` process, started for end-to-end tests on a free port and a temporary config.

with LiveService(tmp_path) as svc:
    shutil.copyfile(seed, svc.inbox / seed.name)
    body = svc.wait_for("/feeds/news.atom", lambda r: b"Rutte" in r.content)
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "samples" / "2023-07-08-rutte-resigns.txt"
NEWSFEED = Path(sys.executable).with_name("newsfeed")
STATE_DIR = ".newsfeed"  # the drop folder's own bookkeeping, not drops


def drop_folder_files(folder: Path) -> list[Path]:
    """Files under `folder` outside its state folder, while a live service moves things around.

    os.walk skips a folder that vanishes mid-walk, where Path.rglob raises.
    """
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != STATE_DIR]
        found.extend(Path(root) / name for name in files)
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveService:
    """`newsfeed run` in a child process, with its folders under `root`."""

    def __init__(
        self,
        root: Path,
        extra_toml: str = "",
        *,
        port: int | None = None,
        store_url: str | None = None,
        poll_seconds: float = 1,
        command: str = "run",
        var: Path | None = None,
        base_url: str | None = None,
        inbox_toml: str = "",
    ):
        """`var`: the folder holding inbox, archive, rejected (default `root/var`); instances
        given the same `var` and `store_url` share one drop folder and one store.
        `base_url`: the site's public URL, the same for instances behind one name.
        `inbox_toml`: more keys of the `[inbox]` table, one per line."""
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.command = command
        var = Path(var) if var else self.root / "var"
        self.inbox, self.archive, self.rejected = var / "inbox", var / "archive", var / "rejected"
        self.output = self.root / "var" / "public"
        self.config_path = self.root / "config.toml"
        store = f'url = "{store_url}"' if store_url else 'url = "sqlite:///var/newsfeed.db"'
        self.config_path.write_text(
            f'[site]\nbase_url = "{base_url or self.base_url}"\n\n'
            f"[server]\nport = {self.port}\n\n"
            f"[store]\n{store}\n\n"
            f'[inbox]\npath = "{self.inbox}"\narchive = "{self.archive}"\n'
            f'rejected = "{self.rejected}"\npoll_seconds = {poll_seconds}\n{inbox_toml}\n'
            + extra_toml,
            encoding="utf-8",
        )
        self.log_path = self.root / "newsfeed.log"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 20) -> LiveService:
        self.inbox.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(NEWSFEED), self.command, "--config", str(self.config_path)],
            cwd=self.root,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"newsfeed exited with {self.proc.returncode}:\n{self.log()}")
            try:
                if httpx.get(self.url("healthz"), timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"newsfeed did not answer within {timeout}s:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> int:
        """Stop the process (SIGTERM: cleanly; SIGKILL: a crash); its exit status."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self._log.close()
        self.proc = None
        return code

    def __enter__(self) -> LiveService:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def url(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def get(self, path: str, **kwargs) -> httpx.Response:
        return httpx.get(self.url(path), timeout=10, **kwargs)

    def wait_for(
        self, path: str, ready: Callable[[httpx.Response], bool], timeout: float = 15
    ) -> httpx.Response:
        """GET `path` until `ready(response)`; the last response, or AssertionError on time out."""
        deadline = time.monotonic() + timeout
        while True:
            response = self.get(path)
            if ready(response):
                return response
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"{path} not ready after {timeout}s (last status {response.status_code})\n"
                    f"--- service log ---\n{self.log()}"
                )
            time.sleep(0.05)

    def drop_seed(self) -> LiveService:
        """Drop the seed story into the inbox and wait until the feeds hold it."""
        shutil.copyfile(SEED, self.inbox / SEED.name)
        self.wait_for("/feeds/news.json", lambda r: b"Rutte" in r.content)
        return self

    def log(self) -> str:
        if not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")
