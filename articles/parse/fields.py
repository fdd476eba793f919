"""Front matter and JSON keys into an `Article`: one mapping for every structured format.

Keys: title, date (published), updated, author, source, source_url, link, id, slug,
tags, summary, language, content (the body, for JSON).
"""

from __future__ import annotations

import logging

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.sanitize import clean_text, html_to_text, is_absolute_http, summarize

log = logging.getLogger("newsfeed.parse")

KEYS = frozenset((
    "title", "date", "published", "updated", "author", "authors", "source", "source_url",
    "link", "id", "slug", "tags", "categories", "summary", "language", "content", "cites",
))


def article_from_fields(fields: dict, body_html: str, context: Context, *,
                        slug: str) -> Article:
    """An article from front-matter style `fields` and an already sanitized HTML body;
    `slug` is used when the fields give none ("" lets the store derive one)."""
    if not isinstance(fields, dict):
        raise Rejected("its front matter is not a table of keys and values")
    unknown = sorted(set(fields) - KEYS)
    if unknown:
        log.info("%s: ignoring unknown keys %s", context.name, ", ".join(unknown))
    title = clean_text(_text(fields, "title"))
    if not title:
        raise Rejected("it has no title (add a 'title' key)")
    if not body_html.strip() and not fields.get("summary"):
        raise Rejected("it has a title but no text")
    date = fields.get("date", fields.get("published"))
    published = context.date(date) if date not in (None, "") else context.undated()
    updated = context.date(fields["updated"], "updated") if fields.get("updated") else None
    if updated is not None and updated < published:
        raise Rejected(f"its updated date {updated.isoformat()} is before its date")
    authors = _list(fields, "authors") or _list(fields, "author")
    source = clean_text(_text(fields, "source"))
    summary = clean_text(_text(fields, "summary")) or summarize(html_to_text(body_html))
    for key in ("source_url", "link"):
        if fields.get(key) and not is_absolute_http(str(fields[key])):
            raise Rejected(f"its {key} {fields[key]!r} is not an absolute http(s) URL")
    return Article(
        id=_text(fields, "id"),
        slug=_text(fields, "slug") or slug,
        title=title,
        content_html=body_html,
        summary=summary,
        published=published,
        updated=updated,
        authors=tuple(authors or ([source] if source else [])),
        source=source,
        source_url=_text(fields, "source_url"),
        cites=tuple(_list(fields, "cites")),
        link=_text(fields, "link"),
        tags=tuple(_list(fields, "tags") or _list(fields, "categories")),
        language=_text(fields, "language"),
        origin=context.name,
    )


def _text(fields: dict, key: str) -> str:
    value = fields.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise Rejected(f"its {key} must be text, not a {type(value).__name__}")
    return str(value).strip()


def _list(fields: dict, key: str) -> list[str]:
    value = fields.get(key)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.split(",") if key in ("tags", "categories") else [value]
    if isinstance(value, dict):  # a person as {"name": …}
        value = [value]
    if not isinstance(value, list):
        raise Rejected(f"its {key} must be a list or a string")
    out = []
    for v in value:
        if isinstance(v, dict):
            v = v.get("name", "")
        if text := clean_text(str(v)):
            out.append(text)
    return out
