"""The article as every part of newsfeed sees it, and the one error a parser raises."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class Rejected(Exception):
    """Input that cannot become an article; the message is one sentence for a person."""


@dataclass(frozen=True)
class Enclosure:
    url: str
    type: str
    length: int = 0


@dataclass(frozen=True)
class Image:
    """A story's lead image, with what its page says of it (0 or "" where it says nothing).

    `length` is its size in bytes; only an image whose length is known is published as an
    enclosure, since RSS requires one."""

    url: str
    width: int = 0
    height: int = 0
    type: str = ""  # media type, e.g. "image/jpeg"
    length: int = 0
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class Correction:
    """A note published with an update of a story, and when it was made."""

    note: str
    at: datetime


@dataclass(frozen=True)
class Takedown:
    """A story taken down (`newsfeed delete`): what Atom's RFC 6721 tombstone and the 410
    page at its URL say of it."""

    id: str
    slug: str
    title: str
    deleted: datetime
    reason: str = ""


@dataclass(frozen=True)
class Article:
    """One story. Parsers fill what they read; the store fixes `id` and `slug` at first ingest.

    `published` is the story's own date, never the ingest time. `updated` is None from a
    parser that found no explicit one; the store then keeps it equal to `published` for a
    new story and moves it to the time of change when a story is edited.
    """

    title: str
    content_html: str
    published: datetime
    summary: str = ""
    updated: datetime | None = None
    id: str = ""
    slug: str = ""
    authors: tuple[str, ...] = ()
    source: str = ""  # the outlet that published it, e.g. "News.Az"
    source_url: str = ""
    cites: tuple[str, ...] = ()  # outlets it credits, e.g. ("Sky News",)
    link: str = ""  # the original's own URL, if known
    tags: tuple[str, ...] = ()
    language: str = ""
    enclosures: tuple[Enclosure, ...] = ()
    source_id: str = ""  # the upstream feed's own id, for entries that came from one
    origin: str = ""  # where it came from: a file name, or an upstream source's name
    image: Image | None = None  # the lead image
    # Every correction note of its life, oldest first; a parser gives the new one, if any.
    corrections: tuple[Correction, ...] = ()
    # How `published` was found: "stated" (in the file or entry), "dateline", "guessed" (a
    # saved page's text read by htmldate: stated nowhere), "file time" (the file's mtime: no
    # date in it), "first seen" (an undated upstream entry); "" unknown.
    date_from: str = ""
    embargo: bool = False  # a `published` date far ahead is meant (not stored)

    def __post_init__(self):
        for name in ("published", "updated"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"Article.{name} must carry a time zone")
