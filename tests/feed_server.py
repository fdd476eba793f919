"""A real HTTP server on 127.0.0.1 serving upstream feeds that tests change between polls,
a generator of large RSS feeds, and `bench_sources()` for `make bench`.

with FeedServer() as upstream:
    upstream.serve("/feed.xml", body, etag='"v1"')
    poller.poll(Source(name="wire", url=upstream.url("/feed.xml"), allow_private=True))
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.sax.saxutils import escape

FEEDS = Path(__file__).parent / "data" / "feeds"


@dataclass
class Route:
    body: bytes | Callable[[BaseHTTPRequestHandler], None] = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""  # answered with 304 when the request's If-None-Match has it
    delay: float = 0.0  # seconds before answering
    content_type: str = "application/rss+xml; charset=utf-8"


class FeedServer:
    """`ThreadingHTTPServer` in a thread; `requests` records (path, headers) of each GET."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,),
                                        daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self._server.server_port}{path}"

    def serve(self, path: str, body: bytes | Callable = b"", **route) -> None:
        self.routes[path] = Route(body, **route)

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def handle(self):
            with contextlib.suppress(ConnectionError):  # the client gave up: as intended
                super().handle()

        def do_GET(self):
            server.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.send_header("ETag", route.etag)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if callable(route.body):  # writes its own body, with no Content-Length
                self.end_headers()
                route.body(self)
                return
            self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            self.wfile.write(route.body)

        def log_message(self, *args):
            pass

    return Handler


@dataclass(frozen=True)
class Item:
    guid: str
    title: str
    body: str = "<p>Body.</p>"
    date: datetime | None = None


def rss(items: list[Item], title: str = "Upstream Wire") -> bytes:
    """An RSS 2.0 document of `items`, in the shape news sites publish."""
    entries = "".join(
        f"<item><title>{escape(i.title)}</title><guid isPermaLink=\"false\">{escape(i.guid)}"
        f"</guid><link>https://wire.example.com/{escape(i.guid)}</link>"
        f"<description>{escape(i.body)}</description>"
        + (f"<pubDate>{format_datetime(i.date)}</pubDate>" if i.date else "")
        + "</item>\n"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://wire.example.com/</link>"
        f"<description>Wire stories</description>\n{entries}</channel></rss>\n"
    ).encode()


def large_feed(entries: int = 500) -> bytes:
    """An RSS feed of `entries` distinct dated stories of a few paragraphs each."""
    start = datetime(2024, 3, 1, tzinfo=UTC)
    paragraphs = "".join(f"<p>Paragraph {n} of a wire story, with <a href=\"/related/{n}\">"
                         "a related link</a> and some words.</p>" for n in range(5))
    return rss([Item(f"story-{n}", f"Story number {n} from the wire", paragraphs,
                     start + timedelta(minutes=n)) for n in range(entries)])


def bench_sources(tmpdir: Path, entries: int = 500) -> float:
    """Entries per second that one poll of a local `entries`-entry RSS feed stores, measured
    from fetch to commit (fetch over loopback HTTP, parse, map, sanitize, store in SQLite)."""
    from articles.sources import Poller
    from articles.store import Store
    from config import Source

    store = Store(f"sqlite:///{Path(tmpdir) / 'bench-sources.db'}")
    store.create()
    try:
        with FeedServer() as upstream:
            upstream.serve("/feed.xml", large_feed(entries))
            source = Source(name="bench", url=upstream.url("/feed.xml"), allow_private=True)
            started = time.perf_counter()
            poll = Poller(store).poll(source)
            elapsed = time.perf_counter() - started
    finally:
        store.close()
    if poll.added != entries:
        raise RuntimeError(f"the bench poll stored {poll.added} of {entries} entries: {poll}")
    return entries / elapsed
