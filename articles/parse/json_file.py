"""JSON `.json`: one article object, or a list of them, with the front-matter keys.

`content` is the body: HTML when it contains a tag, else Markdown. In a list each article
keeps its own `slug` (else its `id`); without either the store derives one from its date
and title, so articles of one file never share the file's name.
"""

from __future__ import annotations

import json
import re

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.parse.fields import article_from_fields
from articles.parse.markdown_file import render
from articles.sanitize import clean_html

_TAG = re.compile(r"<(?:/?[A-Za-z][\w-]*|!--)[^>]*>")


def parse(text: str, context: Context) -> list[Article]:
    try:  # not strict: a line break left in a string (a word processor's, made one) is text
        doc = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise Rejected(f"it is not valid JSON ({exc.msg} at line {exc.lineno}, "
                       f"column {exc.colno})") from None
    if isinstance(doc, dict):
        if "items" in doc and str(doc.get("version", "")).startswith("https://jsonfeed.org/"):
            raise Rejected("it is a JSON Feed, not an article; follow it as a [[source]] instead")
        return [_article(doc, context, slug=context.stem)]
    if not isinstance(doc, list):
        raise Rejected("it is JSON but neither an article object nor a list of them")
    if not doc:
        raise Rejected("it is an empty JSON list")
    found = []
    for n, item in enumerate(doc, 1):
        try:
            found.append(_article(item, context, slug=_id(item)))
        except Rejected as exc:
            raise Rejected(f"its article {n} of {len(doc)} cannot be read: {exc}") from None
    return found


def _article(item: object, context: Context, *, slug: str) -> Article:
    if not isinstance(item, dict):
        raise Rejected(f"it is a JSON {type(item).__name__}, not an object of keys and values")
    content = item.get("content") or ""
    if not isinstance(content, str):
        raise Rejected("its content must be text (HTML or Markdown)")
    link = item.get("link")
    base = link if isinstance(link, str) else None
    body = clean_html(content, base_url=base) if _TAG.search(content) else render(content, base)
    return article_from_fields(item, body, context, slug=slug)


def _id(item: object) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value).strip() if isinstance(value, str) or type(value) is int else ""
