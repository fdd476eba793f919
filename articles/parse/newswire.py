"""Newswire `.txt`: a story copied from a news site, with the page's chrome around it.

The model is the seed story: a first line `date 2023-07-08 + ↺ − 16 px` (a dateline and
the site's font-size buttons), paragraphs separated by blank lines, an "X reports citing Y"
credit in the text and the outlet's signature (`News.Az`) as the last line. Variants real
copy-paste produces are read too: other date forms, a headline line above the lead,
a `By Jane Doe` byline and a `Source: Reuters` line.

The header is the lines above the lead: datelines, bylines, source lines, chrome and at
most one headline. The lead is the first line that is none of these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.sanitize import clean_text, paragraphs_to_html, summarize

# Buttons and widgets copied along with the text: "+ ↺ − 16 px", "A A A", "Print", "Share".
_CHROME_TOKEN = r"(?:[+↺−–\-]|\d{1,2}\s?px|A|Print|Share|Font size:?)"
_CHROME_LINE = re.compile(rf"^(?:{_CHROME_TOKEN}\s*)+$", re.IGNORECASE)
_CHROME_TAIL = re.compile(rf"(?:\s+{_CHROME_TOKEN})+\s*$", re.IGNORECASE)
_DATE_LABEL = re.compile(r"^(?:(?P<label>date|published|posted|updated)\s*:?\s+)?(?P<date>.+)$",
                         re.IGNORECASE)
_PERSON = r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}"
_BYLINE = re.compile(rf"^(?i:by)\s+(?P<names>{_PERSON}(?:(?:,\s*|\s+and\s+){_PERSON})*)$")
_SOURCE_LINE = re.compile(r"^source\s*:\s*(?P<name>.{1,80})$", re.IGNORECASE)
_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"  # internal dots as in "News.Az", no closing one
_NAME = rf"{_WORD}(?:\s+(?:of\s+|the\s+)?{_WORD}){{0,4}}"
_CREDIT = re.compile(rf"(?:^|[,;:]\s+|[.!?]\s+)(?P<outlet>{_NAME})\s+"
                     rf"(?:reports?|reported),?\s+citing\s+(?P<cited>{_NAME})")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’]?\s+(?=[\"“‘]?[A-Z])")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|"
                           r"No|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|[A-Z])\.$")
_SIGNATURE_WORD = re.compile(r"^(?:[A-Z0-9][\w.&'’-]*|of|the|and|&)$")


@dataclass
class _Header:
    published: datetime | None = None
    updated: datetime | None = None
    headline: str = ""
    authors: list[str] = field(default_factory=list)
    source: str = ""


def parse(text: str, context: Context) -> list[Article]:
    lines = [line.strip() for line in text.strip().split("\n")]
    header = _Header()
    lines = lines[_read_header(lines, header, context) :]
    source = header.source
    if (signature := _signature(lines)) is not None:
        source = source or signature
    paragraphs = []
    for p in _paragraphs(lines):
        if m := _SOURCE_LINE.match(p):
            source = source or clean_text(m["name"])
        elif not _CHROME_LINE.match(p):
            paragraphs.append(p)
    if not paragraphs:
        raise Rejected("it has no story text")

    cites: list[str] = []
    for m in (m for p in paragraphs for m in _CREDIT.finditer(p)):
        source = source or m["outlet"]
        if m["cited"] not in cites:
            cites.append(m["cited"])

    title = summarize(clean_text(header.headline or _first_sentence(paragraphs[0])), 200)
    rest = [p for p in paragraphs if p != title]
    published = header.published or context.undated()
    updated = header.updated if header.updated and header.updated > published else None
    return [
        Article(
            title=title,
            content_html=paragraphs_to_html(paragraphs),
            summary=summarize(" ".join(rest[:2]) if rest else title),
            published=published,
            updated=updated,
            slug=context.stem,
            authors=tuple(header.authors or ([source] if source else [])),
            source=source,
            cites=tuple(cites),
            origin=context.name,
        )
    ]


def _read_header(lines: list[str], header: _Header, context: Context) -> int:
    """Read the lines above the lead into `header`; the index of the lead's first line."""
    for i, line in enumerate(lines):
        if not line or _CHROME_LINE.match(line):
            continue
        if dated := _dateline(line, context):
            label, value = dated
            if header.published is None:
                header.published = value
            elif label == "updated":
                header.updated = value
        elif m := _BYLINE.match(line):
            header.authors += _names(m["names"])
        elif m := _SOURCE_LINE.match(line):
            header.source = clean_text(m["name"])
        elif not header.headline and _is_headline(line, lines[i + 1 :], context):
            header.headline = line
        else:
            return i
    return len(lines)


def _dateline(line: str, context: Context) -> tuple[str, datetime] | None:
    """(label, date) of a line that is only a date, with an optional label and chrome."""
    m = _DATE_LABEL.match(_CHROME_TAIL.sub("", line))
    if not m or len(m["date"]) > 40:
        return None
    try:
        return (m["label"] or "").lower(), context.date(m["date"])
    except Rejected:  # not a dateline
        return None


def _is_headline(line: str, following: list[str], context: Context) -> bool:
    """A short line with no closing punctuation, ending its block or followed by another
    header line, with story text somewhere below it."""
    if len(line) > 160 or line.endswith((".", "!", "?", "…", ":", ",", '"', "”")):
        return False
    below = [f for f in following if f]
    if not below:
        return False
    nxt = following[0]
    return (not nxt or _CHROME_LINE.match(nxt) is not None or _BYLINE.match(nxt) is not None
            or _dateline(nxt, context) is not None)


def _signature(lines: list[str]) -> str | None:
    """The outlet's name closing the story, removed from `lines`: short, capitalized,
    no sentence punctuation, on its own line below the text."""
    last = max((i for i, line in enumerate(lines) if line), default=None)
    if last is None or not any(lines[:last]):
        return None
    name = lines[last].lstrip("©—–- ").strip()
    words = name.split()
    if (len(name) > 40 or not 0 < len(words) <= 4 or name.endswith((".", "!", "?", ":", ",", "…"))
            or not all(_SIGNATURE_WORD.match(w) for w in words)):
        return None
    del lines[last]
    return clean_text(name)


def _paragraphs(lines: list[str]) -> list[str]:
    """Blocks separated by blank lines, each joined into one line."""
    paragraphs, block = [], []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            paragraphs.append(" ".join(block))
            block = []
    return paragraphs


def _first_sentence(paragraph: str) -> str:
    for m in _SENTENCE_END.finditer(paragraph):
        if not _ABBREVIATION.search(paragraph[: m.start()]):
            return paragraph[: m.start()] + paragraph[m.start() : m.end()].strip()
    return paragraph


def _names(text: str) -> list[str]:
    parts = re.split(r",\s*|\s+and\s+", text.strip().rstrip("."))
    return [clean_text(p) for p in parts if p.strip()]
