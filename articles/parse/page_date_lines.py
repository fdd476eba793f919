"""The date lines printed at a saved page's headline: "1. Februar 2022, Daniel
Dillenburg", "Par Loïc Le Clerc | 30 septembre 2018", a line that labels the publication
("Erschienen am: 01.11.2023") further down; read as text lines cut at block elements, without
scripts, menus and figures. `page_dates` weighs them against what the page states in its
markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

from articles.parse.context import Context
from articles.parse.newswire import date_lines
from articles.parse.newswire.date_forms import Stated
from articles.sanitize import clean_text

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # a page's date before this is a typo
# How the page writes a date of digits that reads either way ("07/08/2023", the date as
# read day first, the line it is in): "md", month first, or "dm".
Order = Callable[[Stated, str], str]


def date_line(heading, names: tuple[str, ...], context: Context,
              order: Order | None = None) -> datetime | None:
    """The date printed in a line just below the story's heading, or just above it in its
    block: "1. Februar 2022, Daniel Dillenburg", "Par Loïc Le Clerc | 30 septembre 2018",
    "Written: 2023-11-07 15:03:30 / Updated: …", "29.11.2022 – Mehrfach hatte …". Only a
    line that is a date line once the byline's names are taken out, its date with a year
    and not labelled as an update's; slashed digits that read either way read in `order`."""
    return _first(_dated_lines(heading, names), context, order)


def update_line(heading, names: tuple[str, ...], context: Context,
                order: Order | None = None) -> datetime | None:
    """The update's date in the date lines at the headline, as `date_line` reads the
    publication's: "Actualizado: 08/07/2023 - 10:15h", "Δημοσίευση: … | Επικαιροποίηση: …"."""
    return _first(_dated_lines(heading, names, "updated"), context, order)


def _first(dated: Iterator[tuple[Stated, str]], context: Context,
           order: Order | None) -> datetime | None:
    latest = datetime.now(UTC) + timedelta(minutes=1)
    for stated, line in dated:
        stated = _in_order(stated, line, order)
        try:
            date = stated.at(stated.year, context.tz)
        except ValueError:
            continue
        if EARLIEST <= date <= latest:
            return date
    return None


def _in_order(stated: Stated, line: str, order: Order | None) -> Stated:
    """`stated` read month first when it reads either way and the page writes it so."""
    if stated.swappable and stated.slashed and order is not None and order(stated, line) == "md":
        return stated.month_first()
    return stated


def labelled_line(heading, context: Context, order: Order | None = None) -> datetime | None:
    """The date of the first line after the story's heading that labels it as the
    publication's ("Erschienen am: 01.11.2023", "Veröffentlicht am 16.08.2019", "Published
    on March 3, 2021") or as the story's date ("Datum 28.04.2023"), as many sites print it
    at the story's end or in a column beside it. Other `<article>`s (the
    teasers), comments, related stories, asides and menus are not read."""
    latest = datetime.now(UTC) + timedelta(minutes=1)
    count = 0
    node = heading
    while node is not None and node.tag not in ("body", "html"):
        for sibling in node.itersiblings():
            if sibling.tag == "article" or _NOT_STORY.search(
                    f"{sibling.get('class', '')} {sibling.get('id', '')}"):
                continue
            for line in _lines(sibling):
                count += 1
                if count > _LABELLED_LINES:
                    return None
                if len(line) > _DATE_LINE or not (label := _PUBLISHED_LABEL.match(line)):
                    continue
                found = date_lines.read(line[label.end():])
                stated = next((d for d in (found.dates if found else ()) if d.year), None)
                stated = stated and _in_order(stated, line, order)
                try:
                    date = stated.at(stated.year, context.tz) if stated else None
                except ValueError:
                    continue
                if date is not None and EARLIEST <= date <= latest:
                    return date
        node = node.getparent()
    return None


def ago_line(heading) -> timedelta | None:
    """How long before the page was saved the line at its headline says it was published,
    in days or more ("Published 3 days ago", "vor 2 Wochen", "il y a 3 jours"), as the
    copies read it (`date_lines.ago`); None for hours (the file's time is near enough)."""
    return next(filter(None, map(date_lines.ago, lines_near(heading))), None)


_PUBLISHED_LABEL = re.compile(
    r"^(?:erschienen|veröffentlicht|publiziert|erstellt|published|posted|publiée?|publicado|"
    r"pubblicato|gepubliceerd|datum|date|fecha|data|dato|tarih|дата)"
    r"(?:\s+(?:am|on|le|el|il|op))?\s*:?\s*(?=\S)", re.IGNORECASE)
_LABELLED_LINES = 400  # lines read after the heading for a labelled date
_NOT_STORY = re.compile(r"comment|related|teaser", re.IGNORECASE)


def line_dates(heading, names: tuple[str, ...]) -> Iterator[Stated]:
    """The publication dates, with their years, of the date lines near the heading."""
    return (stated for stated, _ in _dated_lines(heading, names))


def _dated_lines(heading, names: tuple[str, ...],
                 kind: str = "published") -> Iterator[tuple[Stated, str]]:
    """Each publication date of `line_dates` (or update's, by `kind`) with its line."""
    patterns, label = None, ""
    for line in lines_near(heading):
        if label:  # "Video verfügbar bis:", its date on the next line
            line, label = f"{label} {line}", ""
        elif len(line) <= _LABEL_LINE and date_lines.labelled(line) and not _DIGIT.search(line):
            label = line
            continue
        if not _DIGIT.search(line) or (len(line) > _DATE_LINE and not _DATED_LEAD.match(line)):
            continue  # a label, or the story's text not led by its date
        if patterns is None:
            patterns = [(name.casefold(), re.compile(re.escape(name), re.IGNORECASE))
                        for name in names if len(name) >= 3]
        folded = line.casefold()
        for name, pattern in patterns:
            if name in folded:  # else no need to search
                line = pattern.sub(" ", line)
        line = _BYLINE_WORDS.sub(" ", line)
        found = date_lines.read(line) or date_lines.read_parts(line) or (
            date_lines.read(lead[1]) if (lead := _DATED_LEAD.match(line)) else None)
        first = next((d for d in (found.dates if found else ())
                      if d.year is not None and d.label == kind), None)
        if first is not None:  # an update's date is no publication's, nor the other way
            yield first, line


_BYLINE_WORDS = re.compile(r"(?<![^\W\d_])(?:by|von|par|por|door|di|av|af)(?![^\W\d_])",
                           re.IGNORECASE)
_DATED_LEAD = re.compile(r"^(.{6,40}?)\s+[–—-]\s+\S")  # "29.11.2022 – Mehrfach …"
_BLOCKS = frozenset((
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "section", "table", "td",
    "th", "time", "tr", "ul"))
_UNREAD = frozenset(("aside", "button", "figure", "form", "iframe", "nav", "noscript",
                     "script", "select", "style", "svg", "template"))
_AFTER, _BEFORE = 8, 2  # lines read below and above the heading
_PARAGRAPH = 300  # characters: a line this long is the story's text, and ends the reading
_LABEL_LINE = 40  # characters: a longer line without digits is no label of the next one
_DATE_LINE = 200  # characters: a longer line is no date line, even with a byline in it
_DIGIT = re.compile(r"\d")
def lines_near(heading) -> list[str]:
    """The text lines below the story's heading (its following siblings, then its
    ancestors'), up to the first of the story's paragraphs, then the last ones above it in
    its parent: at most `_AFTER` and `_BEFORE` lines."""
    below: list[str] = []
    node = heading
    while node is not None and node.tag not in ("body", "html") and not _done(below):
        for sibling in node.itersiblings():
            for line in _lines(sibling):
                below.append(line)
                if _done(below):
                    break
            if _done(below):
                break
        node = node.getparent()
    above: list[str] = []
    for sibling in heading.itersiblings(preceding=True):
        above.extend(reversed(list(_lines(sibling))))
        if len(above) >= _BEFORE:
            break
    return below[:_AFTER] + above[:_BEFORE]


def _done(lines: list[str]) -> bool:
    return len(lines) >= _AFTER or (bool(lines) and len(lines[-1]) >= _PARAGRAPH)


def _lines(element) -> Iterator[str]:
    """`element`'s text (and its tail's) cut into lines at block elements, top down, without
    what is never a date line's (scripts, menus, figures)."""
    current: list[str] = []
    stack = [(element, False)]
    while stack:
        node, closing = stack.pop()
        if not isinstance(tag := node.tag, str):  # a comment, an entity
            tag = ""
        if tag in _BLOCKS and current:  # a block's start and its end each end a line
            if text := clean_text(" ".join(current)):
                yield text
            current = []
        if closing or not tag or tag in _UNREAD:
            if node.tail:
                current.append(node.tail)
            continue
        if node.text:
            current.append(node.text)
        stack.append((node, True))
        stack.extend([(child, False) for child in reversed(node)])
    if text := clean_text(" ".join(current)):
        yield text
