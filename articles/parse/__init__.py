"""Turning a dropped file's bytes into articles: one module per format, chosen by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import PurePath

from articles.encoding import decode, html_charset, normalize_newlines
from articles.model import Article, Rejected
from articles.parse import html_page, json_file, markdown_file, newswire
from articles.parse.context import Context

__all__ = ["SUFFIXES", "Context", "parse"]

_PARSERS: dict[str, Callable[[str, Context], list[Article]]] = {
    ".txt": newswire.parse,
    ".md": markdown_file.parse,
    ".markdown": markdown_file.parse,
    ".html": html_page.parse,
    ".htm": html_page.parse,
    ".json": json_file.parse,
}
SUFFIXES = frozenset(_PARSERS)
# A `published` date further ahead than this is taken for a typo unless it says `embargo`.
EMBARGO_LIMIT = timedelta(days=366)
CLOCK_SKEW = timedelta(minutes=1)  # an `updated` date this far ahead is the sender's clock


def parse(name: str, data: bytes, context: Context) -> list[Article]:
    """The articles in one file's bytes, or `Rejected` with a reason a person understands."""
    parser = _PARSERS.get(PurePath(name).suffix.lower())
    if parser is None:
        kinds = ", ".join(sorted(SUFFIXES))
        raise Rejected(f"its type is not one newsfeed reads (expected one of {kinds})")
    if not data.strip():
        raise Rejected("it is empty")
    declared = html_charset(data) if parser is html_page.parse else None
    text = normalize_newlines(decode(data, declared))
    if not text.strip():
        raise Rejected("it has no text")
    found = parser(text, context)
    now = datetime.now(UTC)
    for article in found:
        _check_dates(article, now)
    return found


def _check_dates(article: Article, now: datetime) -> None:
    """Only `published` may be in the future (an embargo: the story goes out then), and
    not by more than a year unless the story says `embargo: true`."""
    if article.updated is not None and article.updated > now + CLOCK_SKEW:
        raise Rejected(f"its updated date {article.updated.isoformat()} is in the future (only "
                       "its date may be, to publish it then)")
    if article.published > now + EMBARGO_LIMIT and not article.embargo:
        raise Rejected(f"its date {article.published.isoformat()} is more than a year ahead; "
                       "if that is meant, say 'embargo: true'")
