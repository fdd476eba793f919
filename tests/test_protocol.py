"""`feeds.serving.protocol`: a published document answered by our own protocol is byte for byte the
answer of the ASGI path (but for the Date header), whatever the request asks; the requests
it hands to uvicorn (pipelined, split, HTTP/1.0, forwarded by a proxy, malformed) are
answered as before, on the same connection; bodies sent from memory files arrive whole to
slow readers, clients leaving mid-answer harm nothing, idle connections are closed, and the
memory files go with the documents. Raw sockets against real `newsfeed run` processes, so
the bytes are the wire's.
"""

from __future__ import annotations

import contextlib
import os
import random
import re
import socket
import struct
import time
from pathlib import Path

import pytest
from live import LiveService

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
        yield service.drop_seed()


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


def test_a_connection_handed_to_uvicorn_stays_served(svc):
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        for data in (request(b"/feeds/news.atom"),  # direct
                     request(b"/feeds/news.atom?limit=1"),  # uvicorn's from here on
                     request(b"/feeds/news.atom")):
            sock.sendall(data)
            answer = read_answer(sock)
            assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"</feed>\n")


def test_a_request_split_across_packets_is_answered(svc):
    whole = exchange(svc, request(b"/feeds/news.atom"))[0]
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        data = request(b"/feeds/news.atom")
        sock.sendall(data[:20])
        time.sleep(0.2)
        sock.sendall(data[20:])
        assert undated(read_answer(sock)) == undated(whole)


def test_a_malformed_request_gets_400_and_the_service_goes_on(svc):
    answer = exchange(svc, b"GET /feeds/news.atom HTTP/1.1\r\nBad Header\r\n\r\n")[0]
    assert answer.startswith(b"HTTP/1.1 400 ")
    assert svc.get("/feeds/news.atom").status_code == 200


def test_an_idle_connection_is_closed_after_the_keep_alive_timeout(svc):
    with socket.create_connection(("127.0.0.1", svc.port), timeout=10) as sock:
        sock.sendall(request(b"/feeds/news.atom"))
        read_answer(sock)
        started = time.monotonic()
        assert sock.recv(1) == b""  # closed by the server, not timed out here
        # Not before uvicorn's keep-alive timeout (5 s); the upper bound is liveness only.
        assert 4 < time.monotonic() - started < 60


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """A service whose feed is far bigger than a socket's buffers, gzipped or not: 40 long
    stories of random words."""
    rng = random.Random(5)
    with LiveService(tmp_path_factory.mktemp("protocol-big")) as service:
        for n in range(40):
            text = " ".join(rng.randbytes(5).hex() for _ in range(600))
            (service.inbox / f"long-{n}.md").write_text(
                f"---\ntitle: Long story {n}\ndate: 2024-05-01T10:{n:02d}:00Z\n---\n{text}\n",
                encoding="utf-8")
        service.wait_for("/feeds/news.atom", lambda r: r.content.count(b"<entry>") == 40, 30)
        yield service


def published(service: LiveService, name: str) -> bytes:
    return (service.output / "feeds" / name).read_bytes()


@pytest.mark.parametrize(("coding", "file"), [(b"", "news.atom"), (b"gzip", "news.atom.gz")])
def test_a_slow_reader_gets_every_byte_of_a_big_document(big, coding, file):
    expected = published(big, file)
    assert len(expected) > 100_000
    with socket.socket() as sock:
        # Small segments and a small window: the server's socket takes only part of the body
        # at once (its buffer is sized from the segment size), the rest waits in the transport.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1000)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(10)
        sock.connect(("127.0.0.1", big.port))
        extra = b"Accept-Encoding: %s\r\n" % coding if coding else b""
        for _ in range(2):  # the second on a connection whose last answer went out slowly
            sock.sendall(request(b"/feeds/news.atom", extra))
            time.sleep(0.3)
            answer = read_answer(sock)
            assert answer.endswith(b"\r\n\r\n" + expected)


def test_clients_leaving_mid_answer_harm_nothing(big):
    for _ in range(20):
        with socket.socket() as sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_MAXSEG, 1000)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.connect(("127.0.0.1", big.port))
            sock.sendall(request(b"/feeds/news.atom"))
            sock.recv(100)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # closed with a reset, the rest of the answer unsent
    assert big.get("/feeds/news.atom").content == published(big, "news.atom")
    assert "Traceback" not in big.log()


def memory_files(service: LiveService) -> int:
    count = 0
    for fd in Path(f"/proc/{service.proc.pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            count += "memfd:newsfeed-body" in os.readlink(fd)
    return count


@pytest.mark.skipif(not hasattr(os, "memfd_create"), reason="no memory files on this system")
def test_memory_files_go_with_the_documents_they_hold(tmp_path):
    with LiveService(tmp_path) as service:
        for n in range(6):
            (service.inbox / f"story-{n}.md").write_text(
                f"---\ntitle: Story {n}\ndate: 2024-05-0{n + 1}\n---\nText {n}.\n")
            service.wait_for("/feeds/news.atom", lambda r, n=n: b"Story %d<" % n in r.content)
            for coding in (b"", b"gzip"):
                exchange(service, request(b"/feeds/news.atom", b"Accept-Encoding: %s\r\n" % coding))
            # The bodies just sent (identity and gzip; brotli too if httpx asked for it),
            # none of an older document.
            assert 2 <= memory_files(service) <= 3


def read_answer(sock: socket.socket) -> bytes:
    """One whole answer (with a body unless it is a 304) from `sock`."""
    buffer = b""
    while b"\r\n\r\n" not in buffer:
        buffer += _read(sock)
    head, _, body = buffer.partition(b"\r\n\r\n")
    length = 0 if head.startswith(b"HTTP/1.1 304") else int(
        re.search(rb"(?im)^content-length: (\d+)", head)[1])
    while len(body) < length:
        body += _read(sock)
    assert len(body) == length, "more than one answer's bytes"
    return head + b"\r\n\r\n" + body


def test_a_stop_closes_idle_connections_and_exits_cleanly(tmp_path):
    service = LiveService(tmp_path).start()
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        sock.sendall(request(b"/feeds/news.atom"))
        read_answer(sock)  # answered directly; the connection now idles
        started = time.monotonic()
        assert service.stop() == 0
        assert time.monotonic() - started < 4  # not waiting for the keep-alive timeout
        assert sock.recv(1) == b""
    assert "stopped cleanly" in service.log()
