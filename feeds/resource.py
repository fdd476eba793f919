"""A published document with every answer to it worked out in advance.

The web app's hot path picks one of `Resource.answers` by the request's encoding,
validators and Fetch Metadata; nothing is compressed or hashed per request.
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime

import brotli

from feeds import pages

CONTENT_TYPES = {
    "atom": b"application/atom+xml; charset=utf-8",
    "rss": b"application/rss+xml; charset=utf-8",
    "json": b"application/feed+json; charset=utf-8",
    "html": b"text/html; charset=utf-8",
}


def gzip_bytes(data: bytes) -> bytes:
    """gzip that gives the same bytes for the same data (no timestamp), as files and ETags need."""
    return gzip.compress(data, compresslevel=9, mtime=0)


@dataclass(frozen=True)
class Resource:
    """One published document, with the answers to every request for it worked out in advance.

    `answers[(gzip, not_modified)]` is (status, headers, body) for that request.
    """

    body: bytes
    etag: bytes  # strong, quoted, from the identity bytes; the gzip body's adds "-gz"
    last_modified: bytes  # HTTP date of the document's own updated time
    modified_at: float  # the same as a timestamp, for If-Modified-Since comparisons
    answers: dict[tuple[bool, bool], tuple[int, list, bytes]]

    @classmethod
    def make(cls, body: bytes, content_type: bytes, modified: datetime, max_age: int) -> Resource:
        """Every answer in advance, each answer's ETag its first header.

        `answers[coding, not_modified]` serves the document, coding 0 identity, 1 gzip,
        2 brotli (so `(gzip, not_modified)` keys still hold); `answers[coding, not_modified,
        True]` serves a browser navigating to it: a feed's HTML view (`pages.feed_view`),
        or the document itself when it has none.
        """
        last_modified = format_datetime(modified.astimezone(UTC), usegmt=True).encode()
        view = pages.feed_view(body, content_type)
        common = [
            (b"last-modified", last_modified),
            (b"cache-control", f"public, max-age={max_age}".encode()),
            (b"vary", b"Accept-Encoding" if view is None else b"Sec-Fetch-Dest, Accept-Encoding"),
        ]
        codings = [
            (b"", "", lambda data: data),
            (b"gzip", "-gz", gzip_bytes),
            (b"br", "-br", lambda data: brotli.compress(data, quality=9)),  # 11: 14x the time, -8%
        ]
        representations = [((), content_type, body)]
        if view is not None:
            representations.append(((True,), CONTENT_TYPES["html"], view))
        answers = {}
        for key, media_type, document in representations:
            digest = hashlib.sha256(document).hexdigest()[:32]
            for coding, (name, suffix, encode) in enumerate(codings):
                data = encode(document)
                headers = [(b"etag", f'"{digest}{suffix}"'.encode()), *common]
                answers[(coding, True, *key)] = (304, headers, b"")
                headers = [
                    *headers,
                    (b"content-type", media_type),
                    (b"content-length", str(len(data)).encode()),
                    *([(b"content-encoding", name)] if name else []),
                ]
                answers[(coding, False, *key)] = (200, headers, data)
        if view is None:
            answers |= {(*key, True): answer for key, answer in answers.items()}
        etag = answers[0, True][1][0][1]
        return cls(body, etag, last_modified, modified.timestamp(), answers)

    @property
    def gzip_body(self) -> bytes:
        return self.answers[True, False][2]
