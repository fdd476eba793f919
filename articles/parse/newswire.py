"""Newswire `.txt`: a story copied from a news site, with the page's chrome around it.

The model is the seed story: a first line `date 2023-07-08 + ↺ − 16 px` (a dateline and
the site's font-size buttons), paragraphs separated by blank lines, an "X reports citing Y"
credit in the text and the outlet's signature (`News.Az`) as the last line. Variants real
copy-paste produces are read too: other date forms, a headline line above the lead,
a `By Jane Doe` byline and a `Source: Reuters` line.
"""

from __future__ import annotations

import re

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.sanitize import clean_text, paragraphs_to_html, summarize

# Buttons and widgets copied along with the text: "+ ↺ − 16 px", "A A A", "Print", "Share".
_CHROME_TOKEN = r"(?:[+↺−–\-]|\d{1,2}\s?px|A|Print|Share|Font size:?)"
_CHROME_LINE = re.compile(rf"^(?:{_CHROME_TOKEN}\s*)+$", re.IGNORECASE)
_CHROME_TAIL = re.compile(rf"(?:\s+{_CHROME_TOKEN})+\s*$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?:date|published|posted|updated)\s*:?\s+", re.IGNORECASE)
_BYLINE = re.compile(r"^by\s+(?P<names>[^\d].{1,80})$", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^source\s*:\s*(?P<name>.{1,80})$", re.IGNORECASE)
_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"  # internal dots as in "News.Az", no closing one
_NAME = rf"{_WORD}(?:\s+(?:of\s+|the\s+)?{_WORD}){{0,4}}"
_CREDIT = re.compile(
    rf"(?:^|[,;:]\s+|[.!?]\s+)(?P<outlet>{_NAME})\s+reports?,?\s+citing\s+(?P<cited>{_NAME})"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’]?\s+(?=[\"“‘]?[A-Z])")


def parse(text: str, context: Context) -> list[Article]:
    paragraphs = _paragraphs(text)
    published, paragraphs = _dateline(paragraphs, context)
    paragraphs = [p for p in paragraphs if not _CHROME_LINE.match(p)]

    authors: list[str] = []
    source = ""
    kept = []
    for p in paragraphs:
        if m := _BYLINE.match(p):
            authors += _names(m["names"])
        elif m := _SOURCE_LINE.match(p):
            source = clean_text(m["name"])
        else:
            kept.append(p)
    paragraphs = kept
    if len(paragraphs) > 1 and _is_signature(paragraphs[-1]):
        source = source or paragraphs[-1]
        paragraphs = paragraphs[:-1]

    headline = _headline(paragraphs)
    if headline:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise Rejected("it has a date but no story text")

    cites: list[str] = []
    for m in (m for p in paragraphs for m in _CREDIT.finditer(p)):
        source = source or m["outlet"]
        if m["cited"] not in cites:
            cites.append(m["cited"])

    lead = _SENTENCE_END.split(paragraphs[0], maxsplit=1)[0]
    title = clean_text(headline or lead)
    rest = [p for p in paragraphs if p != title]
    return [
        Article(
            title=title,
            content_html=paragraphs_to_html(paragraphs),
            summary=summarize(" ".join(rest[:2]) if rest else title),
            published=published or context.undated(),
            slug=context.stem,
            authors=tuple(authors or ([source] if source else [])),
            source=source,
            cites=tuple(cites),
            origin=context.name,
        )
    ]


def _paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, each joined into one line."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in blocks if b.strip()]


def _dateline(paragraphs: list[str], context: Context):
    """The date in the first lines, with those lines removed; (None, paragraphs) if none."""
    for i, p in enumerate(paragraphs[:3]):
        candidate = _DATE_LABEL.sub("", _CHROME_TAIL.sub("", p)).strip()
        if not candidate or len(candidate) > 40:
            continue
        try:
            value = context.date(candidate)
        except Rejected:  # not a dateline; the text stays a paragraph
            continue
        return value, paragraphs[:i] + paragraphs[i + 1 :]
    return None, paragraphs


def _headline(paragraphs: list[str]) -> str:
    """A short first line with no closing punctuation, above the lead, is the headline."""
    if len(paragraphs) < 2:
        return ""
    first = paragraphs[0]
    if len(first) <= 160 and not first.endswith((".", "!", "?", "…", ":", '"', "”")):
        return first
    return ""


def _is_signature(p: str) -> bool:
    """An outlet's name closing the story: short, one line, no sentence punctuation."""
    return len(p) <= 40 and len(p.split()) <= 4 and not p.endswith(("!", "?", ":", ",", '"', "”"))


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*|\s+and\s+", text.strip().rstrip("."))
    return [clean_text(p) for p in parts if p.strip()]
