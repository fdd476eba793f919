"""Markdown with YAML (`---`) or TOML (`+++`) front matter."""

from __future__ import annotations

import tomllib

import yaml
from markdown_it import MarkdownIt

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.parse.fields import article_from_fields
from articles.sanitize import clean_html

_MARKDOWN = MarkdownIt("commonmark", {"typographer": False}).enable("table").enable("strikethrough")


def parse(text: str, context: Context) -> list[Article]:
    fields, body = split_front_matter(text)
    return [article_from_fields(fields, render(body), context)]


def render(markdown: str) -> str:
    return clean_html(_MARKDOWN.render(markdown))


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body); a file without front matter has an empty one."""
    text = text.lstrip("\ufeff")
    for fence, load, kind in (("---", yaml.safe_load, "YAML"), ("+++", tomllib.loads, "TOML")):
        if text.startswith(fence + "\n"):
            head, sep, body = text[len(fence) + 1 :].partition(f"\n{fence}")
            if not sep:
                raise Rejected(f"its {kind} front matter has no closing '{fence}' line")
            try:
                fields = load(head) or {}
            except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
                first = str(exc).splitlines()[0]
                raise Rejected(f"its {kind} front matter is not valid {kind}: {first}") from None
            return fields, body.partition("\n")[2]
    return {}, text
