"""Turning a dropped file's bytes into articles: one module per format, chosen by file suffix.

A format's module is imported when a file of it comes (or `load` is asked for it): a backlog
of Markdown never waits for the libraries that read web pages.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import PurePath

from articles.encoding import decode, html_charset, normalize_newlines
from articles.model import Article, Rejected
from articles.parse.context import Context

__all__ = ["HEAD", "SUFFIXES", "WHOLE_PAGE_ALLOWANCE", "Context", "load", "parse", "size_limit"]

_MODULES = {  # suffix -> the module in articles.parse whose `parse` reads it
    ".txt": "newswire.reader",
    ".md": "markdown_file",
    ".markdown": "markdown_file",
    ".html": "html_page",
    ".htm": "html_page",
    ".json": "json_file",
    ".mhtml": "saved_page",
    ".mht": "saved_page",
    ".webarchive": "saved_page",
}
SUFFIXES = frozenset(_MODULES)
# A page saved in one file carries its pictures: it may be this many times `inbox.max_bytes`.
WHOLE_PAGE_ALLOWANCE = 4
# A `published` date further ahead than this is taken for a typo unless it says `embargo`.
EMBARGO_LIMIT = timedelta(days=366)
CLOCK_SKEW = timedelta(minutes=1)  # an `updated` date this far ahead is the sender's clock


def parse(name: str, data: bytes, context: Context) -> list[Article]:
    """The articles in one file's bytes, or `Rejected` with a reason a person understands."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in _MODULES:
        kinds = ", ".join(sorted(SUFFIXES))
        raise Rejected(f"its type is not one newsfeed reads (expected one of {kinds})")
    module = importlib.import_module(f"articles.parse.{_MODULES[suffix]}")
    if not data.strip():
        raise Rejected("it is empty")
    if hasattr(module, "parse_bytes"):  # a container: it decodes what it holds
        found = module.parse_bytes(data, context)
    else:
        page = _MODULES[suffix] == "html_page"
        text = normalize_newlines(decode(data, html_charset(data) if page else None,
                                         markup=page))
        if not text.strip():
            raise Rejected("it has no text")
        found = module.parse(text, context)
    now = datetime.now(UTC)
    for article in found:
        _check_dates(article, now)
    return found


def size_limit(name: str, max_bytes: int, head: bytes = b"") -> tuple[int, str]:
    """The most bytes a file of this name, starting with `head`, may have, and how to name
    that limit: a page saved in one file with its pictures (`.mhtml`, `.webarchive`, an
    `.html` SingleFile saved) may be `WHOLE_PAGE_ALLOWANCE` times the others'."""
    module = _MODULES.get(PurePath(name).suffix.lower())
    if module == "saved_page" or (module == "html_page" and _SINGLEFILE in head):
        return (max_bytes * WHOLE_PAGE_ALLOWANCE,
                f"inbox.max_bytes, {WHOLE_PAGE_ALLOWANCE} times over for a page saved in one file")
    return max_bytes, "inbox.max_bytes"


HEAD = 8192  # bytes: what `size_limit` needs of a file's start
_SINGLEFILE = b"saved with SingleFile"  # its header comment, at the top of the page


def load(names: Iterable[str]) -> list[str]:
    """Import now the parsers of the files named (by their suffixes), and the libraries each
    names in its `PRELOAD` (imported otherwise on the first file that needs them); the names
    of all these modules."""
    suffixes = {PurePath(name).suffix.lower() for name in names} & SUFFIXES
    modules = set()
    for suffix in suffixes:
        module = importlib.import_module(f"articles.parse.{_MODULES[suffix]}")
        modules |= {module.__name__, *getattr(module, "PRELOAD", ())}
    for name in modules:
        importlib.import_module(name)
    return sorted(modules)


def _check_dates(article: Article, now: datetime) -> None:
    """Only `published` may be in the future (an embargo: the story goes out then), and
    not by more than a year unless the story says `embargo: true`."""
    if article.updated is not None and article.updated > now + CLOCK_SKEW:
        raise Rejected(f"its updated date {article.updated.isoformat()} is in the future (only "
                       "its date may be, to publish it then)")
    if article.published > now + EMBARGO_LIMIT and not article.embargo:
        raise Rejected(f"its date {article.published.isoformat()} is more than a year ahead; "
                       "if that is meant, say 'embargo: true'")
