"""Fetching an upstream feed over HTTP without trusting it.

`fetch()` makes one conditional GET (ETag, Last-Modified) and follows redirects itself,
so every hop is checked: only http and https, and (unless `allow_private`) never to a
loopback, private, link-local or otherwise non-public address. The check runs on the
address actually connected to, so DNS answering differently the second time changes
nothing. The body is read as a stream and dropped once it passes `max_bytes` (counted
after gzip, so a compressed bomb stops too), and the whole fetch has a deadline.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

USER_AGENT = "newsfeed/0.1 (feed follower)"
ACCEPT = (
    "application/atom+xml, application/rss+xml, application/rdf+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_PERMANENT = {301, 308}
_SSL = httpx.create_ssl_context()


class FetchError(Exception):
    """A fetch that produced no answer worth reading; the message is one sentence."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10_000_000
    timeout: float = 30.0  # connect and read timeout, and the deadline of the whole fetch
    allow_private: bool = False


@dataclass(frozen=True)
class Response:
    status: int
    url: str  # where the answer came from, after redirects
    body: bytes
    headers: httpx.Headers
    moved_to: str = ""  # the new URL, if every redirect on the way was permanent

    @property
    def etag(self) -> str:
        return self.headers.get("etag", "")

    @property
    def last_modified(self) -> str:
        return self.headers.get("last-modified", "")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    def retry_after(self, now: datetime) -> float | None:
        """Seconds the server asked us to wait (Retry-After as seconds or as a date)."""
        value = self.headers.get("retry-after", "").strip()
        if value.isdigit():
            return float(value)
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        return max(0.0, (when - now).total_seconds())


def fetch(url: str, *, etag: str = "", last_modified: str = "", limits: Limits = Limits(),
          user_agent: str = USER_AGENT) -> Response:
    """GET `url` conditionally; the final answer of any status, or `FetchError`."""
    headers = {"User-Agent": user_agent, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + limits.timeout
    start, permanent = url, True
    with httpx.Client(transport=_Transport(limits.allow_private), timeout=limits.timeout,
                      follow_redirects=False, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            _check_scheme(url)
            try:
                with client.stream("GET", url, headers=headers) as answer:
                    location = answer.headers.get("location")
                    if answer.status_code in _REDIRECTS and location:
                        permanent = permanent and answer.status_code in _PERMANENT
                        url = urljoin(url, location.strip())
                        continue
                    body = _read(answer, limits, deadline)
            except httpx.TimeoutException:
                raise FetchError(f"{url} did not answer within {limits.timeout:g} seconds "
                                 "(timeout_seconds)") from None
            except httpx.HTTPError as exc:
                reason = str(exc) or type(exc).__name__
                raise FetchError(f"{url} could not be fetched: {reason}") from None
            moved = url if permanent and url != start else ""
            return Response(answer.status_code, url, body, answer.headers, moved)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url!r} is not an http or https URL; newsfeed fetches no other kind")


def _read(answer: httpx.Response, limits: Limits, deadline: float) -> bytes:
    declared = answer.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{answer.url} is {int(declared):,} bytes, over the limit of "
                         f"{limits.max_bytes:,} (max_bytes)")
    chunks, size = [], 0
    for chunk in answer.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise FetchError(f"{answer.url} sent more than {limits.max_bytes:,} bytes (max_bytes)")
        if time.monotonic() > deadline:
            raise FetchError(f"{answer.url} took longer than {limits.timeout:g} seconds to send "
                             "its feed (timeout_seconds)")
        chunks.append(chunk)
    return b"".join(chunks)


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not loopback, private, link-local…)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


class _GuardedBackend(httpcore.SyncBackend):
    """Connects only to public addresses, checking each address it actually connects to."""

    def __init__(self, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}: {exc}") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
        if not self.allow_private and not all(is_public(a) for a in addresses):
            verb = "is" if addresses == [host] else "resolves to"
            raise FetchError(f"{host} {verb} a loopback or private address, which newsfeed "
                             "does not fetch unless the source sets allow_private = true")
        error: Exception = httpcore.ConnectError(f"no address for {host}")
        for address in addresses:
            try:
                return super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
        raise error


class _Transport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses `_GuardedBackend`."""

    def __init__(self, allow_private: bool):
        super().__init__(verify=_SSL, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_SSL, network_backend=_GuardedBackend(allow_private)
        )
