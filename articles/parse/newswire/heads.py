"""Where a copy's head ends and what its lines of text are: the copy's lines (`Line`), a
whole page's masthead and menus set aside (`without_preamble`), and the headline, the
standfirst and the story's lines (`read`).

The head ends at its last byline, date or outlet line above the story, and the lines of text
above it are the section label, the headline and the standfirst; but where a whole page's
other stories' headlines stand higher (a rail of the most read, a newsletter box, a
breadcrumb), the headline is the one at the top of the lines right above the story, and the
page's lines above it are no part of the story.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from articles.parse.newswire import datelines
from articles.parse.newswire.date_forms import CJK_LETTER

_HEAD_KINDS = frozenset(("date", "byline", "outlet"))
SHORT = 80  # longer lines ending a sentence are prose, credit lines, a copyright or chrome
ENDS = (".", "!", "?", '"', "”", "»", "。", "！", "？", "」", "؟", "।")  # a sentence's, any script
SENTENCE_ENDS = (*ENDS, "…")
_CJK_LABEL = 12  # characters: a longer line in a script without spaces is a headline
_MENU = 4  # short lines in a row: a menu's items
_MASTHEAD = 20  # lines: fewer above a menu are a story's head, not a page's masthead
_WHOLE_PAGE = 8  # lines: more above the story's first paragraphs are a whole page's
_HEADLINE_ABOVE = 4  # lines of text between a head's headline and the story: the page's too
_NEAR = 4  # lines above the story (captions and credits aside) where a page's headline is
_SHARE_BLOCK = 7  # lines of share buttons between a date line and a run of short lines
_LONGEST = 200  # characters: a longer line is a paragraph, whatever its end
_PERIOD_AT_END = re.compile(r"[.…][\"”’»']?$")  # a sentence, perhaps quoted
_CLOCK = re.compile(r"(?<![\d:])[0-2]?\d:[0-5]\d(?![\d:])")


@dataclass(slots=True)
class Line:
    text: str
    block: int  # lines of one block have no blank line between them
    kind: str = "text"  # text, date, byline, outlet, foot, chrome, headline, standfirst


def read(lines: list[Line]) -> tuple[str, str, list[Line]]:
    """The headline and standfirst of a copy's `lines` (a line's kind read, bylines named),
    and the lines of its story."""
    head, story = _split_head(lines)
    headline, standfirst = _headline_and_standfirst(head, story)
    if (at := _page_headline(lines, headline)) is not None:
        headline, standfirst = lines[at].text, ""
        if any(line.kind == "text" and len(line.text) > SHORT for line in lines[len(head) : at]):
            story = [line for line in story if line is not lines[at]]  # prose above: kept
        else:  # the page's menus and teasers above it go
            story = lines[max(at + 1, len(head)) :]
    return headline, standfirst, story


def without_preamble(lines: list[Line]) -> list[Line]:
    """The lines from the story's head on, for a whole page copied: what comes before the
    last run of menu items (short lines of text, one after another) above the story's first
    two paragraphs in a row is the page's masthead and menus."""
    start = _story_start(lines, is_paragraph)
    if start is None or _opens_with_headline(lines):
        return lines  # a copy of the story: it opens with its headline
    cut, run = 0, 0
    for i, line in enumerate(lines[:start]):
        run = run + 1 if line.kind in ("text", "chrome") and _is_menu_item(line.text) else 0
        start_of_run = i - run + 1
        if run >= _MENU and not any(  # share buttons and a photo's credit under a date line
                above.kind in ("date", "byline")
                for above in lines[max(0, start_of_run - _SHARE_BLOCK) : start_of_run]):
            cut = i + 1
    return lines[cut:] if cut >= _MASTHEAD else lines


def _story_start(lines: list[Line], paragraph) -> int | None:
    """Where the story's first two paragraphs in a row start (`paragraph` tells one)."""
    return next((i for i, line in enumerate(lines) if line.kind == "text"
                 and paragraph(line.text) and any(
                     paragraph(n.text) for n in lines[i + 1 : i + 3] if n.kind == "text")),
                None)


def _page_headline(lines: list[Line], headline: str) -> int | None:
    """Where the headline of a whole page copied stands: the top of the run of lines right
    above the story (of at most `_NEAR`, captions and credits aside) that are no menu's
    items, the topmost of them that reads as a headline. Teasers, menus and the masthead
    stand higher, a standfirst, a byline and a date line lower; a breadcrumb ending with
    the headline ("Home / Showbiz / Aktres, sunod-sunuran sa aktor BF") stops the run. None
    for a copy of the story alone, or whose head's `headline` stands right above the story,
    or when no line reads as one."""
    start = _story_start(lines, lambda text: is_paragraph(text) or len(text) > _LONGEST)
    if start is None or start < _WHOLE_PAGE or _opens_story(lines, headline):
        return None
    at = next((i for i in range(start - 1, -1, -1) if lines[i].text == headline), None)
    if at is not None and not _is_menu_item(headline) and sum(
            line.kind == "text" for line in lines[at + 1 : start]) <= _HEADLINE_ABOVE:
        return None
    found, near = None, 0
    for i in range(start - 1, -1, -1):
        line = lines[i]
        if found is not None and _squashed(line.text).endswith(_squashed(lines[found].text)):
            break  # a breadcrumb
        if line.kind in ("chrome", "date", "byline"):  # the head's own lines: not counted
            continue
        near += 1
        if near > _NEAR or (found is not None and _is_text(line) and _is_menu_item(line.text)):
            break
        if _is_text(line) and _reads_as_headline(line.text):
            found = i
    return found


def _opens_story(lines: list[Line], headline: str) -> bool:
    """Whether a copy of a page opens with the story's `headline` (five words or more), not
    with a masthead's line above a run of menu items: its byline or date soon follows."""
    if lines[0].text != headline or not _is_story_headline(headline):
        return False
    return not all(line.kind == "chrome" or (_is_text(line) and _is_menu_item(line.text))
                   for line in lines[1 : 1 + _MENU]) \
        or any(line.kind in ("date", "byline") for line in lines[1 : _MENU + 3])


def _is_text(line: Line) -> bool:
    """A line of text, whatever part of the head it was found to be."""
    return line.kind in ("text", "headline", "standfirst")


def _reads_as_headline(text: str) -> bool:
    """A line of a page that may be its headline: not a menu's item, a label, a sentence or
    a meta line with its clock ("сегодня в 20:12 Политика")."""
    return _is_headline(text) and not _is_menu_item(text) and not text.endswith(":") \
        and not _PERIOD_AT_END.search(text) and not _CLOCK.search(text)


def _squashed(text: str) -> str:
    return " ".join(text.casefold().split())


def _opens_with_headline(lines: list[Line]) -> bool:
    """Whether a copy is of the story itself: its first line a headline of five words or
    more (of a script without spaces, longer than a label), not a menu's or a page's."""
    return bool(lines) and lines[0].kind == "text" and _is_story_headline(lines[0].text)


def _is_story_headline(text: str) -> bool:
    """A headline of five words or more (of a script without spaces, longer than a label)."""
    if not _is_headline(text):
        return False
    return len(text) > _CJK_LABEL if CJK_LETTER.search(text) else len(text.split()) >= 5


def _is_menu_item(text: str) -> bool:
    """Short enough for a menu's item: three words, or a label's characters in a script
    without spaces (a Chinese headline is one "word")."""
    return len(text) <= _CJK_LABEL if CJK_LETTER.search(text) else len(text.split()) <= 3


def _split_head(lines: list[Line]) -> tuple[list[Line], list[Line]]:
    """The head ends at its last byline, date or outlet line above the story, which starts
    at an agency dateline, a fifth line of text, a long paragraph, two sentences in a row,
    or a sentence below a byline, date or outlet line."""
    end, texts, sentences = 0, 0, 0
    for i, line in enumerate(lines):
        if line.kind == "text":
            texts += 1
            sentences = sentences + 1 if is_paragraph(line.text) else 0
            if texts > 4 or sentences > 1 or len(line.text) > 350 or datelines.read(line.text) \
                    or (end and line.text.endswith(SENTENCE_ENDS)):
                break
        elif line.kind in _HEAD_KINDS:
            end = i + 1
    return lines[:end], lines[end:]


def is_paragraph(line: str) -> bool:
    return len(line) > 80 and line.endswith(ENDS)


def _headline_and_standfirst(head: list[Line], story: list[Line]) -> tuple[str, str]:
    """The headline and standfirst: the head's lines of text after any section labels;
    with none there, a headline-like first line of the story and the lines between it and
    an agency dateline."""
    texts = [line for line in head if line.kind == "text"]
    while len(texts) >= 2 and is_section_label(texts[0].text):
        texts.pop(0)
    if texts:
        return texts[0].text, " ".join(t.text for t in texts[1:])
    story_texts = [line for line in story if line.kind == "text"]
    while len(story_texts) >= 3 and is_section_label(story_texts[0].text) \
            and not _wraps(story_texts[0], story_texts[1]) \
            and not _wraps(story_texts[1], story_texts[2]):
        story_texts.pop(0).kind = "chrome"
    if len(story_texts) < 2 or not _is_headline(story_texts[0].text) \
            or _wraps(story_texts[0], story_texts[1]):
        return "", ""
    story_texts[0].kind = "headline"
    standfirst = []
    for line in story_texts[1:3]:
        if datelines.read(line.text):
            for s in standfirst:
                s.kind = "standfirst"
            return story_texts[0].text, " ".join(s.text for s in standfirst)
        standfirst.append(line)
    return story_texts[0].text, ""


def is_section_label(line: str) -> bool:
    """"World", "News|Politics", "PAÍSES BAJOS", "Val kabinet-Rutte IV", "金融機関" above a
    headline (a script without spaces counts its characters, not its words)."""
    short = len(line) <= _CJK_LABEL if CJK_LETTER.search(line) else len(line.split()) <= 3
    return ("|" in line or "•" in line or short) and len(line) <= 30 \
        and not line.endswith((".", "!", "?"))


def _wraps(line: Line, nxt: Line) -> bool:
    """`line` is the start of a sentence hard-wrapped onto `nxt`: no headline, no label's."""
    return nxt.block == line.block and nxt.text[:1].islower()


def _is_headline(line: str) -> bool:
    return len(line) <= _LONGEST and not line.endswith((".", ":", ",", ";")) \
        and datelines.read(line) is None
