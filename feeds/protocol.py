"""The HTTP protocol in front of uvicorn: published documents served like static files.

A published document's answers are bytes worked out in advance (`feeds.resource`); for them
uvicorn's scope, task and coroutine chain per request are most of the cost. `FeedProtocol`
parses a request with httptools itself and, for a plain GET or HEAD of a published document,
writes the answer of the ASGI path (`web.choose`; tests/test_protocol.py compares the two
byte for byte): its head joined once a second, its body sent by sendfile(2) from a memory
file, as a static file server sends a file. At the first request it does not answer, it
hands the connection, with that request's bytes, to uvicorn's own protocol for good, as
uvicorn hands a WebSocket upgrade on: a query string, a body, an upgrade, HTTP/1.0 or
`Connection: close`, a proxy's forwarding headers (whose client address uvicorn's middleware
works out), an unknown path, a malformed request, or a packet that is not exactly one
request's head (a pipelined or split request, whose boundaries only uvicorn's parser keeps
track of).
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.utils import get_remote_addr

from feeds import metrics, readers, web
from feeds.resource import Resource

log = logging.getLogger(__name__)

_END = b"\r\n\r\n"
_ASGI_ONLY = {b"x-forwarded-for", b"forwarded", b"content-length", b"transfer-encoding"}


class _Declined(Exception):
    """Raised in a parser callback: the request is uvicorn's."""


def protocol(app: web.App) -> type[FeedProtocol]:
    """The protocol class to give uvicorn (`Config(http=…)`) for serving `app`."""
    return type("FeedProtocol", (FeedProtocol,), {"feed_app": app})


class FeedProtocol(asyncio.Protocol):
    feed_app: web.App

    def __init__(self, config, server_state, app_state, _loop=None) -> None:
        self.uvicorn_args = {"config": config, "server_state": server_state,
                             "app_state": app_state, "_loop": _loop}
        self.loop = _loop or asyncio.get_event_loop()
        self.server_state = server_state
        self.publisher = self.feed_app.publisher
        self.keep_alive = config.timeout_keep_alive
        self.parser = httptools.HttpRequestParser(self)
        self.transport: asyncio.Transport | None = None
        self.address = ""  # the client's
        self.timer: asyncio.TimerHandle | None = None
        self.socket, self.fd = None, None  # the connection's, where bodies can be sendfile'd
        self.last_request = 0.0
        self.url, self.headers, self.resource = b"", [], None  # the request's
        self.head = self.declined = False

    # The connection

    def connection_made(self, transport: asyncio.Transport) -> None:
        self.transport = transport
        client = get_remote_addr(transport)
        self.address = client[0] if client else ""
        self.server_state.connections.add(self)
        self.last_request = self.loop.time()
        self.timer = self.loop.call_later(self.keep_alive, self._idle)
        sock = transport.get_extra_info("socket")
        if sock is not None and transport.get_extra_info("sslcontext") is None:
            try:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)  # Linux TCP only
                self.socket, self.fd = sock, sock.fileno()
            except (OSError, AttributeError):
                pass

    def connection_lost(self, exc: Exception | None) -> None:
        self.server_state.connections.discard(self)
        if self.timer is not None:
            self.timer.cancel()
        self.parser = None  # it refers to self: no cycle left for the collector

    def data_received(self, data: bytes) -> None:
        self.last_request = self.loop.time()
        line = data.find(b"\r\n")
        if (not data.endswith(_END) or data.find(_END) != len(data) - 4  # one request's head
                or not data.startswith((b"GET /", b"HEAD /"))
                or data[line - 9:line] != b" HTTP/1.1"):
            self._hand_over(data)
            return
        self.head, self.url, self.headers = data.startswith(b"HEAD"), b"", []
        self.declined = False
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as error:
            if error.__context__ is not None and not isinstance(error.__context__, _Declined):
                log.error("answering %r directly failed; the app answers it", self.url,
                          exc_info=error.__context__)
            self._hand_over(data)
        except httptools.HttpParserUpgrade:
            self._hand_over(data)

    def shutdown(self) -> None:
        """uvicorn's graceful shutdown: every answer is written whole, so close now."""
        self.transport.close()

    def pause_writing(self) -> None:
        """A client not reading its answers: read no more requests from it until it does."""
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        self.transport.resume_reading()

    def _idle(self) -> None:
        """uvicorn's keep-alive timeout, with one timer per quiet spell, not per request."""
        left = self.last_request + self.keep_alive - self.loop.time()
        if left > 0:
            self.timer = self.loop.call_later(left, self._idle)
        elif not self.transport.is_closing():
            self.transport.close()

    def _hand_over(self, data: bytes) -> None:
        """The connection is uvicorn's from this request on."""
        self.server_state.connections.discard(self)
        self.timer.cancel()
        self.parser = None
        successor = HttpToolsProtocol(**self.uvicorn_args)
        self.transport.set_protocol(successor)
        successor.connection_made(self.transport)
        successor.data_received(data)

    def _send(self, resource: Resource, head: bytes, body: bytes) -> None:
        """`head` and `body`; the body by sendfile(2) from a memory file when nothing is queued
        before it, so that the kernel copies it once, as for a static file, head and body
        corked into full segments; whatever the socket does not take goes through the
        transport, as everything does where there is no memory file."""
        file = resource.answers.file(body) if self.fd is not None else None
        if file is None or self.transport.get_write_buffer_size():
            self.transport.writelines((head, body))  # the body is not copied
            return
        sent, gone = 0, False
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 1)
        try:
            sent = os.write(self.fd, head)
            if sent == len(head):
                sent += os.sendfile(self.fd, file, 0, len(body))
        except BlockingIOError:
            pass
        except OSError:  # the client is gone
            gone = True
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_CORK, 0)
        if gone:
            self.transport.abort()
        elif sent < len(head):
            self.transport.writelines((head[sent:], body))
        elif sent < len(head) + len(body):
            self.transport.write(memoryview(body)[sent - len(head):])

    # httptools callbacks

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name in _ASGI_ONLY:
            self.declined = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        """Decline all but a plain GET or HEAD (data_received saw the request line)."""
        url = self.url
        if (self.declined or b"?" in url or b"%" in url or not self.parser.should_keep_alive()
                or self.parser.should_upgrade()):
            raise _Declined
        self.resource = self.publisher.resources.get(url.decode("ascii", "replace"))
        if self.resource is None:
            raise _Declined

    def on_message_complete(self) -> None:
        """Answer; counted first, so that nothing can fail once the answer is written (a
        failure before it hands the request to uvicorn, which must not answer twice)."""
        path = self.url.decode("ascii")
        status, _, body = answer = web.choose(self.resource, self.headers)
        resource, self.resource = self.resource, None  # kept no longer than the request
        head = _HEADS.head(answer, self.server_state.default_headers)
        if self.head:
            body = b""
        self.server_state.total_requests += 1
        if path.startswith("/feeds/"):
            readers.TALLY.count(path, status, self.address, self.headers, len(body))
        metrics.DIRECT_ANSWERS.count += 1
        if body:
            self._send(resource, head, body)
        else:
            self.transport.write(head)


class _Heads(dict):
    """Each answer's status line and headers, joined once while uvicorn's default headers (the
    Date header) stay the same, that is for a second; keyed by the answer's id."""

    defaults: list | None = None

    def head(self, answer: tuple[int, list, bytes], defaults: list) -> bytes:
        if defaults is not self.defaults:
            self.clear()
            self.defaults = defaults
        kept = self.get(id(answer))
        if kept is None or kept[0] is not answer:
            status, headers, _ = answer
            lines = [STATUS_LINE[status]]
            for name, value in (*defaults, *headers):
                lines += (name, b": ", value, b"\r\n")
            lines.append(b"\r\n")
            kept = self[id(answer)] = (answer, b"".join(lines))
        return kept[1]


_HEADS = _Heads()
