"""What the tests of copied stories share: a copy read as the drop folder reads a `.txt`
file, the paragraphs of its body, and the parts of a whole page selected and copied."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from articles.parse import Context, parse

TZ = ZoneInfo("Europe/Amsterdam")
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def parse_text(text: str, strict_dates: bool = False, mtime: datetime = MTIME, tz=TZ):
    context = Context("copy.txt", mtime, tz, strict_dates=strict_dates)
    [a] = parse("copy.txt", text.encode(), context)
    return a


def paragraphs(html: str) -> list[str]:
    assert re.fullmatch(r"(<p>[^<]*</p>\n?)+", html), html
    return re.findall(r"<p>([^<]*)</p>", html)


# A whole page selected and copied: the site's masthead, menus, the story, dated links.
MENUS = "Home\nNews\nSport\nCulture\nSubscribe\nSign in\n"
STORY = ("Ferry service resumes after the storm\n\n{byline}\n\n"
         "The ferry to the islands sailed again on Monday after a week of storms kept it in "
         "port, the harbour master said.\n\n"
         "Repairs to the quay took four days and cost more than expected, he added.\n\n")
RELATED = ("Most read\n\n30 November 2026\nBridge closed for repairs\n\n"
           "29 November 2026\nCouncil approves the budget\n\n"
           "27 November 2026\nSchool reopens after the flood\n")
COPIED = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
