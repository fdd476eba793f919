"""Front matter and JSON keys into an `Article`: one mapping for every structured format.

The keys and their types are declared in `articles.fields.ArticleInput`; here each is
checked for what its type cannot say (dates that read as dates, absolute URLs, a title
and a text) and put where it belongs on the `Article`.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from articles.fields import KEYS, ArticleInput, ImageInput, Person, read_keys
from articles.model import Article, Correction, Image, Rejected
from articles.parse.context import Context
from articles.sanitize import clean_text, html_to_text, is_absolute_http, summarize

log = logging.getLogger("newsfeed.parse")


def article_from_fields(fields: dict, body_html: str, context: Context, *,
                        slug: str) -> Article:
    """An article from front-matter style `fields` and an already sanitized HTML body;
    `slug` is used when the fields give none ("" lets the store derive one)."""
    if not isinstance(fields, dict):
        raise Rejected("its front matter is not a table of keys and values")
    unknown = sorted(map(str, set(fields) - KEYS))
    if unknown:
        log.info("%s: ignoring unknown keys %s", context.name, ", ".join(unknown))
    keys = read_keys(fields)
    title = clean_text(_text(keys.title))
    if not title:
        raise Rejected("it has no title (add a 'title' key)")
    if not body_html.strip() and not _text(keys.summary):
        raise Rejected("it has a title but no text")
    date = keys.date if keys.date not in (None, "") else keys.published
    stated = date not in (None, "")
    published = context.date(date) if stated else context.undated()
    updated = context.date(keys.updated, "updated") if keys.updated not in (None, "") else None
    if updated is not None and updated < published:
        raise Rejected(f"its updated date {updated.isoformat()} is before its date")
    authors = _people(keys.authors) or _people(keys.author)
    source = clean_text(_text(keys.source))
    summary = clean_text(_text(keys.summary)) or summarize(html_to_text(body_html))
    for key in ("source_url", "link"):
        if (url := _text(getattr(keys, key))) and not is_absolute_http(url):
            raise Rejected(f"its {key} {url!r} is not an absolute http(s) URL")
    note = clean_text(_text(keys.correction))
    return Article(
        id=_text(keys.id),
        slug=_text(keys.slug) or slug,
        title=title,
        content_html=body_html,
        summary=summary,
        published=published,
        updated=updated,
        authors=tuple(authors or ([source] if source else [])),
        source=source,
        source_url=_text(keys.source_url),
        cites=tuple(_terms(keys.cites)),
        link=_text(keys.link),
        tags=tuple(_terms(keys.tags, split=True) or _terms(keys.categories, split=True)),
        language=_text(keys.language),
        origin=context.name,
        image=_image(keys),
        # The store keeps the notes of earlier versions; this one is dated by the update.
        corrections=(Correction(note, updated or datetime.now(UTC).replace(microsecond=0)),)
        if note else (),
        embargo=keys.embargo,
        date_from="stated" if stated else "file time",
    )


def _text(value: str | None) -> str:
    return (value or "").strip()


def _terms(value: list[str] | str | None, *, split: bool = False) -> list[str]:
    """Tags (a list, or one string of comma-separated ones) or cited outlets."""
    if isinstance(value, str):
        value = value.split(",") if split else [value]
    return [text for v in value or () if (text := clean_text(v))]


def _people(value: Person | str | list[Person | str] | None) -> list[str]:
    people = value if isinstance(value, list) else [value] if value else []
    names = (p.name if isinstance(p, Person) else p for p in people)
    return [text for name in names if (text := clean_text(name))]


def _image(keys: ArticleInput) -> Image | None:
    """The lead image: a URL, or a table of what is known of it."""
    table = keys.image if isinstance(keys.image, ImageInput) else ImageInput(url=keys.image or "")
    url = table.url.strip()
    if not url:
        return None
    if not is_absolute_http(url):
        raise Rejected(f"its image {url!r} is not an absolute http(s) URL")
    return Image(url=url, width=table.width, height=table.height, type=table.type.strip(),
                 length=table.length, caption=clean_text(table.caption),
                 credit=clean_text(table.credit))
