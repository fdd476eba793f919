"""Markdown with YAML (`---`) or TOML (`+++`) front matter, or with a `# Heading` as title.

The body is rendered by cmark-gfm, GitHub's C implementation of CommonMark (with its tables
and `~~strikethrough~~`; markdown-it-py, in Python, took three quarters of a file's parse),
and then sanitized; relative links resolve against the story's `link`, when it has one.
A title taken from a `# Heading` is found with markdown-it-py's token map. A story whose
front matter gives no date has the short lines opening its body read by the copies' reader
(`newswire.reader`) for a byline and a date line.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace

import cmarkgfm
import yaml
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

from articles.fields import given
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
    if not (fields.get("date") or given(fields, "published")):
        fields, body = _head_lines(fields, body, context)
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


_EMPHASIS = re.compile(r"^[*_]+|[*_]+\\?$")  # and a line break's backslash
_HEAD_BLOCKS = 3  # the short blocks under a heading where a byline and a date line sit
_HEAD_LINE = 160  # characters: a longer line, or a sentence, is the story's
_SENTENCE_ENDS = (".", "!", "?", "…", '"', "”", "»", "。")


def _head_lines(fields: dict, body: str, context: Context) -> tuple[dict, str]:
    """`fields` with the date (and the authors, the outlet) that the short lines opening the
    body state, as a copied story's head states them ("*By Jan de Vries, 8 July 2023*",
    "Published 8 July 2023 | Reuters"), read as a `.txt` copy's are; the body without the
    blocks of those lines. Unchanged when they state no date: the file's time dates it."""
    blocks = body.lstrip("\n").split("\n\n")
    head = 0
    for block in blocks[:_HEAD_BLOCKS]:
        lines = _lines(block)
        if not lines or len(lines) > 2 or any(
                len(line) > _HEAD_LINE or line.endswith(_SENTENCE_ENDS) for line in lines):
            break
        head += 1
    if not head or head == len(blocks):
        return fields, body
    from articles.parse.newswire import reader  # the copies', on the first such file

    lines = [line for block in blocks[:head] for line in _lines(block)]
    copy = "\n\n".join([str(fields.get("title") or ""), *lines, blocks[head]])
    probe = replace(context, strict_dates=True)  # no date stated: not this story's date
    try:
        [read] = reader.parse(copy, probe)
    except Rejected:
        return fields, body
    if read.date_from != "stated":
        return fields, body
    found = {"date": read.published}
    people = [a for a in read.authors if a != read.source]
    if people and not (fields.get("authors") or fields.get("author")):
        found["authors"] = people
    if read.source and not fields.get("source"):
        found["source"] = read.source
    story = html_to_text(read.content_html)  # a head line the reader kept is the story's
    kept = [b for b in blocks[:head] if any(line in story for line in _lines(b))]
    return {**fields, **found}, "\n\n".join(kept + blocks[head:])


def _lines(block: str) -> list[str]:
    """A block's lines without the emphasis around them."""
    stripped = (_EMPHASIS.sub("", line.strip()).strip() for line in block.strip().split("\n"))
    return [line for line in stripped if line]


def _heading(body: str) -> tuple[str, str]:
    """(the text of a level-1 heading that opens `body`, the body without it), or ("", body)."""
    tokens = _MARKDOWN.parse(body)
    if len(tokens) < 2 or tokens[0].type != "heading_open" or tokens[0].tag != "h1":
        return "", body
    title = html_to_text(_MARKDOWN.renderInline(tokens[1].content))
    start, end = tokens[0].map or (0, 0)
    lines = body.split("\n")
    return title, "\n".join(lines[:start] + lines[end:])
