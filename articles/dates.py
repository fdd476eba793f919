"""Reading the dates people and feeds write, always into aware datetimes.

A date without a time is midnight, and a time without a zone is local time, in the
site's time zone (`site.timezone`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, tzinfo
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_NUMERIC_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})(?:[ T](\d{1,2}):(\d{2}))?$")


def parse_date(text: str, tz: tzinfo) -> datetime | None:
    """The instant `text` names, or None if it is not a date a person would recognise."""
    text = " ".join(text.strip().split())
    if not text:
        return None
    try:
        return _aware(datetime.fromisoformat(text.replace("Z", "+00:00")), tz)
    except ValueError:
        pass
    if m := _NUMERIC_DMY.match(text):  # 08.07.2023 is day first, as in most of the world
        day, month, year, hour, minute = m.groups()
        try:
            value = datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0))
        except ValueError:
            return None
        return _aware(value, tz)
    try:
        return _aware(parsedate_to_datetime(text), tz)  # RFC 822, as in RSS
    except (TypeError, ValueError, IndexError):
        pass
    if not re.search(r"\d", text):
        return None
    try:
        value = dateutil_parser.parse(text, dayfirst=True, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    if value.year == 1:
        return None
    return _aware(value, tz)


def at_midnight(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=tz)


def to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _aware(value: datetime, tz: tzinfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)
