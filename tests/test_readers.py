"""Real, independently written feed readers reading the real service's seed feed over HTTP.

- feedparser (Python): Atom and RSS (6.0 reads no JSON Feed), then a conditional GET: 304.
- newsboat (Debian): Atom and RSS, polling the URL itself with its cache, through a
  recording proxy that shows it revalidating with If-None-Match and getting 304s.
- sfeed (Debian): Atom and RSS, read from the bytes served.
- rss-parser (npm): Atom and RSS; @extractus/feed-extractor (npm): Atom, RSS and JSON Feed;
  both fetch the URL themselves (tests/readers/read.mjs), installed with `npm ci`.

Each must find the seed story's title, date, author and link.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import sqlite3
import subprocess
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import feedparser
import httpx
import pytest
from live import ROOT, LiveService
from programs import missing

pytestmark = pytest.mark.slow

TITLE = (
    "Dutch Prime Minister Mark Rutte has resigned after the dramatic collapse of his coalition "
    "government."
)
DATE = datetime(2023, 7, 8, tzinfo=UTC)
AUTHOR = "News.Az"
XML_FORMATS = ["atom", "rss"]
NPM_READERS = ROOT / "tests" / "readers"


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("readers")) as service:
        yield service.drop_seed()


def link(svc: LiveService) -> str:
    return svc.url("articles/2023-07-08-rutte-resigns")


def need(program: str, package: str) -> str:
    path = shutil.which(program)
    if path is None:
        missing(program, f"apt-get install {package}")
    return path


# -- feedparser ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_feedparser(svc, fmt):
    url = svc.url(f"feeds/news.{fmt}")
    doc = feedparser.parse(url)
    assert doc.status == 200 and not doc.bozo
    (entry,) = doc.entries
    assert entry.title == TITLE
    assert datetime(*entry.published_parsed[:6], tzinfo=UTC) == DATE
    assert entry.author == AUTHOR
    assert entry.link == link(svc)
    again = feedparser.parse(url, etag=doc.etag, modified=doc.modified)
    assert again.status == 304 and not again.entries


# -- newsboat, through a recording proxy -----------------------------------------------------


class RecordingProxy(ThreadingHTTPServer):
    """Passes GETs to the service unchanged and records (path, request headers, status)."""

    def __init__(self, upstream: str):
        self.upstream = urlsplit(upstream)
        self.seen: list[tuple[str, dict[str, str], int]] = []
        super().__init__(("127.0.0.1", 0), _Forward)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"


class _Forward(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "connection")}
        upstream = http.client.HTTPConnection(
            self.server.upstream.hostname, self.server.upstream.port
        )
        upstream.request("GET", self.path, headers=headers)
        answer = upstream.getresponse()
        body = answer.read()
        upstream.close()
        self.server.seen.append(
            (self.path, {k.lower(): v for k, v in headers.items()}, answer.status)
        )
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("connection", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def proxy(svc):
    server = RecordingProxy(svc.base_url)
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_newsboat_polls_with_its_cache_and_revalidates(svc, proxy, tmp_path, fmt):
    newsboat = need("newsboat", "newsboat")
    path = f"/feeds/news.{fmt}"
    (tmp_path / "urls").write_text(proxy.base_url + path.lstrip("/") + "\n")
    (tmp_path / "config").write_text("")
    cache = tmp_path / "cache.db"

    def run(*command: str) -> str:
        done = subprocess.run(
            [newsboat, "-u", tmp_path / "urls", "-c", cache, "-C", tmp_path / "config", *command],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    for _ in range(3):  # newsboat 2.21 keeps the validators from its second poll on
        run("-x", "reload")
    assert run("-x", "print-unread").strip() == "1 unread articles"
    with sqlite3.connect(cache) as db:
        rows = db.execute("SELECT title, author, url, pubDate FROM rss_item").fetchall()
    assert rows == [(TITLE, AUTHOR, link(svc), int(DATE.timestamp()))]

    polls = [(headers, status) for p, headers, status in proxy.seen if p == path]
    assert len(polls) == 3
    assert polls[0][1] == 200
    headers, status = polls[-1]
    assert status == 304
    assert "if-none-match" in headers or "if-modified-since" in headers


# -- sfeed ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_sfeed(svc, fmt):
    sfeed = need("sfeed", "sfeed")
    feed = httpx.get(svc.url(f"feeds/news.{fmt}"), timeout=10).content
    out = subprocess.run([sfeed], input=feed, capture_output=True, check=True, timeout=30).stdout
    (line,) = out.decode().splitlines()
    timestamp, title, url, _content, content_type, _id, author, *_ = line.split("\t")
    assert (title, url, author, content_type) == (TITLE, link(svc), AUTHOR, "html")
    assert datetime.fromtimestamp(int(timestamp), UTC) == DATE


# -- npm: rss-parser and @extractus/feed-extractor ---------------------------------------------


@pytest.fixture(scope="module")
def node():
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        missing("node and npm", "apt-get install nodejs npm")
    if not (NPM_READERS / "node_modules" / ".package-lock.json").exists():
        installed = subprocess.run(
            [npm, "ci", "--prefix", NPM_READERS, "--no-audit", "--no-fund"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert installed.returncode == 0, installed.stderr
    return node


@pytest.mark.parametrize(
    ("reader", "fmt"),
    [
        ("rss-parser", "atom"),
        ("rss-parser", "rss"),
        ("feed-extractor", "atom"),
        ("feed-extractor", "rss"),
        ("feed-extractor", "json"),
    ],
)
def test_npm_readers(svc, node, reader, fmt):
    read = subprocess.run(
        [node, NPM_READERS / "read.mjs", reader, svc.url(f"feeds/news.{fmt}")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert read.returncode == 0, read.stderr
    feed = json.loads(read.stdout)
    assert feed["title"] == "Newsfeed"
    (entry,) = feed["entries"]
    assert (entry["title"], entry["link"], entry["author"]) == (TITLE, link(svc), AUTHOR)
    assert datetime.fromisoformat(entry["date"]) == DATE
