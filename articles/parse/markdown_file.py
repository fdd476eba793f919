"""Markdown with YAML (`---`) or TOML (`+++`) front matter, or with a `# Heading` as title.

The body is rendered by cmark-gfm, GitHub's C implementation of CommonMark (with its tables
and `~~strikethrough~~`; markdown-it-py, in Python, took three quarters of a file's parse),
and then sanitized; relative links resolve against the story's `link`, when it has one.
A title taken from a `# Heading` is found with markdown-it-py's token map.
"""

from __future__ import annotations

import re
import tomllib

import cmarkgfm
import yaml
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.parse.fields import article_from_fields
from articles.sanitize import clean_html, html_to_text

_MARKDOWN = MarkdownIt("commonmark", {"typographer": False}).enable("table").enable("strikethrough")
# Raw HTML passes on to the sanitizer, which keeps what is safe; cells aligned by style.
_CMARK_OPTIONS = (Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE
                  | Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)
# libyaml's loader, ten times the pure-Python one's speed, where PyYAML was built with it.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(text: str):
    return yaml.load(text, Loader=_YAML_LOADER)


_FENCES = (("---", _load_yaml, "YAML"), ("+++", tomllib.loads, "TOML"))


def parse(text: str, context: Context) -> list[Article]:
    fields, body = split_front_matter(text)
    if not isinstance(fields, dict):
        raise Rejected("its front matter is not a table of keys and values")
    if not fields.get("title"):
        heading, body = _heading(body)
        if heading:
            fields = {**fields, "title": heading}
        elif not fields:
            raise Rejected("it has no title (start it with a '# Title' line or add front matter)")
    link = fields.get("link")
    body_html = render(body, base_url=link if isinstance(link, str) else None)
    return [article_from_fields(fields, body_html, context, slug=context.stem)]


def render(markdown: str, base_url: str | None = None) -> str:
    """Markdown as sanitized HTML, relative URLs resolved against `base_url`."""
    html = cmarkgfm.markdown_to_html_with_extensions(
        markdown, options=_CMARK_OPTIONS, extensions=["table", "strikethrough"])
    return clean_html(html, base_url=base_url)


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter, body); a file without front matter has an empty one."""
    text = text.lstrip("\ufeff")
    for fence, load, kind in _FENCES:
        opening = re.match(rf"{re.escape(fence)}[ \t]*\n", text)
        if not opening:
            continue
        rest = text[opening.end() :]
        closing = re.search(rf"^{re.escape(fence)}[ \t]*$", rest, re.MULTILINE)
        if not closing:
            raise Rejected(f"its {kind} front matter has no closing '{fence}' line")
        try:
            fields = load(rest[: closing.start()]) or {}
        except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
            first = str(exc).splitlines()[0]
            raise Rejected(f"its {kind} front matter is not valid {kind}: {first}") from None
        return fields, rest[closing.end() :].removeprefix("\n")
    return {}, text


def _heading(body: str) -> tuple[str, str]:
    """(the text of a level-1 heading that opens `body`, the body without it), or ("", body)."""
    tokens = _MARKDOWN.parse(body)
    if len(tokens) < 2 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return "", body
    title = html_to_text(_MARKDOWN.renderInline(tokens[1].content))
    start, end = tokens[0].map or (0, 0)
    lines = body.split("\n")
    return title, "\n".join(lines[:start] + lines[end:])
