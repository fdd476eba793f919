"""Turning a dropped file's bytes into articles: one module per format, chosen by file suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from articles.encoding import decode, normalize_newlines
from articles.model import Article, Rejected
from articles.parse import markdown_file, newswire
from articles.parse.context import Context

__all__ = ["SUFFIXES", "Context", "parse"]

_PARSERS: dict[str, Callable[[str, Context], list[Article]]] = {
    ".txt": newswire.parse,
    ".md": markdown_file.parse,
    ".markdown": markdown_file.parse,
}
SUFFIXES = frozenset(_PARSERS)


def parse(name: str, data: bytes, context: Context) -> list[Article]:
    """The articles in one file's bytes, or `Rejected` with a reason a person understands."""
    parser = _PARSERS.get(PurePath(name).suffix.lower())
    if parser is None:
        kinds = ", ".join(sorted(SUFFIXES))
        raise Rejected(f"its type is not one newsfeed reads (expected one of {kinds})")
    if not data.strip():
        raise Rejected("it is empty")
    text = normalize_newlines(decode(data))
    if not text.strip():
        raise Rejected("it has no text")
    return parser(text, context)
