"""What the HTML page tests share: the real-world-shaped files of `tests/data/parse/html-*`
read as the drop folder reads them, and the paragraphs of a built page's story."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "parse"
TZ = ZoneInfo("Europe/Amsterdam")
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def read(name: str):
    [article] = parse(name, (DATA / name).read_bytes(), Context(name, MTIME, TZ))
    return article


PARAGRAPHS = "".join(f"<p>{'The ferry is back in service after a week. ' * 8}({n})</p>"
                     for n in range(3))
