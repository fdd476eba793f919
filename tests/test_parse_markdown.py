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


STORY = "The Dutch prime minister resigned on Saturday, a day after his coalition collapsed."


@pytest.mark.parametrize(("head", "published", "authors"), [
    ("*By Jan de Vries, 8 July 2023*", datetime(2023, 7, 8, tzinfo=TZ), ("Jan de Vries",)),
    ("By Jan de Vries | July 8, 2023", datetime(2023, 7, 8, tzinfo=TZ), ("Jan de Vries",)),
    ("Jan de Vries\n\n**Published 8 July 2023, 10:15**",
     datetime(2023, 7, 8, 10, 15, tzinfo=TZ), ("Jan de Vries",)),
    ("_Gepubliceerd: 08-07-2023 10:15_", datetime(2023, 7, 8, 10, 15, tzinfo=TZ), ()),
])
def test_the_byline_and_date_lines_under_a_heading_date_the_story(head, published, authors):
    """A Markdown story without front matter states its date as a copied story does, in the
    lines under its heading: it is dated by them (not by the file's time), and they leave
    the body."""
    text = f"# Rutte resigns\n\n{head}\n\n{STORY}\n\nHe stays on as caretaker.\n"
    [article] = parse("story.md", text.encode(), Context("story.md", MTIME, TZ))
    assert (article.published, article.authors) == (published, authors)
    assert article.date_from == "stated"
    assert article.content_html == f"<p>{STORY}</p>\n<p>He stays on as caretaker.</p>"


def test_front_matter_s_own_date_and_authors_come_before_the_head_lines():
    text = ("---\ntitle: Rutte resigns\ndate: 2023-07-09\nauthor: Desk\n---\n\n"
            f"*By Jan de Vries, 8 July 2023*\n\n{STORY}\n")
    [article] = parse("story.md", text.encode(), Context("story.md", MTIME, TZ))
    assert article.published == datetime(2023, 7, 9, tzinfo=TZ)
    assert article.authors == ("Desk",)
    assert "By Jan de Vries" in article.content_html  # front matter's word: not read again


def test_a_short_opening_line_without_a_date_stays_and_the_file_time_dates_the_story():
    text = f"# Rutte resigns\n\n*A coalition ends*\n\n{STORY}\n"
    [article] = parse("story.md", text.encode(), Context("story.md", MTIME, TZ))
    assert article.published == MTIME and article.date_from == "file time"
    assert article.content_html.startswith("<p><em>A coalition ends</em></p>")


def test_a_byline_and_a_date_on_two_lines_of_one_block_are_read_too():
    text = f"# Rutte resigns\n\n**Jan de Vries**  \n8 July 2023, 10:15\n\n{STORY}\n"
    [article] = parse("story.md", text.encode(), Context("story.md", MTIME, TZ))
    assert article.published == datetime(2023, 7, 8, 10, 15, tzinfo=TZ)
    assert article.authors == ("Jan de Vries",)
    assert article.content_html == f"<p>{STORY}</p>"


@pytest.mark.parametrize(("front_matter", "published", "updated"), [
    # as other site generators and content systems name the date and the update
    ("pubDate: 2023-07-08", datetime(2023, 7, 8, tzinfo=TZ), None),  # Astro
    ("publishDate: 2023-07-08T10:15:00+02:00\nlastmod: 2023-07-09T08:00:00+02:00",  # Hugo
     datetime(2023, 7, 8, 10, 15, tzinfo=PLUS_TWO), datetime(2023, 7, 9, 8, tzinfo=PLUS_TWO)),
    ("published_at: 2023-07-08T10:15:00+02:00\nupdated_at: 2023-07-09T08:00:00+02:00",
     datetime(2023, 7, 8, 10, 15, tzinfo=PLUS_TWO), datetime(2023, 7, 9, 8, tzinfo=PLUS_TWO)),
    # `date` first, when both are given
    ("date: 2023-07-08\npubDate: 2023-07-01", datetime(2023, 7, 8, tzinfo=TZ), None),
])
def test_the_date_under_other_systems_names_dates_the_story(front_matter, published, updated):
    text = (f"---\ntitle: Harbour reopens\n{front_matter}\ndescription: The harbour reopened."
            "\n---\nThe harbour reopened on Saturday morning after the storm passed.\n")
    [a] = parse("astro.md", text.encode(), Context("astro.md", MTIME, TZ))
    assert (a.published, a.updated, a.date_from) == (published, updated, "stated")
    assert a.summary == "The harbour reopened."  # Astro's and Hugo's `description`


def test_another_system_s_key_holding_something_else_is_left_out():
    text = ("---\ntitle: Harbour reopens\ndate: 2023-07-08\nmodified: true\n"
            "description: [a, b]\n---\nThe harbour reopened on Saturday morning.\n")
    [a] = parse("flags.md", text.encode(), Context("flags.md", MTIME, TZ))
    assert (a.published, a.updated) == (datetime(2023, 7, 8, tzinfo=TZ), None)
    assert a.summary == "The harbour reopened on Saturday morning."


def test_true_or_false_for_a_date_is_refused_naming_the_key():
    text = "---\ntitle: Harbour reopens\nupdated: true\n---\nThe harbour reopened.\n"
    with pytest.raises(Rejected, match="its updated must be a date"):
        parse("flag.md", text.encode(), Context("flag.md", MTIME, TZ))
