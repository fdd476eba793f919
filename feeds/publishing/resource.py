"""A published document with every answer to it worked out in advance.

The web app's hot path picks one of `Resource.answers` by the request's encoding,
validators and Fetch Metadata; nothing is compressed or hashed per request.
"""

from __future__ import annotations

import os
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

import brotli

from feeds.publishing.files import digest, gzip_bytes
from feeds.rendering import pages

CONTENT_TYPES = {
    "atom": b"application/atom+xml; charset=utf-8",
    "rss": b"application/rss+xml; charset=utf-8",
    "json": b"application/feed+json; charset=utf-8",
    "html": b"text/html; charset=utf-8",
}


CODINGS = [  # (Content-Encoding, ETag suffix, encoder); the index is the `coding` of a key
    (b"", "", lambda data: data),
    (b"gzip", "-gz", gzip_bytes),
    (b"br", "-br", lambda data: brotli.compress(data, quality=9)),  # 11: 14x the time, -8%
]


@dataclass(frozen=True)
class Resource:
    """One published document, with the answers to every request for it worked out once.

    `answers[coding, not_modified]` is (status, headers, body) serving the document, coding
    0 identity, 1 gzip, 2 brotli (so `(gzip, not_modified)` keys still hold);
    `answers[coding, not_modified, True]` serves a browser navigating to it: a feed's HTML
    view (`pages.feed_view`), or the document itself when it has none. Identity and gzip
    are made with the resource (the gzip body is also a file beside the document); brotli
    and the view on the first request that wants them, then kept (see `Answers`).
    """

    body: bytes
    etag: bytes  # strong, quoted, from the identity bytes; the gzip body's adds "-gz"
    last_modified: bytes  # HTTP date of the document's own updated time
    modified_at: float  # the same as a timestamp, for If-Modified-Since comparisons
    answers: Answers

    @classmethod
    def make(cls, body: bytes, content_type: bytes, modified: datetime, max_age: int, *,
             gzipped: bytes | None = None, digested: str | None = None,
             private: bool = False) -> Resource:
        """`gzipped` and `digested`: the body's gzip and digest, when made already;
        `private`: a members-only document, for no shared cache and no other site's page."""
        last_modified = format_datetime(modified.astimezone(UTC), usegmt=True).encode()
        answers = Answers(body, content_type, last_modified, max_age, private)
        if gzipped is not None and digested is not None:
            answers.made(gzipped, digested)
        for coding in (0, 1):
            answers.add(coding)
        etag = answers[0, True][1][0][1]
        return cls(body, etag, last_modified, modified.timestamp(), answers)


class Answers(dict):
    """The answers of one resource by key (see `Resource`), each made once, when first
    asked for. Two threads asking at once may both make one; they make the same."""

    def __init__(self, body: bytes, content_type: bytes, last_modified: bytes, max_age: int,
                 private: bool = False):
        super().__init__()
        self._body, self._content_type = body, content_type
        self._common = [
            (b"last-modified", last_modified),
            (b"cache-control",
             f"{'private' if private else 'public'}, max-age={max_age}".encode()),
            (b"vary", b"Accept-Encoding" if content_type not in _VIEWED
             else b"Sec-Fetch-Dest, Accept-Encoding"),
        ]
        if content_type in _SHARED and not private:  # web-based readers fetch them
            self._common.append((b"access-control-allow-origin", b"*"))
        self._view: bytes | None = None
        self._digests: dict[bool, str] = {}  # view or not -> digest of its identity bytes
        self._files: dict[int, int] = {}  # id of a body -> its memory file
        self._gzipped: bytes | None = None  # made already (`made`)

    def made(self, gzipped: bytes, digested: str) -> None:
        """The document's gzip and digest, made elsewhere (`feeds.publishing.output`)."""
        self._gzipped, self._digests[False] = gzipped, digested

    def file(self, body: bytes) -> int | None:
        """A memory file (memfd) holding `body`, the body of one of these answers, for
        sendfile(2): made on first use, closed with the answers; None where the system has
        no memfds. Called from the event loop's thread only."""
        fd = self._files.get(id(body))
        if fd is None and _MEMFD:
            fd = os.memfd_create("newsfeed-body", os.MFD_CLOEXEC)
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view):]
            if not self._files:
                weakref.finalize(self, _close, self._files)
            self._files[id(body)] = fd
        return fd

    def __missing__(self, key: tuple) -> tuple[int, list, bytes]:
        coding, _, *view = key
        if not view:
            self.add(coding)
        elif self._content_type in _VIEWED and self._viewed() is not None:
            self.add(coding, view=True)
        else:  # no view: a browser gets the document
            for not_modified in (True, False):
                self[coding, not_modified, True] = self[coding, not_modified]
        return self[key]

    def add(self, coding: int, *, view: bool = False) -> None:
        """Make the 200 and 304 answers in one coding, of the document or its view."""
        name, suffix, encode = CODINGS[coding]
        document = self._viewed() if view else self._body
        hashed = self._digests.get(view)
        if hashed is None:  # one digest a representation, whatever its codings
            hashed = self._digests[view] = digest(document)
        if coding == 1 and not view and self._gzipped is not None:
            data, self._gzipped = self._gzipped, None
        else:
            data = encode(document)
        headers = [(b"etag", f'"{hashed}{suffix}"'.encode()), *self._common]
        full = [
            *headers,
            (b"content-type", CONTENT_TYPES["html"] if view else self._content_type),
            (b"content-length", str(len(data)).encode()),
            *([(b"content-encoding", name)] if name else []),
        ]
        key = (True,) if view else ()
        self[(coding, True, *key)] = (304, headers, b"")
        self[(coding, False, *key)] = (200, full, data)

    def _viewed(self) -> bytes | None:
        if self._view is None:
            self._view = pages.feed_view(self._body, self._content_type) or b""
        return self._view or None


_VIEWED = {CONTENT_TYPES[fmt] for fmt in ("atom", "rss", "json")}  # documents with a view
_SHARED = {*_VIEWED, b"text/x-opml; charset=utf-8"}  # any site's scripts may read them
_MEMFD = hasattr(os, "memfd_create") and hasattr(os, "sendfile")


def _close(files: dict[int, int]) -> None:
    for fd in files.values():
        os.close(fd)
