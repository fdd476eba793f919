"""Markdown files with YAML or TOML front matter, or a heading: tests/data/parse/markdown-*."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.model import Image, Rejected
from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "parse"
TZ = ZoneInfo("Europe/Amsterdam")
PLUS_TWO = timezone(timedelta(hours=2))
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def read(name: str):
    return parse(name, (DATA / name).read_bytes(), Context(name, MTIME, TZ))


CASES = [
    ("markdown-yaml-front-matter.md", {
        "title": "Rutte resigns: what happens next",
        "published": datetime(2023, 7, 8, 14, 5, tzinfo=PLUS_TWO),
        "updated": datetime(2023, 7, 9, 9, 30, tzinfo=PLUS_TWO),
        "authors": ("Jane Doe", "John Roe"), "source": "News.Az",
        "source_url": "https://news.az/", "link": "https://news.az/news/rutte-resigns",
        "tags": ("Netherlands", "Politics"), "language": "en",
        "summary": "The Dutch prime minister offered his cabinet's resignation.",
        "slug": "markdown-yaml-front-matter"}),
    ("markdown-toml-front-matter.md", {
        "title": "Rutte resigns", "published": datetime(2023, 7, 8, 14, 5, tzinfo=UTC),
        "tags": ("Netherlands",), "slug": "rutte-resigns-toml",
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned after the "
                        "<del>dramatic</del> collapse of his coalition.</p>"}),
    ("markdown-heading-no-front-matter.md", {
        "title": "Rutte resigns as coalition collapses", "published": MTIME,
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned.</p>\n"
                        "<h2>What next</h2>\n<p>Elections later this year.</p>"}),
    ("markdown-setext-heading-crlf.markdown", {
        "title": "Rutte resigns", "published": MTIME,
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned.</p>"}),
    ("markdown-front-matter-without-title-uses-heading.md", {
        "title": "Rutte resigns", "published": datetime(2023, 7, 8, tzinfo=TZ),
        "authors": ("Jane Doe",),
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned.</p>"}),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_markdown(name, expected):
    [a] = read(name)
    assert {key: getattr(a, key) for key in expected} == expected
    assert a.origin == name


def test_markdown_body_is_rendered_resolved_and_sanitized():
    [a] = read("markdown-yaml-front-matter.md")
    assert "<strong>Mark Rutte</strong>" in a.content_html
    assert '<a href="https://news.az/news/background"' in a.content_html  # against `link`
    assert "<td>VVD</td>" in a.content_html  # tables are on
    assert "<script" not in a.content_html and "alert" not in a.content_html


def test_the_lead_image_a_correction_and_an_embargo():
    [a] = read("markdown-image-table-correction-embargo.md")
    assert a.image == Image(url="https://news.example/img/lock.jpg", width=1200, height=800,
                            type="image/jpeg", length=48213, caption="The northern lock at dawn",
                            credit="Port Authority")
    # The note is dated by the update it comes with: here none (an `updated` date ahead is
    # refused), so now; the store dates it by the save that keeps it.
    [(note, at)] = [(c.note, c.at) for c in a.corrections]
    assert note == "An earlier version gave the wrong date for the reopening."
    assert abs(at - datetime.now(UTC)) < timedelta(minutes=5)
    assert a.embargo is True
    [ferry] = read("markdown-toml-image-url.md")  # a URL alone
    assert ferry.image == Image(url="https://news.example/img/ferry.png")
    assert (ferry.corrections, ferry.embargo) == ((), False)


REFUSED = [
    ("markdown-image-relative-url.md",
     "its image '/img/ferry.png' is not an absolute http(s) URL"),
    ("markdown-no-title.md",
     "it has no title (start it with a '# Title' line or add front matter)"),
    ("markdown-yaml-unclosed-front-matter.md",
     "its YAML front matter has no closing '---' line"),
    ("markdown-yaml-invalid-front-matter.md",
     "its YAML front matter is not valid YAML: while scanning a quoted scalar"),
    ("markdown-yaml-unreadable-date.md",
     "its date 'next Friday' is not a date newsfeed can read"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, reason):
    with pytest.raises(Rejected) as refused:
        read(name)
    assert str(refused.value) == reason
