"""The HTTP protocol in front of uvicorn: published documents served like static files.

A published document's answers are bytes worked out in advance (`feeds.publishing.resource`); for
them
uvicorn's scope, task and coroutine chain per request are most of the cost. `FeedProtocol`
parses a request with httptools itself and, for a plain GET or HEAD of a published document,
writes the answer of the ASGI path (`web.choose`; tests/test_protocol.py compares the two
byte for byte): its head joined once a second, its body sent by sendfile(2) from a memory
file, as a static file server sends a file. At the first request it does not answer, it
hands the connection, with that request's bytes, to uvicorn's own protocol for good, as
uvicorn hands a WebSocket upgrade on: a query string, a body, an upgrade, HTTP/1.0 or
`Connection: close`, a proxy's forwarding headers (whose client address uvicorn's middleware
works out), an unknown path, a malformed request, a missing or repeated Host, or a packet
that is not exactly one short request's head (a pipelined or split request, whose
boundaries only uvicorn's parser keeps track of).

Request heads are bounded as nginx bounds them (`MAX_LINE` a line, `MAX_HEAD` in all): the
direct path takes none longer than a line, and `BoundedProtocol`, uvicorn's protocol with a
meter in front of its parser, answers a longer request line 414, a longer header line or
head 431, and closes the connection, so a client sending an endless header line costs a
few kilobytes; it answers 400 to an HTTP/1.1 request with no Host or several (RFC 9112
3.2), which uvicorn lets through.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.utils import get_remote_addr

from feeds import metrics, readers
from feeds.publishing.resource import Resource
from feeds.serving import web

log = logging.getLogger(__name__)

MAX_LINE = 8192  # bytes of the request line or of one header line (nginx's default)
MAX_HEAD = 32768  # bytes of a request's head in all (nginx's default)
LINGER_SECONDS = 2  # after a refusal, what the client still sends is read and dropped so
# long (nginx's lingering close), so that closing sends no reset that could beat the answer;
LINGER_BYTES = 65536  # but no more than this
_END = b"\r\n\r\n"
_ASGI_ONLY = {b"x-forwarded-for", b"forwarded", b"content-length", b"transfer-encoding",
              b"host"}  # Host: counted, and refused unless there is one, by BoundedProtocol


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
        self.hosts = 0

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
                or len(data) > MAX_LINE  # a long head: BoundedProtocol measures its lines
                or not data.startswith((b"GET /", b"HEAD /"))
                or data[line - 9:line] != b" HTTP/1.1"):
            self._hand_over(data)
            return
        self.head, self.url, self.headers = data.startswith(b"HEAD"), b"", []
        self.declined, self.hosts = False, 0
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
        successor = BoundedProtocol(**self.uvicorn_args)
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
            if name == b"host":
                self.hosts += 1
            else:
                self.declined = True
        self.headers.append((name, value))

    def on_headers_complete(self) -> None:
        """Decline all but a plain GET or HEAD (data_received saw the request line)."""
        url = self.url
        if (self.declined or self.hosts != 1 or b"?" in url or b"%" in url
                or not self.parser.should_keep_alive() or self.parser.should_upgrade()):
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


class BoundedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with request heads measured before its parser buffers
    them, and HTTP/1.1 requests without exactly one Host refused."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.meter = _HeadMeter()
        self.refusal = ""  # why on_headers_complete refused the request, for its 400
        self.refused = False  # a head over the limits was refused: the rest is dropped
        self.dropped = 0  # bytes dropped since

    def data_received(self, data: bytes) -> None:
        """Each head's bytes are measured, then parsed; a body (and whatever follows it in the
        same packet) goes to the parser as it is."""
        if self.refused:
            self.dropped += len(data)
            if self.dropped > LINGER_BYTES:
                self.transport.close()
            return
        start = 0
        while self.meter.reading and start < len(data):
            end, refused = self.meter.measure(data, start)
            if refused:
                self._refuse(*refused)
                return
            super().data_received(data[start:end] if start or end < len(data) else data)
            start = end
            if self.transport.is_closing():
                return
        if start < len(data):
            super().data_received(data[start:] if start else data)

    def on_headers_complete(self) -> None:
        if self.parser.get_http_version() == "1.1":
            hosts = sum(1 for name, _ in self.headers if name == b"host")
            if hosts != 1:  # the parser fails, and uvicorn answers 400 (send_400_response)
                self.refusal = f"an HTTP/1.1 request needs one Host header, not {hosts}"
                raise ValueError(self.refusal)
        super().on_headers_complete()

    def send_400_response(self, msg: str) -> None:
        super().send_400_response(self.refusal or msg)

    def on_message_complete(self) -> None:
        self.meter.start()  # the next request's head
        super().on_message_complete()

    def _refuse(self, status: int, reason: str) -> None:
        """Answer `status` (unless an earlier request is still being answered) and close,
        lingering."""
        self.refused = True
        if self.cycle is None or self.cycle.response_complete:
            body = f"{reason}\n".encode()
            head = [STATUS_LINE[status]]
            for name, value in self.server_state.default_headers:
                head += (name, b": ", value, b"\r\n")
            head.append(b"content-type: text/plain; charset=utf-8\r\ncontent-length: %d\r\n"
                        b"connection: close\r\n\r\n" % len(body))
            self.transport.write(b"".join(head) + body)
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER_SECONDS, self.transport.close)


class _HeadMeter:
    """Where the head of the request being read ends, and whether it keeps to the limits:
    lines end at LF (CRLF or a bare LF, as the parser reads them), an empty line ends the
    head, empty lines before the request line are skipped."""

    def __init__(self) -> None:
        self.start()

    def start(self) -> None:
        self.reading = True  # in a head (False: in a body, which the parser measures)
        self.size = self.line = self.lines = 0  # the head's bytes, its current line's, lines
        self.cr = False  # the bytes so far end in CR

    def measure(self, data: bytes, start: int) -> tuple[int, tuple[int, str] | None]:
        """Where this head ends in `data` (or its end), and (status, reason) if it is over a
        limit: `MAX_LINE` for a line, `MAX_HEAD` for the whole."""
        while True:
            lf = data.find(b"\n", start)
            end = len(data) if lf < 0 else lf + 1
            self.line += end - start
            self.size += end - start
            if self.line > MAX_LINE + 2:  # its CRLF not counted
                if self.lines == 0:
                    return end, (414, f"the request line is longer than {MAX_LINE} bytes")
                return end, (431, f"a header line is longer than {MAX_LINE} bytes")
            if self.size > MAX_HEAD:
                return end, (431, f"the request head is longer than {MAX_HEAD} bytes")
            if lf < 0:
                self.cr = end > start and data[end - 1] == 13
                return end, None
            empty = self.line == 1 or (self.line == 2 and (data[lf - 1] == 13 if lf > start
                                                            else self.cr))
            self.line, self.cr = 0, False
            if not empty:
                self.lines += 1
            elif self.lines:
                self.reading = False
                return end, None
            start = end


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
