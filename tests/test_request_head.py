"""Request heads, bounded as nginx bounds them, over raw sockets to the real `newsfeed run`:
a request line over 8 KB gets 414, a header line over 8 KB or a head over 32 KB gets 431,
then the connection closes; an endless header line costs the process nothing; an HTTP/1.1
request without exactly one Host gets 400 (RFC 9112 3.2); pipelining, the refusal of
smuggling attempts (Content-Length with Transfer-Encoding), of bare LF and of obs-fold are
as before. On the direct path (feeds/serving/protocol.py) and on uvicorn's, which a connection
takes once it sent anything the direct path leaves (here: a query string).
"""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest
from live import LiveService

pytestmark = pytest.mark.slow

FEED = b"/feeds/news.atom"
ASGI = b"/healthz"  # always answered by uvicorn's protocol
PATHS = [FEED, ASGI]
HOST = b"Host: 127.0.0.1\r\n"


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("heads")) as service:
        yield service.drop_seed()


def answers(svc: LiveService, data: bytes, *, warm_up: bool = False) -> list[bytes]:
    """Send `data` on a new connection (after a first request that hands it to uvicorn, if
    `warm_up`), read until the server closes or goes quiet; the status lines it sent."""
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        if warm_up:
            sock.sendall(b"GET /feeds/news.atom?warm=1 HTTP/1.1\r\n" + HOST + b"\r\n")
            assert read_until_quiet(sock).startswith(b"HTTP/1.1 200 OK\r\n")
        sock.sendall(data)
        received = read_until_quiet(sock)
    return re.findall(rb"HTTP/1\.1 \d\d\d [^\r\n]*|<closed>", received)


def read_until_quiet(sock: socket.socket, quiet: float = 1.0) -> bytes:
    sock.settimeout(quiet)
    received = b""
    while True:
        try:
            data = sock.recv(65536)
        except TimeoutError:
            return received
        if not data:
            return received + b"<closed>"
        received += data


def get(path: bytes, headers: bytes = HOST, version: bytes = b"1.1") -> bytes:
    return b"GET %s HTTP/%s\r\n%s\r\n" % (path, version, headers)


@pytest.mark.parametrize("warm_up", [False, True], ids=["first request", "on uvicorn's path"])
@pytest.mark.parametrize("path", PATHS)
def test_request_heads_within_the_limits_are_answered(svc, path, warm_up):
    """Lines of up to 8 KB and heads of up to 32 KB are fine, as with nginx."""
    long_line = b"X-Long: " + b"a" * (8192 - 8) + b"\r\n"
    many = b"".join(b"X-Many-%d: %s\r\n" % (i, b"b" * 1000) for i in range(30))  # 30 KB
    for headers in (HOST, HOST + long_line, HOST + many):
        assert answers(svc, get(path, headers), warm_up=warm_up) == [b"HTTP/1.1 200 OK"]


@pytest.mark.parametrize("warm_up", [False, True], ids=["first request", "on uvicorn's path"])
@pytest.mark.parametrize("path", PATHS)
def test_over_the_limits_is_414_or_431_and_the_connection_closes(svc, path, warm_up):
    long_url = path + b"?" + b"q" * 8200
    assert answers(svc, get(long_url), warm_up=warm_up) == [
        b"HTTP/1.1 414 Request-URI Too Long", b"<closed>"]
    long_line = b"X-Long: " + b"a" * 8200 + b"\r\n"
    assert answers(svc, get(path, HOST + long_line), warm_up=warm_up) == [
        b"HTTP/1.1 431 Request Header Fields Too Large", b"<closed>"]
    many = b"".join(b"X-Many-%d: %s\r\n" % (i, b"b" * 1000) for i in range(34))  # 34 KB
    assert answers(svc, get(path, HOST + many), warm_up=warm_up) == [
        b"HTTP/1.1 431 Request Header Fields Too Large", b"<closed>"]


def rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])


@pytest.mark.parametrize("warm_up", [False, True], ids=["first request", "on uvicorn's path"])
def test_an_endless_header_line_is_cut_off_and_costs_nothing(svc, warm_up):
    """A client sending one header line without end (up to 50 MB) is answered 431 and cut
    off; the process does not grow by what it sent."""
    before = rss_kib(svc.proc.pid)
    sent, chunk = 0, b"a" * 65536
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        if warm_up:
            sock.sendall(b"GET /feeds/news.atom?warm=1 HTTP/1.1\r\n" + HOST + b"\r\n")
            assert read_until_quiet(sock).startswith(b"HTTP/1.1 200 OK\r\n")
        sock.sendall(b"GET /feeds/news.atom HTTP/1.1\r\n" + HOST + b"X-Endless: ")
        started = time.monotonic()
        try:
            while sent < 50 * 2**20:
                sent += sock.send(chunk)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass
        assert sent < 50 * 2**20, "the server read 50 MB of one header line"
        assert time.monotonic() - started < 30
    assert rss_kib(svc.proc.pid) - before < 8 * 1024


@pytest.mark.parametrize("warm_up", [False, True], ids=["first request", "on uvicorn's path"])
@pytest.mark.parametrize("path", PATHS)
def test_http_1_1_without_exactly_one_host_is_400(svc, path, warm_up):
    assert answers(svc, get(path, b""), warm_up=warm_up) == [
        b"HTTP/1.1 400 Bad Request", b"<closed>"]
    assert answers(svc, get(path, HOST + b"Host: example.org\r\n"), warm_up=warm_up) == [
        b"HTTP/1.1 400 Bad Request", b"<closed>"]
    # HTTP/1.0 has no Host requirement.
    assert answers(svc, get(path, b"", version=b"1.0"), warm_up=warm_up) == [
        b"HTTP/1.1 200 OK", b"<closed>"]


@pytest.mark.parametrize("warm_up", [False, True], ids=["first request", "on uvicorn's path"])
def test_pipelining_smuggling_bare_lf_and_obs_fold_are_as_before(svc, warm_up):
    pipelined = get(FEED) + get(ASGI) + get(FEED + b"?again=1")
    assert answers(svc, pipelined, warm_up=warm_up) == [b"HTTP/1.1 200 OK"] * 3
    body = b'{"title": "x"}'
    after_a_body = (b"POST /api/articles HTTP/1.1\r\n" + HOST
                    + b"Content-Length: %d\r\n\r\n%s" % (len(body), body) + get(ASGI))
    assert answers(svc, after_a_body, warm_up=warm_up) == [b"HTTP/1.1 404 Not Found",
                                                           b"HTTP/1.1 200 OK"]
    smuggled = (b"POST /api/articles HTTP/1.1\r\n" + HOST + b"Content-Length: 4\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + get(ASGI))
    bare_lf = b"GET /feeds/news.atom HTTP/1.1\nHost: 127.0.0.1\n\n"
    obs_fold = b"GET /feeds/news.atom HTTP/1.1\r\n" + HOST + b"X-Folded: a\r\n b\r\n\r\n"
    for data in (smuggled, bare_lf, obs_fold):
        assert answers(svc, data, warm_up=warm_up) == [b"HTTP/1.1 400 Bad Request", b"<closed>"]
