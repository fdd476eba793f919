"""Date lines: the dates a page prints above or below its byline, in some forty languages.

"July 8, 2023 1:12 AM GMT+2 Updated 2 hours ago", "Sat 8 Jul 2023 09.12 BST",
"Publié le 08 juillet 2023 à 10h52, modifié le 08 juillet 2023 à 14h20", "08.07.2023,
00:30 Uhr", "23:26 07.07.2023 (обновлено: 02:14 08.07.2023)", "السبت ٠٨ يوليو ٢٠٢٣ - ١٠:١٥ م"
(other scripts' digits are read as digits), "2023. július 8.", and year first as East Asian
pages write them: "2020年5月20日 10時30分", "令和5年7月8日", "2018/6/19 5:50", "입력 2020.08.27
오후 2:20". A line is a date line when,
besides its dates, times, zones and labels, at most two words are left ("La Haya",
"in POLITIEK"). Each date is labelled "published", "updated" or "until" by the word before it.
Relative phrases ("2 hours ago", "vandaag") say nothing a file can resolve: skipped.

How each date is written (numeric, year first, months in other languages, other calendars)
is `date_forms`'; a date without a year comes back with `year=None` for the caller, who
knows the rest of the copy and the file's time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from articles.parse.newswire.date_forms import (
    CJK_WEEKDAY,
    DIGITS,
    TIME,
    WORD,
    WRITTEN,
    ZONE,
    Stated,
    ascii_digits,
    begins,
    date_in,
    date_stated,
    hour_minute,
    months_in,
    zone_in,
)
from articles.parse.newswire.date_words import (
    FIRST_PUBLISHED,
    PUBLISHED,
    TODAY,
    UNTIL,
    UPDATED,
    WEEKDAYS,
    YESTERDAY,
)

_LABEL = re.compile(rf"(?<![^\W\d_])(?:(?P<until>{UNTIL})|(?P<updated>{UPDATED})|"
                    rf"(?P<published>{PUBLISHED}))"
                    r"(?![^\W\d_])\s*(?:\s:|:|/)?", re.IGNORECASE)
# Today and yesterday: a word apart in the scripts of Latin and Greek letters, as written in
# the others (Cyrillic, Arabic, CJK).
_DAYS = (r"\b(?:" + "|".join(re.escape(w) for w in (*TODAY, *YESTERDAY) if max(map(ord, w)) < 0x400)
         + r")\b|" + "|".join(w for w in (*TODAY, *YESTERDAY) if max(map(ord, w)) >= 0x400))
_RELATIVE = re.compile(
    r"\b\d+\s*(?:min(?:ute)?s?|hours?|hrs?|h|days?|weeks?)\s+ago\b|\bago\b|\bjust now\b|"
    r"\bil y a \d+ \w+|\bvor \d+ \w+|\bhace \d+ \w+|"
    r"\b\d+ (?:minuten|minuut|uur|dagen|dag) geleden\b|\d+ \w+ назад|\d+ \w+ тому|"
    r"\bpřed \d+ \w+|\b\d+ \w+ temu\b|\b\d+ \w+ önce\b|\b\d+ \w+ yang lalu\b|"
    r"منذ \d+ \w+|\d+\s*(?:小时|分钟|時間|分|시간|분)\s*(?:前|전)|" + _DAYS, re.IGNORECASE)
_READING = re.compile(r"\b(?:lesedauer|lesezeit|leestijd|lecture|temps de lecture|tiempo de "
                      r"lectura|время чтения)\s*:?\s*\d+\s*\w*\.?|\b\d+\s*(?:min|minute|"
                      r"minutes|minuten|mn)\.?\s*(?:read|de lecture)?\b", re.IGNORECASE)
_FILLER = re.compile(r"(?<![^\W\d_])(?:at|à|a las|um|om|в|de|uhr|horas|hrs|h|года|г|on|le|"
                     r"am|el)(?![^\W\d_])|[|•·,;:()/\-–—]+", re.IGNORECASE)
# Letters go on through the marks that some scripts write them with (Devanagari's vowels).
# Words of relative dates ("3 hours ago"), and of reading times ("2 min"), to look for before
# their patterns; a line saying only how long ago has the first (its "min" is in "minister").
_AGO_WORDS = ("ago", "just now", "il y a", "vor ", "hace ", "geleden", "назад", "před ",
              " temu", " önce", " lalu", " тому", "منذ", "前", "전", *TODAY, *YESTERDAY)
_RELATIVE_WORDS = (*_AGO_WORDS, "lesedauer", "lesezeit", "leestijd", "lecture", "lectura",
                   "чтения", "min")
# Words a date line may have besides its dates: weekdays, "at", "Uhr", "года" …
_NOT_WORDS = frozenset(("at", "à", "a", "às", "alle", "ore", "las", "um", "om", "в", "de", "uhr",
                        "horas", "hrs", "h",
                        "года", "г", "on", "le", "am", "el", "saat", "στις", "pukul", "lúc",
                        "ngày", "thứ", "godz", "kl", "klo", "kello", "o", "ob", "u", "في",
                        "الساعة", "بتوقيت", "בשעה", "बजे", "记者", "記者", "作者", "编辑", "編輯",
                        *WEEKDAYS))
# A byline after the date: "… (IST)Author: …", "… 聯合報 記者林宸誼／即時報導", "… 作者：王小明"
_BYLINE_AFTER = re.compile(r"(?<=\S)\s*(?=(?:author|autor|auteur|by)\s*:)|"
                           r"(?<=\S)\s*(?=(?:(?:记者|記者)\s*[:：]?|作者\s*[:：])\s*[\u4e00-\u9fff]{2,4}"
                           r"(?:\s|[／/]|$))",
                           re.IGNORECASE)
# A byline run on after a date's last digit: "13. März 2019 von Michael Veeser-Dombrowski",
# "08/08/2017durch Stephan Markus" (its name capitalized)
_NAMED_AFTER = re.compile(r"(?<=\d)\s*(?:[Bb]y|von|durch|par|por|door|przez|av|af)\s+"
                          r"(?=[A-ZÀ-ÖØ-ÞŁŚŻŹĆŃ])")
# A byline before the date, as content systems print it: "Submitted by admin on Mon,
# 03/05/2012 - 10:00", "Gespeichert von rasos am 24. Juli 2017 - 18:55", "Publié par Jean le…"
_NAMED_BEFORE = re.compile(
    r"(?:[^\W\d_]+\s+)?(?:by|von|par|por|door|da|di)\s+(?P<name>[^\d|·•]{1,40}?)\s+"
    r"(?:on|at|am|um|le|el|il|op|em)\s+(?=\S*\d|[^\W\d_]+,?\s+\d)", re.IGNORECASE)
# A name or an outlet glued to the date after it, by copying an inline element: "Yahoo News
# Australia28 October 2020", "Online News EditorJune 11, 2020"
_GLUED_BEFORE = re.compile(r"(?<=[a-zà-ÿ\u0590-\u0dff])(?=\d{1,2}[./ ]\S|(?:January|February|"
                           r"March|April|May|June|July|August|September|October|November|"
                           r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?\s+\d)")
_GLUED_WORDS = 5  # capitalized words before it, at most: a name, a role, an outlet
_CJK_NAME = re.compile(r"[\u4e00-\u9fff\u3040-\u30ff가-힣]{2,5}")
# A source named beside the date, as Chinese sites print it: "2023-07-08 10:32 来源：新华社"
_SOURCE_PART = re.compile(r"(?:来源|來源|出典|출처|المصدر)\s*[:：]\s*[^\s|·•，,]+")
_GLUED = [  # what copying from a page glues together: "20231:45 PM", "GMT+2Updated", a
    # post's date and its update's ("28. Juni 201914. Januar 2020")
    (re.compile(r"((?:19|20)\d\d)(?=[0-2]?\d:\d\d|[0-3]?\d[./])"), r"\1 "),
    (re.compile(r"(?<=[\d)])(?=[A-ZÀ-ÞА-Я][a-zà-ÿа-я])"), " "),  # not the T or Z of ISO
    (re.compile(r"(?<=[^\W\d_])(?=(?:Updated|Modified|Modifié|Mis à jour|Aktualisiert)\b)"),
     " "),
    (re.compile(r"(?<=[^\W\d_]:)(?=\d)"), " "),  # a label's colon: "Datum:26. Januar 2022"
    # an icon's name between the date and a reading time: "March 23, 2020timer5 min. read"
    (re.compile(r"(?<=(?:19|20)\d\d)(?=[a-zà-ÿ]{2})"), " "),
    (re.compile(r"(?<=[^\W\d_])(?=\d{1,2}\s?(?:min|mn)\b)"), " "),
]
MAX_LENGTH = 120
# Two dates joined by a dash or "bis", "to", "au", "al": an event's span ("28.01.2022 –
# 29.01.2022", "vom 12.03.2024 bis 14.03.2024", "12. – 14. März 2024"), no story's date.
_DAY_OF_RANGE = r"\d{1,2}(?:[./]\d{1,2}[./](?:19|20)?\d\d|\.?\s+[^\W\d_]+\.?\s+(?:19|20)\d\d)"
_RANGE = re.compile(rf"(?<![\d.:])\d{{1,2}}(?:[./]\d{{1,2}}(?:[./](?:19|20)?\d\d)?)?\.?\s*"
                    rf"(?:[–—-]|\b(?:bis|to|au|al|until)\b)\s*{_DAY_OF_RANGE}", re.IGNORECASE)



@dataclass(frozen=True)
class DateLine:
    """What a date line holds: its readable dates, and the text of any it could not read."""

    dates: tuple[Stated, ...]
    unreadable: str = ""
    words: str = ""  # the words beside the dates: "The Times" of "…, 12.01am, The Times"
    byline: str = ""  # a byline after them: "Author: Brijesh Srivastava", "記者林宸誼／即時報導"


def read_parts(line: str) -> DateLine | None:
    """The dated part of a post's meta line, its parts set apart by bars or dots ("By Daniel
    | Published: 23. Juli 2017 | Kommentare geschlossen", "3. August 2015 · Filed under
    ziemlich privat"), for a line that is no date line whole; None if no part is one. Dashes
    set parts apart in a short line only ("02.02.2022 10:16 Uhr - 1. Bundesliga - PM
    Vereine"), not in a paragraph ("Wien, 14. Dezember 2021 – Aufgrund der …": a dateline's)."""
    if _RANGE.search(line):  # an event's days, whatever part each is in
        return None
    for bar in _META_BARS[: 1 if len(line) > MAX_LENGTH else 2]:
        if bar.search(line) and (found := next((
                found for part in bar.split(line)
                if (found := read(part) or read_leading(part)) and found.dates), None)):
            return found
    return None


_META_BARS = (re.compile(r"\s*[|•·⋅∙]\s*|\s+//?\s+"), re.compile(r"\s+[-–—]\s+"))


def read_leading(line: str) -> DateLine | None:
    """The whole date a short line opens with (its day, month and year), the words after it
    another thing's: a section, a place, a writer, a count of comments ("25. Januar 2022
    (DJV/FWR) Berlin/Ratingen", "01.02.2022 Kategorie: Synchronschwimmen, Verband"); not a
    sentence opening with a date ("13 March 2019 by the sea, the ferry sank"), a weather
    box's day ("Thursday, Nov 5th 2020 7PM 6°C 10PM 7°C") or an event's days."""
    if len(line) > MAX_LENGTH or not begins(line) or line.endswith(_SENTENCE_END) \
            or "°" in line or _RANGE.search(line):  # a weather box's day, an event's days
        return None
    words = line.split()
    for end in range(1, min(len(words), _LEADING_WORDS + 1)):
        found = read(" ".join(words[:end]))
        if found and found.dates and not found.unreadable and all(
                d.year for d in found.dates):
            return None if words[end][:1].islower() else found
    return None


_LEADING_WORDS = 6  # a date in words, with its weekday: "Montag, 6. November 2023, 15:25"
_SENTENCE_END = (".", "!", "?", "…", "。")


@lru_cache(maxsize=1024)  # the lines of a backlog repeat: "Published 8 July 2023"
def read(line: str) -> DateLine | None:
    """The dates of `line` if it is a date line, else None."""
    if len(line) > MAX_LENGTH or not re.search(r"\d", line):
        return None
    text = line if line.isascii() else ascii_digits(line)
    for pattern, repl in _GLUED:
        text = pattern.sub(repl, text)
    byline = ""
    if cut := _BYLINE_AFTER.search(text):
        text, byline = text[: cut.start()], text[cut.end() :]
    found = _segments(text)
    if found is None and not byline and (cut := _NAMED_AFTER.search(text)):
        text, byline = text[: cut.start()], text[cut.end() :]  # "13. März 2019 von Jana Berg"
        found = _segments(text)
    if found is None and not byline and (cut := _NAMED_BEFORE.match(text)):
        text, byline = text[cut.end() :], cut["name"]  # "Posted by Jana Berg on 8 July 2023"
        found = _segments(text)
    if found is None and not byline and (cut := _GLUED_BEFORE.search(text)) \
            and 0 < len(named := WORD.findall(text[: cut.start()])) <= _GLUED_WORDS \
            and all(word[0].isupper() or word[0].upper() == word[0].lower()  # no case
                    for word in named):  # a name's, not a headline's
        text, byline = text[cut.start() :], text[: cut.start()]  # "Online News EditorJune 11"
        found = _segments(text)
    if found is None:
        return None
    segments, words = found
    dates: list[Stated] = []
    unreadable = ""
    last: Stated | None = None
    for label, segment in segments:
        found = date_in(segment)
        if found is None:
            time = TIME.search(segment)
            if time and last is not None:  # "Updated 12:02" after a dated "Published"
                hour, minute = hour_minute(time)
                last = Stated(label, last.year, last.month, last.day, hour, minute,
                              zone_in(segment) or last.tz, True, swappable=last.swappable)
                dates.append(last)
            elif label and _RELATIVE.sub("", _READING.sub("", segment)).strip(" ,.:|-"):
                unreadable = unreadable or segment.strip()
            continue
        if not label and _RANGE.search(segment):  # an event's days, not a publication's
            label = "until"
        stated = date_stated(label or "published", segment, found)
        if stated is None:
            unreadable = unreadable or segment.strip()
        else:
            dates.append(stated)
            last = stated
    if not dates and not unreadable:
        return None
    return DateLine(tuple(dates), unreadable, words, byline)




def _segments(text: str) -> tuple[list[tuple[str, str]], str] | None:
    """The line cut at its labels into (label, text) pairs, and the words beside the dates;
    None if it is not a date line: too many such words, or no date and no label."""
    pieces: list[tuple[str, str]] = []
    position, label = 0, ""
    for m in _LABEL.finditer(text):
        pieces.append((label, text[position : m.start()]))
        label = "until" if m["until"] else "updated" if m["updated"] else "published"
        position = m.end()
    pieces.append((label, text[position:]))
    pieces = [(lab, seg) for lab, seg in pieces if seg.strip() or lab]
    labelled = any(lab for lab, _ in pieces)
    has_date = any(date_in(seg) for _, seg in pieces)
    if not has_date and not (labelled and len(text) < 60):
        return None
    leftover: list[str] = []
    for _, segment in pieces:
        rest = _without_relative(segment)
        for pattern in (*DIGITS, *(WRITTEN if months_in(rest) else ()), TIME, ZONE,
                        CJK_WEEKDAY, *(() if rest.isascii() else (_SOURCE_PART,))):
            rest = pattern.sub(" ", rest)
        leftover += [w for w in WORD.findall(rest) if w.lower().rstrip(".,") not in _NOT_WORDS]
    if (len(leftover) > 2 and not _names_after(text, leftover)) \
            or (leftover and not labelled and not _has_year_or_time(text)):
        return None
    return pieces, " ".join(leftover)


def _names_after(text: str, leftover: list[str]) -> bool:
    """Whether the words left are the writers' names in a script without spaces after the
    date it opens with: "2020-06-05 20:35 叨叨姐 胡一刀 李小飞刀"."""
    return text[:1].isdigit() and all(_CJK_NAME.fullmatch(w) for w in leftover)


def _has_year_or_time(text: str) -> bool:
    """A year (of the common era, or Thailand's Buddhist one: 2566) or a time."""
    return bool(re.search(r"(?<!\d)(?:19|20|25)\d\d(?!\d)", text) or TIME.search(text))


def _without_relative(segment: str) -> str:
    """A segment without relative phrases and reading times, looked for only when a word
    of theirs is there."""
    lowered = segment.lower()
    if any(word in lowered for word in _RELATIVE_WORDS):
        segment = _RELATIVE.sub(" ", _READING.sub(" ", segment))
    return segment





def says_first_published(line: str) -> bool:
    """Whether the line labels its date as the story's first publication: "First published
    on Fri 7 Jul 2023 22.50 BST", "Erstmals veröffentlicht am …"."""
    return bool(_FIRST_PUBLISHED.search(line))


_FIRST_PUBLISHED = re.compile(rf"(?<![^\W\d_])(?:{FIRST_PUBLISHED})(?![^\W\d_])", re.IGNORECASE)


def zone_order(line: str) -> str:
    """The order of day and month the zone a date line names writes digits in: "md" for a
    US zone ("07/08/2023 10:05 AM EDT"), "dm" for one of the UK, Europe, Asia or Oceania
    ("02/11/2023 02:00pm GMT"); "" for none, or UTC, which sites everywhere print."""
    if _US_ZONE.search(line):
        return "md"
    return "dm" if _DAY_FIRST_ZONE.search(line) else ""


_US_ZONE = re.compile(r"\b(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT)\b")
_DAY_FIRST_ZONE = re.compile(r"\b(?:GMT|BST|CET|CEST|MEZ|MESZ|EET|EEST|MSK|МСК|IST|"
                             r"AEST|AEDT|AWST|NZST|NZDT|SAST|PKT|SGT|MYT|HKT|WIB)\b")


def ago(text: str) -> timedelta | None:
    """How long before the copy a line says the story is, in days or more: "4 months ago",
    "vor 3 Tagen", "il y a 2 semaines", "hace un año", "5 dagen geleden", "2 недели назад";
    None for hours and minutes (the copy's time is near enough) and for anything else."""
    if len(text) > 60 or not _AGO_MARK.search(text) or not (m := _AGO.search(text)):
        return None
    label = _LABEL.match(text)
    if (label and (label["updated"] or label["until"])) or len(WORD.findall(
            text[label.end() if label else 0 : m.start()] + text[m.end() :])) > 2:
        return None  # an update's, or a sentence: "The story of 100 years ago"
    count = m["n"] or m["n2"] or "1"
    unit = (m["unit"] or m["unit2"]).casefold()
    days = next((d for stem, d in _AGO_DAYS if unit.startswith(stem)), None)
    return timedelta(days=int(count) * days) if count.isdigit() and days else (
        timedelta(days=days) if days else None)


_AGO = re.compile(
    r"(?:\b(?P<n>\d+|an?|one|einem|einer|un|une|una)\s+|^)?"
    r"(?P<unit>days?|weeks?|months?|years?|tag(?:en?)?|wochen?|monat(?:en)?|jahr(?:en)?|"
    r"jours?|semaines?|mois|ans?|années?|días?|semanas?|mes(?:es)?|años?|dagen|dag|weken|week|"
    r"maanden|maand|jaar|дн\w*|недел\w*|месяц\w*|год\w*|лет)\s+(?:ago|geleden|назад)\b|"
    r"\b(?:vor|il y a|hace)\s+(?P<n2>\d+|einem|einer|un|une|una)\s+"
    r"(?P<unit2>tag(?:en?)?|wochen?|monat(?:en)?|jahr(?:en)?|jours?|semaines?|mois|ans?|"
    r"années?|días?|semanas?|mes(?:es)?|años?)\b", re.IGNORECASE)
_AGO_MARK = re.compile(r"ago|geleden|назад|vor |il y a|hace ", re.IGNORECASE)  # cheap first
_AGO_DAYS = (("day", 1), ("tag", 1), ("jour", 1), ("día", 1), ("dia", 1), ("dag", 1),
             ("дн", 1), ("week", 7), ("woche", 7), ("semaine", 7), ("semana", 7), ("weken", 7),
             ("недел", 7), ("month", 30), ("monat", 30), ("mois", 30), ("mes", 30),
             ("maand", 30), ("месяц", 30), ("year", 365), ("jahr", 365), ("an", 365),
             ("año", 365), ("jaar", 365), ("год", 365), ("лет", 365))


def labelled_first(text: str) -> bool:
    """Whether `text` opens with a date label: "published 19 May 2026"."""
    return bool(_LABEL.match(text))


def labelled(line: str) -> bool:
    """Whether a date line labels its date ("Published", "Erschienen am", "Updated")."""
    return bool(_LABEL.search(line))


def is_label(line: str) -> bool:
    """A date label alone on its line ("Actualizado:", "Video verfügbar bis:"), its date on
    the next; a word may come before it."""
    return bool((m := _LABEL.search(line)) and m.end() == len(line.rstrip())
                and len(WORD.findall(line[: m.start()])) <= 1)


def relative_day(line: str) -> tuple[int, int, int] | None:
    """(days before the copy's day, hour, minute) of a line dating the story today or
    yesterday at a time, as a site prints its newest stories: "vandaag, 08:15", "Today at
    10:15 AM", "gestern, 22:10 Uhr", "ayer 22:10"; None for anything else (an update's
    "Aangepast vandaag, 10:30" too)."""
    if len(line) > 60 or not (word := _DAY_WORD.search(line)) or not (time := TIME.search(line)):
        return None
    label = _LABEL.match(line)
    if label and (label["updated"] or label["until"]):
        return None
    rest = TIME.sub(" ", _DAY_WORD.sub(" ", line[label.end() if label else 0 :]))
    if WORD.search(_FILLER.sub(" ", rest)) or re.search(r"\d", rest):
        return None  # more than the day and the time: a sentence, a date
    hour, minute = hour_minute(time)
    return (1 if word[0].casefold() in _YESTERDAY else 0), hour, minute


_YESTERDAY = frozenset(YESTERDAY)
_DAY_WORD = re.compile(_DAYS, re.IGNORECASE)


def is_relative(line: str) -> bool:
    """A line that only says how long ago: "3 hours ago", "Update: 2 uur geleden",
    "Publié aujourd’hui à 10h12, modifié à 11h40"."""
    if len(line) > 60 or not any(word in line.lower() for word in _AGO_WORDS):
        return False
    rest = _RELATIVE.sub(" ", line)
    rest = TIME.sub(" ", _LABEL.sub(" ", rest))
    return rest != line and not WORD.search(_FILLER.sub(" ", rest)) and not re.search(r"\d", rest)

