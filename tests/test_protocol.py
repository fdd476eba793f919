"""`feeds.protocol`: a published document answered in uvicorn's parser callback is byte for
byte the answer of the ASGI path (but for the Date header), whatever the request asks; and
the requests it leaves to uvicorn (pipelined, HTTP/1.0, forwarded by a proxy) are answered
as before. Raw sockets against one real `newsfeed run`, so the bytes are the wire's.
"""

from __future__ import annotations

import re
import shutil
import socket

import pytest
from live import SEED, LiveService

pytestmark = pytest.mark.slow

PROXIED = b"X-Forwarded-For: 127.0.0.1\r\n"  # the ASGI path: uvicorn's proxy middleware
VARIANTS = [
    b"",
    b"Accept-Encoding: gzip\r\n",
    b"Accept-Encoding: br;q=1, gzip;q=0.5\r\n",
    b"If-None-Match: \"nothing-like-it\"\r\n",
    b"If-Modified-Since: Sat, 08 Jul 2023 00:00:00 GMT\r\n",
    b"Sec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nAccept-Encoding: gzip\r\n",
]


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("protocol")) as service:
        shutil.copyfile(SEED, service.inbox / SEED.name)
        service.wait_for("/feeds/news.json", lambda r: b"Rutte" in r.content)
        yield service


def exchange(svc: LiveService, data: bytes, answers: int = 1) -> list[bytes]:
    """Send `data` on one connection; the raw `answers` read back, bodies included."""
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        sock.sendall(data)
        buffer, out = b"", []
        while len(out) < answers:
            while b"\r\n\r\n" not in buffer:
                buffer += _read(sock)
            head, _, buffer = buffer.partition(b"\r\n\r\n")
            length = 0  # a 304, or an answer to HEAD
            if not head.startswith(b"HTTP/1.1 304") and not data.startswith(b"HEAD"):
                length = int(re.search(rb"(?im)^content-length: (\d+)", head)[1])
            while len(buffer) < length:
                buffer += _read(sock)
            out.append(head + b"\r\n\r\n" + buffer[:length])
            buffer = buffer[length:]
        return out


def _read(sock: socket.socket) -> bytes:
    data = sock.recv(65536)
    assert data, "the server closed the connection"
    return data


def undated(answer: bytes) -> bytes:
    return re.sub(rb"(?im)^date: [^\r\n]*\r\n", b"", answer)


def request(path: bytes, extra: bytes = b"", method: bytes = b"GET", version=b"1.1") -> bytes:
    return (b"%s %s HTTP/%s\r\nHost: 127.0.0.1\r\nUser-Agent: protocol-test\r\n%s\r\n"
            % (method, path, version, extra))


def direct_answers(svc: LiveService) -> float:
    text = svc.get("/metrics").text
    return float(re.search(r"(?m)^newsfeed_http_direct_answers_total (\S+)", text)[1])


def test_published_documents_are_answered_directly_and_proxied_requests_are_not(svc):
    before = direct_answers(svc)
    exchange(svc, request(b"/feeds/news.atom"))
    exchange(svc, request(b"/", b"Accept-Encoding: gzip\r\n", b"HEAD"))
    assert direct_answers(svc) == before + 2
    exchange(svc, request(b"/feeds/news.atom", PROXIED))
    exchange(svc, request(b"/feeds/news.atom?limit=1"))
    assert direct_answers(svc) == before + 2


@pytest.mark.parametrize("method", [b"GET", b"HEAD"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_the_direct_answer_is_the_asgi_answer(svc, method, variant):
    for path in (b"/feeds/news.atom", b"/feeds/news.json", b"/"):
        direct = exchange(svc, request(path, variant, method))[0]
        proxied = exchange(svc, request(path, variant + PROXIED, method))[0]
        assert undated(direct) == undated(proxied)
        assert direct.startswith((b"HTTP/1.1 200 OK\r\n", b"HTTP/1.1 304 Not Modified\r\n"))


def test_an_etag_from_a_first_answer_gets_a_304_on_the_same_connection(svc):
    first = exchange(svc, request(b"/feeds/news.atom"))[0]
    etag = re.search(rb"(?im)^etag: ([^\r\n]+)", first)[1]
    answers = exchange(svc, request(b"/feeds/news.atom", b"If-None-Match: " + etag + b"\r\n")
                       + request(b"/feeds/news.rss"), answers=2)  # pipelined
    assert answers[0].startswith(b"HTTP/1.1 304 Not Modified\r\n")
    assert answers[1].startswith(b"HTTP/1.1 200 OK\r\n") and answers[1].endswith(b"</rss>\n")


def test_requests_left_to_uvicorn_are_answered_as_before(svc):
    old = exchange(svc, request(b"/feeds/news.atom", version=b"1.0"))[0]
    assert old.startswith(b"HTTP/1.1 200 OK\r\n") and b"connection: close" in old.lower()
    query = exchange(svc, request(b"/feeds/news.atom?limit=1"))[0]
    assert query.startswith(b"HTTP/1.1 200 OK\r\n") and query.count(b"<entry>") == 1
    missing = exchange(svc, request(b"/feeds/nothing.atom"))[0]
    assert missing.startswith(b"HTTP/1.1 404 ")
