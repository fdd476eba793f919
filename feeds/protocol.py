"""uvicorn's HTTP protocol, answering a GET or HEAD of a published document itself.

For every request uvicorn's httptools protocol builds a scope, an event, a task and a chain
of coroutines; a published document's answers are bytes worked out in advance
(`feeds.resource`), so for those requests that machinery is most of the cost.
`FeedProtocol` answers them in the parser's callback with the bytes and headers the ASGI
path gives (`web.choose`; tests/test_protocol.py compares the two byte for byte) and hands
every other request to uvicorn unchanged: a query string, a body, an upgrade, HTTP/1.0 or
`Connection: close`, a request pipelined behind another, a client not reading, or a
proxy's forwarding headers (whose client address uvicorn's middleware works out).
"""

from __future__ import annotations

from types import SimpleNamespace

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from feeds import metrics, readers, web

_ASGI_ONLY = {b"x-forwarded-for", b"forwarded", b"content-length", b"transfer-encoding"}


# What `FeedProtocol` leaves as uvicorn's current request cycle: complete, with nothing
# waiting on its event.
_ANSWERED = SimpleNamespace(response_complete=True, message_event=SimpleNamespace(
    set=lambda: None))


def protocol(app: web.App) -> type[HttpToolsProtocol]:
    """The protocol class to give uvicorn (`Config(http=…)`) for serving `app`."""
    return type("FeedProtocol", (FeedProtocol,), {"feed_app": app})


class FeedProtocol(HttpToolsProtocol):
    feed_app: web.App

    def on_message_begin(self) -> None:
        """The request's state; uvicorn's scope only once it is needed (`_scope`)."""
        self.url, self.headers, self.expect_100_continue = b"", [], False

    def on_headers_complete(self) -> None:
        if not self._answered():
            self._scope()
            super().on_headers_complete()

    def _scope(self) -> None:
        """uvicorn's scope of this request, as its own `on_message_begin` makes it."""
        url, headers, expect = self.url, self.headers, self.expect_100_continue
        super().on_message_begin()  # resets the url and headers read since: put them back
        self.url, self.headers, self.expect_100_continue = url, headers, expect
        self.scope["headers"] = headers

    def _answered(self) -> bool:
        """Whether the request was a published document's, and is answered."""
        method = self.parser.get_method()
        if (method not in (b"GET", b"HEAD") or self.pipeline or self.flow.write_paused
                or (self.cycle is not None and not self.cycle.response_complete)
                or self.parser.get_http_version() != "1.1"
                or not self.parser.should_keep_alive() or self.parser.should_upgrade()
                or not self.url.startswith(b"/") or b"?" in self.url or b"%" in self.url):
            return False
        path = self.url.decode("ascii", "replace")
        resource = self.feed_app.publisher.resources.get(path)
        if resource is None or any(name in _ASGI_ONLY for name, _ in self.headers):
            return False
        status, headers, body = web.choose(resource, self.headers)
        if method == b"HEAD":
            body = b""
        lines = [STATUS_LINE[status]]
        for name, value in (*self.server_state.default_headers, *headers):
            lines += (name, b": ", value, b"\r\n")
        lines += (b"\r\n", body)
        self.transport.write(b"".join(lines))
        if path.startswith("/feeds/"):
            readers.TALLY.hit({"path": path, "headers": self.headers, "client": self.client},
                              status, len(body))
        metrics.DIRECT_ANSWERS.inc()
        self.cycle = _ANSWERED  # uvicorn's body and completion callbacks see it complete
        self.on_response_complete()
        return True
