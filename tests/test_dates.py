"""The date strings people and feeds really write, one case a line (site zone Amsterdam)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.dates import parse_date

TZ = ZoneInfo("Europe/Amsterdam")


def zone(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


CASES = [
    # ISO 8601 and RFC 3339
    ("2023-07-08", datetime(2023, 7, 8, tzinfo=TZ)),
    ("2023-07-08T14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("2023-07-08 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("2023-07-08T14:05:00Z", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    ("2023-07-08T14:05:00+02:00", datetime(2023, 7, 8, 14, 5, tzinfo=zone(2))),
    ("2023-07-08T14:05:00.123+0200", datetime(2023, 7, 8, 14, 5, 0, 123000, tzinfo=zone(2))),
    ("2023-07-08T14:05:00-05:30", datetime(2023, 7, 8, 14, 5, tzinfo=zone(-5.5))),
    ("20230708T140500Z", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    ("2023-07-08 14:05:00 UTC", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    ("2023/07/08", datetime(2023, 7, 8, tzinfo=TZ)),
    # ISO with a zone abbreviation glued on (LSM.lv): still year, month, day
    ("2021-01-03T17:40:00EET", datetime(2021, 1, 3, 17, 40, tzinfo=zone(2))),
    ("2021-01-03T17:40EET", datetime(2021, 1, 3, 17, 40, tzinfo=zone(2))),
    # RFC 822, as in RSS
    ("Sat, 08 Jul 2023 14:05:00 GMT", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    ("Sat, 8 Jul 2023 14:05:00 +0200", datetime(2023, 7, 8, 14, 5, tzinfo=zone(2))),
    ("Sat, 08 Jul 2023 14:05:00 EDT", datetime(2023, 7, 8, 14, 5, tzinfo=zone(-4))),
    ("Sat, 08 Jul 2023 14:05:00 -0000", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    ("08 Jul 2023 14:05 +0000", datetime(2023, 7, 8, 14, 5, tzinfo=UTC)),
    # Written out, as newswire datelines
    ("8 July 2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("Saturday, 8 July 2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("July 8, 2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("July 8th, 2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("Jul 8 2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("July 8, 2023 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("July 8, 2023, 2:05 PM", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("Jul 8, 2023 2:05 p.m.", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("14:05, 8 July 2023", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("Saturday 8 July 2023 at 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("8 July 2023 | 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("8 July 2023 · 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("8 July 2023 14:05 CEST", datetime(2023, 7, 8, 14, 5, tzinfo=zone(2))),
    ("July 8, 2023 2:05 PM EST", datetime(2023, 7, 8, 14, 5, tzinfo=zone(-5))),
    ("Sat Jul  8 14:05:00 2023", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("  8   July\n2023 ", datetime(2023, 7, 8, tzinfo=TZ)),
    # All numbers: day first, unless the day cannot be first
    ("08.07.2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("8.7.2023 14:05", datetime(2023, 7, 8, 14, 5, tzinfo=TZ)),
    ("08/07/2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("08-07-2023", datetime(2023, 7, 8, tzinfo=TZ)),
    ("07/18/2023", datetime(2023, 7, 18, tzinfo=TZ)),
    # Not dates
    ("", None),
    ("16 px", None),
    ("2010", None),
    ("1688774400", None),
    ("Page 3", None),
    ("Sky News", None),
    ("31.02.2023", None),
    ("2023-13-45", None),
    ("next Friday", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[repr(c[0]) for c in CASES])
def test_parse_date(text, expected):
    value = parse_date(text, TZ)
    assert value == expected
    if expected is not None:  # the same instant in the same zone, not just an equal instant
        assert value.utcoffset() == expected.utcoffset()
