"""What a parser knows about a file besides its bytes."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import PurePath

from articles.dates import parse_date
from articles.model import Rejected

log = logging.getLogger("newsfeed.parse")


@dataclass(frozen=True)
class Context:
    name: str  # the file's name (in the inbox: its path there), for slugs, messages, origin
    mtime: datetime  # when the file was last written: the date of an undated story
    tz: tzinfo = UTC  # the site's time zone, for dates without one
    strict_dates: bool = False  # refuse undated stories instead of using mtime

    @property
    def stem(self) -> str:
        return PurePath(self.name).stem

    def date(self, value: object, field: str = "date") -> datetime:
        """A date field's value as an aware datetime, or `Rejected` naming the field."""
        if isinstance(value, datetime):
            return value if value.tzinfo else value.replace(tzinfo=self.tz)
        if isinstance(value, int | float) and not isinstance(value, bool):  # Unix time, JSON
            return _from_timestamp(value, field)
        if hasattr(value, "isoformat") and not isinstance(value, str):  # a TOML/YAML date
            value = value.isoformat()
        parsed = parse_date(str(value), self.tz)
        if parsed is None:
            raise Rejected(f"its {field} {str(value)!r} is not a date newsfeed can read")
        return parsed

    def undated(self) -> datetime:
        """The date of a story that gives none: the file's mtime, said in the log."""
        if self.strict_dates:
            raise Rejected("it has no date (strict dates are on)")
        log.warning("%s has no date; using the file's modification time %s", self.name,
                    self.mtime.isoformat())
        return self.mtime


def _from_timestamp(value: float, field: str) -> datetime:
    """Seconds since 1970, or milliseconds (JavaScript's Date.now()) for large values."""
    try:
        return datetime.fromtimestamp(value / 1000 if abs(value) > 1e11 else value, UTC)
    except (OverflowError, OSError, ValueError):
        raise Rejected(f"its {field} {value!r} is not a date newsfeed can read") from None
