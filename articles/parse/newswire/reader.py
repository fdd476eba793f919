"""Newswire `.txt`: a story copied (select, copy, paste) from a news site or a wire, read.

A copy has three parts, whatever the outlet and language:

- the head: a section label, the headline, a standfirst, bylines, date lines, the
  outlet's name and the page's chrome, in the order the page had them;
- the story: its paragraphs, the first perhaps opening with an agency dateline;
- the foot: a signature, a source line, credit lines, agency tags, and what follows the
  story (related links), which goes.

Every line is first read for what it is (`_kind`), each family by its own module:
`date_lines` (each date's form: `date_forms`), `bylines`, `outlets`, `credits`, `chrome`;
`datelines` reads the agency dateline of the story's first paragraph; what they say is
gathered in a `facts.Facts`, which weighs the copy's dates for the story's own. `heads`
sets a whole page's masthead and menus aside, tells where the head ends and which of its
lines are the headline and the standfirst. The seed story (`samples/`) is the simplest copy:
a date line with the font buttons, the story, and the outlet's signature; its title is its
lead sentence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.parse.newswire import (
    bylines,
    chrome,
    credits,
    date_forms,
    date_lines,
    datelines,
    heads,
    outlets,
)
from articles.parse.newswire.facts import Facts, authors_of, cites_of, dates_of
from articles.sanitize import clean_text, paragraphs_to_html, summarize

# How sure a line is of the outlet: the smallest rank wins.
_SOURCE, _HEADER, _BYLINE, _UNDER_BYLINE, _TRUST, _COPYRIGHT, _SIGNATURE, _DATELINE, \
    _REPORTS = range(9)
# Outlets of the US, whose copies write a date of digits month first.
_US_OUTLETS = frozenset(("AP", "CNN", "The New York Times", "The Washington Post", "Bloomberg"))
_OUTLET_WORDS = outlets.OUTLET_WORDS | {  # "Daily Sabah", "City Desk": no person
    "daily", "weekly", "the", "desk", "staff", "team", "newsroom", "editors", "service"}
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’»]?\s+(?=[\"“‘«]?[A-ZÀ-ÞА-ЯЁ])")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Sgt|No|Jan|"
                           r"Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|M|Mme|[A-Z])\.$")
_BULLETS = "•·▪●*"
_BULLET = re.compile(rf"^[{_BULLETS}]\s+")
_NAME_AND_PLACE = re.compile(r"\s*[|,·•]\s*|\s+[-–—]\s+")
_BEFORE_DIGITS = re.compile(r"^[^\d]{2,30}(?=\s*\d)")
_BY = re.compile(r"(?:by|von|par|por|door|di|av|af)\s", re.IGNORECASE)  # before a writer
_NAME_BAR = re.compile(r"^(?P<name>[^|·•\d]+?)\s*[|·•]")  # a name, a bar, its date
_PARENTHESES = re.compile(r"\(([^()]+)\)")
_JAPANESE_NAME = re.compile(r"^[\u4e00-\u9fff]{1,3} [\u4e00-\u9fff\u3040-\u30ff]{1,3}$")
# The commonest words of English prose: over a sixth of its words, a few in other languages.
_ENGLISH = frozenset(("the", "a", "an", "and", "of", "to", "in", "is", "was", "that", "for",
                      "on", "with", "as", "by", "at", "it", "he", "she", "said", "from", "his",
                      "her", "are", "were", "has", "have", "be"))
_ENGLISH_WORDS, _ENGLISH_SHARE = 20, 1 / 6
_LETTERS = re.compile(r"[^\W\d_]+")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def parse(text: str, context: Context) -> list[Article]:
    facts = Facts()
    lines = heads.without_preamble(_read_lines(text, facts))
    _bare_bylines(lines[:12], facts)
    headline, standfirst, story = heads.read(lines)
    _signature(story, facts)
    body = [line for line in story if line.kind == "text"]
    if not body:
        raise Rejected("it has no story text")
    for i, line in enumerate(body[1:4], start=1):  # bullet points above a dateline
        if datelines.read(line.text):
            standfirst = " ".join([standfirst, *(b.text for b in body[:i])]).strip()
            del body[:i]
            break
    dateline = datelines.read(body[0].text)
    if dateline and dateline.end >= len(body[0].text.rstrip()) and len(body) > 1:
        body[1] = heads.Line(f"{body[0].text.rstrip()} {body[1].text}", body[1].block)
        del body[0]  # "MADRID, 10 Jul. (EUROPA PRESS) -" alone on its line
    paragraphs = _paragraphs(body)
    if dateline:
        facts.outlet(_DATELINE, dateline.agency)
        facts.people += dateline.people
    text = "\n".join([standfirst, *paragraphs])
    facts.cites += credits.cited(text)
    facts.outlet(_REPORTS, credits.reporting_outlet(text))

    lead = paragraphs[0][dateline.end :] if dateline else paragraphs[0]
    title = summarize(clean_text(headline or _first_sentence(lead.strip())), 200)
    rest = [p for p in paragraphs if p != title]
    summary = summarize(standfirst) if standfirst else summarize(" ".join(rest[:2]) or title)
    source = min(facts.outlets)[1] if facts.outlets else ""
    facts.digits = _digit_order(facts, source, text)
    if facts.digits == "md":  # "07/08/2023" is July 8
        facts.dates = [d.month_first() for d in facts.dates]
    published, updated, date_from = dates_of(facts, dateline, context)
    return [
        Article(
            title=title,
            content_html=paragraphs_to_html(paragraphs),
            summary=summary,
            published=published,
            updated=updated,
            slug=context.stem,
            authors=tuple(authors_of(facts, source)),
            source=source,
            cites=tuple(cites_of(facts, dateline, source)),
            origin=context.name,
            date_from=date_from,
        )
    ]


def _read_lines(text: str, facts: Facts) -> list[heads.Line]:
    """The copy's lines, each with its kind, up to what follows the story; what the
    lines other than text say goes into `facts`."""
    lines: list[heads.Line] = []
    block = 0
    pending_label = ""
    skip_next = False
    for raw in text.translate(_INVISIBLE).split("\n"):
        line = " ".join(raw.split())
        if not line:
            block += 1
            continue
        if line[0] in _BULLETS:
            line = _BULLET.sub("", line)
        line = chrome.strip_tail(line)
        if len(line) > heads.SHORT and line.endswith(heads.SENTENCE_ENDS) and not pending_label \
                and not skip_next and not date_lines.labelled_first(line):
            # most of a story: no label, cut or lead-in, nor a long date line ("PUBLISHED:
            # November 8, 2023 at 4:56 p.m. | UPDATED: November 8, 2023 at 6:00 p.m.")
            facts.prose.append(len(lines))
            lines.append(heads.Line(line, block, _prose_kind(line, facts)))
            continue
        if (chrome.is_cut(line) and facts.prose) or (
                chrome.ends_story(line) and len(facts.prose) >= 2):
            break
        if pending_label:
            line, pending_label = f"{pending_label} {line}", ""
        elif date_lines.is_label(line) or bylines.is_label(line):
            pending_label = line
            continue
        if skip_next:
            lines.append(heads.Line(line, block, "chrome"))
            skip_next = False
            continue
        if chrome.is_lead_in(line):
            skip_next = True
            lines.append(heads.Line(line, block, "chrome"))
            continue
        if facts.ago is None and len(line) <= 60 and (before := date_lines.ago(line)):
            facts.ago = (len(lines), before)
        if facts.relative is None and not facts.prose and not facts.dates \
                and (day := date_lines.relative_day(line)):  # in the head, before any date
            facts.relative = (len(lines), *day)
        dated = len(facts.dates)
        kind = _kind(line, facts, lines)
        if len(facts.dates) > dated:  # each date's line, and whether a list may hold it
            listable = kind == "date" and not date_lines.labelled(line)  # not a byline's
            facts.placed += [(len(lines), listable)] * (len(facts.dates) - dated)
        if kind == "chrome" and chrome.is_photo_credit(line):
            _drop_caption_above(lines)
        lines.append(heads.Line(line, block, kind))
    return lines


def _kind(line: str, facts: Facts, before: list[heads.Line]) -> str:
    """What a line is, its facts noted: date, byline, outlet, foot, chrome or text. A line
    of parts between bars opening with a source line is read part by part: "Source:
    Xinhua| 2023-07-08 04:12:30|Editor: Liu Caiyu"."""
    parts = [p.strip() for p in line.split("|") if p.strip()]
    if len(parts) > 1 and outlets.source_line(parts[0]):
        kinds = [_kind(p, facts, before) for p in parts]
        return next((k for k in ("byline", "date", "outlet") if k in kinds), "foot")
    if found := outlets.header(line):
        facts.outlet(_HEADER, found[0])
        if found[1]:
            _date_line(found[1], facts)
        return "outlet"
    if len(line) <= 40 and line[0].isalnum() and (name := outlets.known(line)):  # "Reuters"
        if _in_topics(before):  # "POLITICS / ISRAEL / HAMAS / CNN": a story's topics
            return "text"
        facts.outlet(_UNDER_BYLINE, name)
        return "outlet"
    if name := outlets.trust(line):
        facts.outlet(_TRUST, name)
        return "chrome"
    if name := outlets.copyright_line(line):
        facts.outlet(_COPYRIGHT, name)
        facts.years += [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", line)[:1]]
        return "foot"
    if (names := outlets.source_line(line)) is not None:
        if names:
            facts.outlet(_SOURCE, names[0])
            facts.cites += names[1:]
        return "foot"
    if date_lines.is_relative(line):
        return "chrome"
    if chrome.is_quoted_post(line):  # the story quotes it: its line stays, its date is its own
        return "text"
    if _date_line(line, facts):
        return "date"
    if (tags := credits.tags(line)) is not None:
        facts.cites += tags
        return "foot"
    if byline := (bylines.read(line) or bylines.read_bare(line) or bylines.outlets_only(line)
                  or bylines.read_marked(line)):
        if any(b.kind == "text" for b in before) and len(before) > 12 and byline.people \
                and not byline.outlets and set(byline.people) <= set(facts.people):
            return "foot"  # the byline again, under the story
        facts.people += byline.people
        facts.byline_outlets += byline.outlets
        facts.outlet(_BYLINE, next(iter(byline.outlets), None))
        if byline.rest:
            _date_line(byline.rest, facts, parts=True)
        return "byline"
    if (foot := bylines.foot(line)) is not None:
        facts.foot_people += foot.people
        facts.cites += foot.outlets
        return "foot"
    if date_lines.read_parts(line):  # "By Daniel | Published: 23. Juli 2017 | …"
        first = _NAME_AND_PLACE.split(line)[0]  # a name alone first: read as a byline below
        marked = _BY.match(first)
        if (marked or not bylines.person(first)) and _date_line(line, facts, parts=True):
            if marked and (byline := bylines.read(first)):  # "By John Walk - Jan 10, 2020"
                facts.people += byline.people
            return "date"
    if not facts.prose and (found := date_lines.read_leading(line)):  # in the head only
        _noted(found, line, facts)  # "27.01.2020 Soziales & Gesundheit", a section after it
        return "date"
    if chrome.is_chrome(line) or chrome.is_photo_credit(line):
        return "chrome"
    if before and before[-1].kind == "byline" and (name := outlets.under_byline(line)):
        facts.outlet(_UNDER_BYLINE, name)
        return "outlet"
    return "text"


def _in_topics(before: list[heads.Line]) -> bool:
    """Whether a line follows a run of topics (two section labels or more of its block, no
    date or byline yet): a page's list of what the story is about, not its masthead."""
    run = list(itertools.takewhile(
        lambda b: b.kind == "text" and b.block == before[-1].block
        and heads.is_section_label(b.text), reversed(before)))
    return len(run) >= 2 and not any(b.kind in ("date", "byline") for b in before)


def _prose_kind(line: str, facts: Facts) -> str:
    """What a long line ending a sentence is: text, unless a credit line, a copyright or
    chrome."""
    if name := outlets.copyright_line(line):
        facts.outlet(_COPYRIGHT, name)
        return "foot"
    if (foot := bylines.foot(line)) is not None:
        facts.foot_people += foot.people
        facts.cites += foot.outlets
        return "foot"
    return "chrome" if chrome.is_chrome_sentence(line) else "text"


def _date_line(line: str, facts: Facts, *, parts: bool = False) -> bool:
    """Whether `line` is a date line (with `parts`, a meta line with a dated part), its
    dates, outlet and writers noted."""
    found = date_lines.read(line) or (date_lines.read_parts(line) if parts else None)
    if found is None:
        return False
    _noted(found, line, facts)
    return True


def _noted(found: date_lines.DateLine, line: str, facts: Facts) -> None:
    """What the date line `line` says (`found`) noted in `facts`."""
    if facts.first is None and date_lines.says_first_published(line):
        facts.first = next((len(facts.dates) + n for n, d in enumerate(found.dates)
                            if d.label == "published" and d.year), None)
    facts.dates += found.dates
    facts.orders += [d.order for d in found.dates if d.order]
    if order := date_lines.zone_order(line):
        facts.orders.append(order)
    facts.years += [d.year for d in found.dates if d.year]
    if found.words and (name := outlets.known(found.words)):
        facts.outlet(_HEADER, name)  # "Saturday July 08 2023, 12.01am, The Times"
    elif names := outlets.source_after(line):
        facts.outlet(_SOURCE, names[0])  # "2023-07-08 10:32:15　来源：新华社"
        facts.cites += names[1:]
    _writers_on(line, found, facts)
    facts.unreadable = facts.unreadable or found.unreadable


def _writers_on(line: str, found: date_lines.DateLine, facts: Facts) -> None:
    """The writers a date line names besides its dates: before a bar ("Sehernur Karsu
    |05.04.2025"), as a byline before the date ("上報快訊／范姜佳鈺 2020年03月12日") or after
    it ("… (IST)Author: Brijesh Srivastava", "… 来源：新华网 作者：王小明")."""
    found_bylines = []
    if found.words and (m := _NAME_BAR.match(line)) and m["name"] == found.words \
            and (name := bylines.person(found.words)):
        facts.people.append(name)
    elif found.words and not line.isascii() and (m := _BEFORE_DIGITS.match(line)):
        found_bylines.append(bylines.read_marked(m[0].strip()))
    if found.byline:
        found_bylines.append(bylines.read(found.byline) or bylines.read_marked(found.byline)
                             or (None if facts.prose else _head_writer(found.byline)))
    for byline in filter(None, found_bylines):
        facts.people += byline.people
        facts.byline_outlets += byline.outlets


def _head_writer(name: str) -> bylines.Byline | None:
    """The writer a head's date line names without "By", its "Par" or "Von" read with the
    date ("Par Jean Dupont le 13 juin 2019"): a person's name in a script with capitals (a
    name of a script without is as likely an outlet's), none of its words an outlet's."""
    person = bylines.person(name)
    if not person or not person[0].isupper() \
            or _OUTLET_WORDS.intersection(person.casefold().split()):
        return None
    return bylines.Byline((person,))


def _digit_order(facts: Facts, source: str, text: str) -> str:
    """How the copy writes a date of digits that reads either way ("02/11/2023"): as its
    dates of digits that read one way only ("13/07/2023") and the zones of its date lines
    ("EDT", "GMT") mostly say; else month first for an outlet of the US; else day first, as
    every language but American English writes it. An English copy with no such sign:
    "recent", read month first when only that day is of the fortnight before the copy's
    file was written (a story is copied while it is news)."""
    votes = Counter(facts.orders)
    if votes["md"] != votes["dm"]:
        return "md" if votes["md"] > votes["dm"] else "dm"
    if source in _US_OUTLETS:
        return "md"
    words = _LETTERS.findall(text.casefold())
    english = sum(word in _ENGLISH for word in words)
    return "recent" if len(words) >= _ENGLISH_WORDS and english > _ENGLISH_SHARE * len(words) \
        else "dm"


def _drop_caption_above(lines: list[heads.Line]) -> None:
    """A short unpunctuated line right above a photo credit is the photo's caption."""
    texts = [line for line in lines if line.kind == "text"]
    if len(texts) > 2 and lines[-1] is texts[-1] and len(lines[-1].text) < 160 \
            and not lines[-1].text.endswith(heads.ENDS):
        lines[-1].kind = "chrome"


def _bare_bylines(lines: list[heads.Line], facts: Facts) -> None:
    """A name alone on its line in the head, beside a date (on its line or the next: "Zimbili
    Vilakazi|Published 15 hours ago"), above a role or above its outlet ("BBC News, The
    Hague", or any site's name above a date), is a byline:
    "Peter Cluskey" above "Sat Jul 8 2023 - 06:00", "Rosalía Sánchez" above "Corresponsal
    en Berlín", "Andreas Ernst, Den Haag" or "Bruno Waterfield, Brussels | …" above a date,
    "Anna Holligan - BBC News, The Hague" below one (naming the outlet too)."""
    texts = [i for i, line in enumerate(lines) if line.kind == "text"]
    for i in texts[1:]:
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or len(lines[i].text) > 60:
            continue
        name, *rest = _NAME_AND_PLACE.split(lines[i].text)
        japanese = _JAPANESE_NAME.match(name) and "date" in (lines[i - 1].kind, nxt.kind)
        if not japanese and not ((name := bylines.person(name)) and name[0].isupper()):
            continue  # (a script without capitals: a label, "مشاهدات عالية", reads as a name)
        outlet_below = nxt.kind == "text" and (outlets.under_byline(nxt.text) or (
            nxt.text if i + 2 < len(lines) and lines[i + 2].kind == "date"
            and _is_outlet_name(nxt.text) and not bylines.is_role(nxt.text) else None))
        # ("The West Australian" above a date; not "Corresponsal en Berlín", a role)
        dated = any(date_lines.labelled_first(r) or date_lines.is_relative(r)
                    or (date_forms.begins(r) and date_lines.read(r)) for r in rest)
        below_headline = i == 1 and texts[0] == 0 and nxt.kind == "chrome"  # "Radek Nohl"
        # under it, above the photo's credit (not a subtitle in capitals: "Mark Rutte Resigns")
        if nxt.kind == "date" or lines[i - 1].kind == "date" or outlet_below or dated or (
                nxt.kind == "text" and bylines.is_role(nxt.text)) or below_headline \
                or date_lines.is_relative(nxt.text) or date_lines.is_relative(lines[i - 1].text):
            lines[i].kind = "byline"
            facts.people.append(name)
            for cut in _NAME_AND_PLACE.finditer(lines[i].text):  # the date after the name:
                after = lines[i].text[cut.end() :]  # "… · CBC News · Posted: Aug 08, 2024"
                if facts.ago is None and (before := date_lines.ago(after)):
                    facts.ago = (i, before)
                dated_before = len(facts.dates)
                if (date_lines.labelled_first(after) or date_forms.begins(after)) \
                        and not date_lines.is_relative(after) and _date_line(after, facts):
                    facts.placed += [(i, False)] * (len(facts.dates) - dated_before)
                    break
            facts.outlet(_UNDER_BYLINE, next(filter(None, map(outlets.known, rest)), None))
            if outlet_below:  # "Anna Holligan" above "BBC News, The Hague"
                facts.outlet(_UNDER_BYLINE, outlet_below)
                nxt.kind = "outlet"
                continue
            if nxt.kind == "text" and not dated and not heads.is_paragraph(nxt.text):  # its role
                nxt.kind = "chrome"


def _is_outlet_name(line: str) -> bool:
    """A short capitalized line naming a site between a byline and its date: "The West
    Australian"."""
    words = line.split()
    return len(words) <= 4 and all(w[:1].isupper() for w in words if len(w) > 3) \
        and not line.endswith((".", "!", "?", ":"))


def _signature(story: list[heads.Line], facts: Facts) -> None:
    """The outlet's name closing the story ("News.Az", "==Kyodo", "EFE"), made a foot line;
    a person's name there, when no byline named one, is the writer signing off ("Lê
    Phương", as VnExpress closes its stories)."""
    texts = [line for line in story if line.kind == "text"]
    if len(texts) < 2 or not (
            len(texts[-2].text) > heads.SHORT or texts[-2].text.endswith(heads.ENDS)):
        return  # not after a paragraph: a page's footer ("Impressum", "Kontakt", "Schließen")
    last = texts[-1]
    text = last.text.strip()
    if not facts.people and not facts.byline_outlets and not text.endswith(("»", "›")) \
            and (writer := bylines.person(text)) and writer[0].isupper() \
            and not outlets.known(text) \
            and not {w.casefold() for w in text.split()} & _OUTLET_WORDS:
        facts.foot_people.append(writer)  # a writer signing off: "Lê Phương", "Ngọc Ánh"
        # and what they wrote from: "Như Tâm (Theo Reuters)", "according to" Reuters
        facts.cites += [name for said in _PARENTHESES.findall(text) for name in credits.cited(said)]
        # (in a script without capitals, "جميع الحقوق محفوظة", all rights reserved, reads as one)
        last.kind = "foot"
    elif (name := outlets.signature(text)) and name not in facts.people \
            and name not in facts.foot_people:
        facts.outlet(_SIGNATURE, name)
        last.kind = "foot"


def _paragraphs(body: list[heads.Line]) -> list[str]:
    """Each line a paragraph, as pages are copied; the lines of a block hard-wrapped at a
    fixed width are joined."""
    paragraphs: list[str] = []
    blocks: dict[int, list[str]] = {}
    for line in body:
        blocks.setdefault(line.block, []).append(line.text)
    for lines in blocks.values():
        wrapped = len(lines) > 1 and all(40 <= len(x) <= 100 for x in lines[:-1]) and not all(
            x.endswith((*heads.ENDS, ":")) for x in lines[:-1])
        paragraphs += [" ".join(lines)] if wrapped else lines
    return paragraphs


def _first_sentence(paragraph: str) -> str:
    for m in _SENTENCE_END.finditer(paragraph):
        if not _ABBREVIATION.search(paragraph[: m.start()]):
            return paragraph[: m.start()] + paragraph[m.start() : m.end()].strip()
    return paragraph
