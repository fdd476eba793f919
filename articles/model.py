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

    def __post_init__(self):
        for name in ("published", "updated"):
            value = getattr(self, name)
            if value is not None and value.utcoffset() is None:
                raise ValueError(f"Article.{name} must carry a time zone")
