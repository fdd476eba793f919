"""How one date is written, in any script: the patterns that find it in a piece of text, and
what it states (`Stated`: day, month, year if given, time, zone).

Numeric and ISO dates, East Asian year-first dates with Japan's eras and the Republic of
China's years (Taiwan's "112年"), Iran's solar calendar and Thailand's Buddhist era, and months
written out in some forty languages ("8 July", "juillet", "آب/اغسطس"), with other scripts'
digits read as digits. English months are read here, without a library; other languages' go to
dateparser (`articles.dates.parse_in_languages`), with the language the month's name tells.
What a line says around its dates (labels, bylines, relative phrases) is `date_lines`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, tzinfo
from functools import lru_cache

from articles.dates import ZONE_NAMES, parse_in_languages, zone
from articles.parse.newswire.date_words import (
    BUDDHIST_ERA,
    ERAS,
    JALALI_NAMES,
    MONTHS,
    NUMBERED,
    THAI_NAMES,
    WEEKDAYS,
)

_ENGLISH = {name for name in NUMBERED if name.isascii()}
_LANGUAGES_OF: dict[str, list[str]] = {}
for _lang, _names in MONTHS.items():
    for _name in _names.split():
        _LANGUAGES_OF.setdefault(_name, []).append(_lang)
for _name in NUMBERED.keys() - _ENGLISH:
    _LANGUAGES_OF[_name] = ["ar"]
_MONTH_WORDS = frozenset(name.split()[0] for name in _LANGUAGES_OF)  # for a cheap first look
_MONTH = (r"(?<![^\W\d_])(?:"
          + "|".join(sorted(map(re.escape, _LANGUAGES_OF), key=len, reverse=True))
          + r")(?![^\W\d_])\.?")
_WEEKDAY = ("(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True))
            + r")(?![^\W\d_])\.?,?")
_DAY = r"(?<![\d:])(?P<day>[0-3]?\d)(?:\.|er|st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_WRITTEN_DM = (rf"{_DAY}\s*(?:de\s+)?(?P<month>{_MONTH})(?:\s*/\s*{_MONTH})?"  # "04 آب/اغسطس"
               rf"(?:,?\s*(?:de|del)?\s*{_YEAR})?")
_WRITTEN_MD = rf"(?P<month>{_MONTH})\s*{_DAY}(?!\d)(?:,?\s*{_YEAR})?"
_WRITTEN_YMD = rf"{_YEAR}(?:\.|\s+m\.)\s*(?P<month>{_MONTH})\s*{_DAY}(?!\d)"  # hu, lt
_NUMERIC = (r"(?<![\d.:])(?P<a>[0-3]?\d)(?P<sep>[./-]|\s/\s)(?P<b>[0-3]?\d)(?P=sep)"
            r"(?P<y>(?:19|20)\d\d|\d\d)(?![\d:])")
_ISO = r"(?<!\d)(?P<iy>(?:19|20)\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)(?!\d)"
_CJK = (r"(?<!\d)(?P<cy>(?:19|20)\d\d|令和\s*(?:\d\d?|元)|平成\s*(?:\d\d?|元)|"
        r"(?:中華)?民[國国]\s*(?:\d{2,3}|元)|1[0-2]\d(?=\s*年))\s*[年년]\s*"
        r"(?P<cm>[01]?\d)\s*[月월]\s*(?P<cd>[0-3]?\d)\s*[日일]")
# "2020年5月20日", "令和5年7月8日", Taiwan's "(中華)民國112年7月8日" or "112年7月8日" (2023)
_YEAR_FIRST = (r"(?<![\d.:/])(?P<fy>(?:19|20)\d\d)(?P<fsep>[./])\s?(?P<fm>[01]?\d)(?P=fsep)\s?"
               r"(?P<fd>[0-3]?\d)(?![\d:])\.?")  # "2018/6/19", "2020.08.27", "2020. 8. 27."
_MONTH_DAY = (r"(?<![\d/])(?P<jm>[01]?\d)/(?P<jd>[0-3]?\d)(?=\s*[（(]\s*[月火水木金土日]\s*[）)])")
# "3/9(木)": Japanese month and day, year-less, before the weekday
_JALALI = (rf"(?<!\d)(?P<pd>[0-3]?\d)\s*(?P<pm>{'|'.join(JALALI_NAMES)})\s*"
           r"(?P<py>1[34]\d\d)(?!\d)")
_THAI = (rf"(?<!\d)(?P<td>[0-3]?\d)\s*(?P<tm>{'|'.join(map(re.escape, THAI_NAMES))})\s*"
         r"(?P<ty>25\d\d)(?!\d)")  # "8 ก.ค. 2566": the Buddhist era's year
DIGITS = [re.compile(p, re.IGNORECASE) for p in (_ISO, _CJK, _YEAR_FIRST, _NUMERIC,
                                                   _MONTH_DAY, _JALALI, _THAI)]
WRITTEN = [re.compile(p, re.IGNORECASE) for p in (_WRITTEN_YMD, _WRITTEN_DM, _WRITTEN_MD)]
TIME = re.compile(r"(?<![\d.:/])(?P<h>[0-2]?\d)\s*(?:[:h時시]|\.(?=\d\d(?:\b|[ap]m)))"
                   r"(?P<m>[0-5]\d|(?<=[時시])\d(?!\d))[分분]?"
                   r"(?::(?P<s>[0-5]\d))?(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?!\w))?", re.IGNORECASE)
# What a text holds wherever TIME finds a time in a line of it, whatever digits it is written
# in (`ascii_digits`): an hour's digit, then a separator and a minute's digit. Reading a line
# only inserts spaces and cuts it, so a text without this states no time (`page_dates` then
# reads no date line for one); a date between an hour and its minutes is no exception worth
# the cost.
CLOCK = re.compile(r"\d\s*(?:[:：hH時시]\d|[.．]\d\d)")
# A letter of the scripts written without spaces between words: kana, Han, Hangul.
CJK_LETTER = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_WEEKDAY = re.compile(r"[（(]\s*[月火水木金土日월화수목금토일]\s*[）)]")  # "（水）"
ZONE = re.compile(r"\(?\b(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d\d)?\)?|"
                   rf"\b(?:{'|'.join(sorted(ZONE_NAMES, key=len, reverse=True))})\b")

_MARKS = ("\u0300-\u036f\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0903"
          "\u093a-\u094f\u0951-\u0957\u0962\u0963\u0981-\u0983\u09bc-\u09d7"
          "\u0a01-\u0d7f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e")  # the other Indic scripts whole
WORD = re.compile(rf"[^\W\d_][\w.'’{_MARKS}-]*")
# Other scripts' digits, and the full-width ones and colon of CJK text, as ASCII.
_ASCII_DIGITS = {base + n: str(n) for base in (0x660, 0x6F0, 0x966, 0x9E6, 0xE50, 0xFF10)
                 for n in range(10)} | {0xFF1A: ":", 0xFF0F: "/", 0xFF0E: ".", 0x3000: " "}
# Morning and afternoon as words before or after the time: "오후 2:20", "10:15 م".
_CLOCK_WORDS = [
    (re.compile(r"(?:오후|午後|下午)\s*(\d{1,2}:\d\d)"), r"\1 pm"),
    (re.compile(r"(?:오전|午前|上午)\s*(\d{1,2}:\d\d)"), r"\1 am"),
    (re.compile(r"(\d{1,2}:\d\d)\s*(?:م|مساءً?)(?!\w)"), r"\1 pm"),
    (re.compile(r"(\d{1,2}:\d\d)\s*(?:ص|صباحًا|صباحا)(?!\w)"), r"\1 am"),
    (re.compile(r"(\d{1,2}:\d\d(?::\d\d)?)\s*ب\.?\s?ظ"), r"\1 pm"),  # Persian
    (re.compile(r"(\d{1,2}:\d\d(?::\d\d)?)\s*ق\.?\s?ظ"), r"\1 am"),
]


@dataclass(frozen=True)
class Stated:
    """One date a date line states: its label and its parts, `year` None when not given."""

    label: str  # "published", "updated" or "until" (an offer's or a right's end)
    year: int | None
    month: int
    day: int
    hour: int = 0
    minute: int = 0
    tz: tzinfo | None = None  # the zone the line names, else None (the site's)
    timed: bool = False
    second: int = 0
    swappable: bool = False  # digits alone, read day first, that read month first too
    order: str = ""  # digits alone that read one way only: "dm" (13/07/2023), "md" (07/13/2023)
    slashed: bool = False  # digits parted by slashes, as the US and the rest write them

    def month_first(self) -> Stated:
        """The date read month first, as the US writes "07/08/2023"."""
        if not self.swappable:
            return self
        return replace(self, month=self.day, day=self.month, swappable=False)

    def at(self, year: int, site_tz: tzinfo) -> datetime:
        return datetime(year, self.month, self.day, self.hour, self.minute, self.second,
                        tzinfo=self.tz or site_tz)


def ascii_digits(line: str) -> str:
    text = line.translate(_ASCII_DIGITS)
    for pattern, repl in _CLOCK_WORDS:
        text = pattern.sub(repl, text)
    return text


def months_in(segment: str) -> list[int]:
    """Where month names start in a segment (a cheap look before the written patterns)."""
    return [m.start() for m in WORD.finditer(segment)  # "jul" of "8.jul.2023" too
            if m[0].lower().rstrip(".,") in _MONTH_WORDS
            or m[0].lower().split(".")[0] in _MONTH_WORDS]


@lru_cache(maxsize=256)
def date_in(segment: str) -> re.Match | None:
    """The best date of a segment: a written month settles a numeric one beside it."""
    found = [m for pattern in DIGITS for m in [pattern.search(segment)] if m]
    for start in months_in(segment)[:1]:
        for pattern in WRITTEN:  # day before the month ("8 July"), or after ("July 8")
            if m := pattern.search(segment, max(0, start - 8)):
                found.append(m)
    if not found:
        return None
    written = [m for m in found if "month" in m.groupdict() and m["month"]]
    return written[0] if written else found[0]


def date_stated(label: str, segment: str, m: re.Match) -> Stated | None:
    groups = m.groupdict()
    tz = zone_in(segment[m.end() :]) or zone_in(segment[: m.start()])
    rest = segment[: m.start()] + " " + segment[m.end() :]
    for pattern in DIGITS:  # another date's digits are no time ("bis 14.03.2024")
        rest = pattern.sub(" ", rest)
    time = TIME.search(rest)
    hour, minute = hour_minute(time) if time else (0, 0)
    second = int(time["s"] or 0) if time else 0
    swappable, order, slashed = False, "", False
    if groups.get("iy"):
        year, month, day = int(m["iy"]), int(m["im"]), int(m["id"])
        try:  # ISO 8601 with its own offset: "2023-07-08T14:05:00+02:00"
            iso = datetime.fromisoformat(segment.strip(" ,|"))
            hour, minute, second, tz = iso.hour, iso.minute, iso.second, iso.tzinfo or tz
        except ValueError:
            pass
    elif groups.get("cy"):
        year, month, day = _year(m["cy"]), int(m["cm"]), int(m["cd"])
    elif groups.get("fy"):
        year, month, day = int(m["fy"]), int(m["fm"]), int(m["fd"])
    elif groups.get("jm"):
        year, month, day = None, int(m["jm"]), int(m["jd"])
    elif groups.get("py"):
        from convertdate import persian  # only for a date of Iran's calendar

        try:
            year, month, day = persian.to_gregorian(int(m["py"]), JALALI_NAMES[m["pm"]],
                                                    int(m["pd"]))
        except ValueError:
            return None
    elif groups.get("ty"):
        year, month, day = int(m["ty"]) - BUDDHIST_ERA, THAI_NAMES[m["tm"]], int(m["td"])
    elif groups.get("a"):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        day, month = int(m["a"]), int(m["b"])
        order = "md" if month > 12 else "dm" if day > 12 else ""
        if month > 12:  # 07/18/2023 can only be month first
            day, month = month, day
        swappable = day != month and day <= 12 and month <= 12
        slashed = m["sep"].strip() == "/"
    else:
        parsed = _written(m)
        if parsed is None:
            return None
        month, day = parsed.month, parsed.day
        year = int(m["year"]) if m["year"] else _year_beside(segment)
    try:
        datetime(year or 2000, month, day, hour, minute)
    except ValueError:
        return None
    return Stated(label, year, month, day, hour, minute, tz, time is not None, second,
                  swappable, order, slashed)


def _year_beside(segment: str) -> int | None:
    """The one year a segment names apart from its day and month: "8 jul - 2023"."""
    years = set(re.findall(r"(?<![\d:.])((?:19|20)\d\d)(?![\d:])", segment))
    return int(years.pop()) if len(years) == 1 else None


def _year(text: str) -> int:
    """A year as written, by Japan's eras and the Republic of China's too: "2023", "令和5",
    "令和元" (2019), "民國112" and "112" (2023)."""
    text = text.removeprefix("中華")
    if text[:2] in ERAS:
        number = text[2:].strip()
        return ERAS[text[:2]] + (1 if number == "元" else int(number))
    return int(text) + (ERAS["民國"] if len(text) == 3 else 0)


def _written(m: re.Match) -> datetime | None:
    """Month and day of a written date: English from the table, others by dateparser;
    None for a day the month does not have."""
    month = " ".join(m["month"].rstrip(".").lower().split())
    if month in NUMBERED:  # no library needed
        try:
            return datetime(int(m["year"] or 2000), NUMBERED[month], int(m["day"]))
        except ValueError:
            return None
    text = f"{int(m['day'])} {m['month']} {m['year'] or ''}".strip()
    return parse_in_languages(text, tuple(_LANGUAGES_OF.get(month, ["en"])))


def hour_minute(m: re.Match) -> tuple[int, int]:
    hour, minute = int(m["h"]), int(m["m"])
    ampm = (m["ampm"] or "").replace(".", "").replace(" ", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return min(hour, 23), minute


def zone_in(text: str) -> tzinfo | None:
    m = ZONE.search(text)
    return zone(m[0].strip("()")) if m else None


def begins(text: str) -> bool:
    """Whether `text` starts as a date does: a number, a month or a weekday."""
    return bool(_BEGINS.match(text))


_BEGINS = re.compile(rf"^(?:\d|{_MONTH}|{_WEEKDAY}(?!\w))", re.IGNORECASE)
