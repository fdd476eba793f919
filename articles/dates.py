"""Reading the dates people and feeds write, always into aware datetimes.

A date without a time is midnight, and a time without a zone is local time, in the
site's time zone (`site.timezone`). All-numeric dates are day first (08.07.2023 is
8 July) unless that is impossible (07/18/2023), or the year comes first (2023/07/08).
Zone abbreviations mean what they say (BST is UTC+1, MSK UTC+3, ET New York's time).
Dates written in other languages ("8. Juli 2023", "8 июля 2023") are read by
`dateparser`, imported on first use: it costs a few hundred milliseconds once, then a
fraction of a millisecond a date.
"""

from __future__ import annotations

import re
import warnings
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

_NUMERIC = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})(?:,?[ T](\d{1,2}):(\d{2}))?$")
_YEAR_FIRST = re.compile(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?!\d)")
_RFC822 = re.compile(r"^(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_SEPARATORS = re.compile(r"\s*[|·•]\s*")
_HOUR = 3600
# Zone abbreviations English-language news uses; others are read as the site's zone.
_ZONES = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": _HOUR, "WEST": _HOUR,
    "CET": _HOUR, "CEST": 2 * _HOUR, "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "MSK": 3 * _HOUR,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "JST": 9 * _HOUR, "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR,
    # and those of news sites elsewhere ("IST" is India's: its sites print it on every story)
    "KST": 9 * _HOUR, "HKT": 8 * _HOUR, "SGT": 8 * _HOUR, "MYT": 8 * _HOUR, "PHT": 8 * _HOUR,
    "AWST": 8 * _HOUR, "WIB": 7 * _HOUR, "WITA": 8 * _HOUR, "WIT": 9 * _HOUR, "ICT": 7 * _HOUR,
    "IST": 5 * _HOUR + 1800, "PKT": 5 * _HOUR, "EAT": 3 * _HOUR, "SAST": 2 * _HOUR,
    "WAT": _HOUR, "NZST": 12 * _HOUR, "NZDT": 13 * _HOUR,
}
# Zones named by place rather than offset, whose offset follows summer time.
_PLACE_ZONES = {"ET": "America/New_York", "PT": "America/Los_Angeles", "CT": "America/Chicago",
                "UK": "Europe/London", "МСК": "Europe/Moscow"}
ZONE_NAMES = frozenset(_ZONES.keys() | _PLACE_ZONES.keys())  # the abbreviations `zone` reads
_OFFSET = re.compile(r"^(?:GMT|UTC)?\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?$")


def parse_date(text: str, tz: tzinfo) -> datetime | None:
    """The instant `text` names, or None if it is not a date a person would recognise."""
    text = _SEPARATORS.sub(" ", " ".join(text.strip().split()))
    if not text or text.isdigit():  # a bare year or number is not a date
        return None
    try:
        return _aware(datetime.fromisoformat(text), tz)
    except ValueError:
        pass
    if m := _NUMERIC.match(text):
        return _numeric(*(int(g or 0) for g in m.groups()), tz=tz)
    if _RFC822.match(text):  # as in RSS; "-0000" means UTC with no local zone
        try:
            return _aware(parsedate_to_datetime(text), UTC)
        except (TypeError, ValueError, IndexError):
            pass
    if not re.search(r"\d", text):
        return None
    year_first = bool(_YEAR_FIRST.match(text))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            value = dateutil_parser.parse(text, dayfirst=not year_first, yearfirst=year_first,
                                          default=datetime(1, 1, 1), tzinfos=_ZONES)
    except (ValueError, OverflowError):
        return None
    if value.year == 1:
        return None
    return _aware(value, tz)


def _numeric(first: int, second: int, year: int, hour: int, minute: int,
             tz: tzinfo) -> datetime | None:
    """Day first, or month first when the first number cannot be a day of that month."""
    for day, month in ((first, second), (second, first)):
        try:
            return datetime(year, month, day, hour, minute, tzinfo=tz)
        except ValueError:
            continue
    return None


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def zone(name: str) -> tzinfo | None:
    """The zone a date's zone token names: "BST", "ET", "UK", "GMT+2", "UTC +04:00"; none
    for an offset no zone has ("GMT+27": the clocks of the world are 14 hours either side)."""
    name = name.strip().upper()
    if name in _ZONES:
        return timezone(timedelta(seconds=_ZONES[name])) if _ZONES[name] else UTC
    if name in _PLACE_ZONES:
        return ZoneInfo(_PLACE_ZONES[name])
    if m := _OFFSET.match(name):
        offset = timedelta(hours=int(m[2]), minutes=int(m[3] or 0))
        if offset > _FURTHEST_OFFSET:
            return None
        return timezone(-offset if m[1] == "-" else offset) if offset else UTC
    return None


_FURTHEST_OFFSET = timedelta(hours=14)  # Kiribati's Line Islands: UTC+14


@lru_cache(maxsize=4096)
def parse_in_languages(text: str, languages: tuple[str, ...]) -> datetime | None:
    """The naive date and time `text` writes in one of `languages` (ISO 639-1 codes), by
    dateparser; None if it reads none. A missing year is 1900, for the caller to settle."""
    import dateparser  # slow to import: only when a date needs it

    return dateparser.parse(text, languages=list(languages), settings=_DATEPARSER_SETTINGS)


_DATEPARSER_SETTINGS = {
    "PREFER_DATES_FROM": "past",
    "PARSERS": ["absolute-time"],  # no "2 hours ago": a file can't say when it was copied
    "REQUIRE_PARTS": ["day", "month"],
    "RELATIVE_BASE": datetime(1900, 12, 31, 23, 59),  # a missing year comes out as 1900
    "RETURN_AS_TIMEZONE_AWARE": False,  # the zone is read beside it, see `zone`
}
