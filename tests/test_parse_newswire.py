"""Newswire `.txt` files: the seed story exactly, the variants in tests/data/parse/, what is
refused, and what of a copy is its story (its headline, writers and outlet:
test_newswire_heads.py; how it is dated: test_newswire_copy_dates.py)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from copy_samples import COPIED, MTIME, TZ, paragraphs, parse_text

from articles.model import Rejected
from articles.parse import Context, parse

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "parse"
SEED = ROOT / "samples" / "2023-07-08-rutte-resigns.txt"
PLUS_TWO = timezone(timedelta(hours=2))
LEAD = ("Dutch Prime Minister Mark Rutte has resigned after the collapse of his coalition "
        "government.")


def read(path: Path, strict_dates: bool = False):
    context = Context(path.name, MTIME, TZ, strict_dates=strict_dates)
    return parse(path.name, path.read_bytes(), context)


def test_a_copy_hard_wrapped_at_70_columns_keeps_its_headline_and_its_lead():
    """A short headline above a lead wrapped onto a second line: the headline is not taken
    for a section label (and dropped), nor the lead's first line for the headline."""
    [a] = read(DATA / "newswire-hard-wrapped-headline-above-lead.txt")
    assert a.title == "Ferry timetable changes"
    assert paragraphs(a.content_html) == [
        "The winter timetable starts on Monday, the operator said, with fewer sailings to the "
        "islands and a later first crossing on weekdays.",
        "Passengers are advised to check the new times before travelling, as some connections "
        "with the mainland buses will change.",
        "The summer timetable returns in April."]


@pytest.mark.parametrize("text", [
    "Ferry timetable\nchanges for winter\n\nThe winter timetable starts on Monday.\n",
    "Ferry timetable changes\n\nThe winter\ntimetable starts on Monday, the operator said.\n",
])
def test_no_line_of_a_wrapped_head_or_lead_is_lost(text):
    """A line continued on the next in lower case is no section label: every word stays."""
    [a] = parse("wrapped.txt", text.encode(), Context("wrapped.txt", MTIME, TZ))
    kept = " ".join([a.title, *paragraphs(a.content_html)]).split()
    assert set(text.split()) <= set(kept)


def test_seed_story_exactly():
    [a] = read(SEED)
    title = ("Dutch Prime Minister Mark Rutte has resigned after the dramatic collapse "
             "of his coalition government.")
    assert a.title == title
    assert a.published == datetime(2023, 7, 8, 0, 0, tzinfo=TZ)
    assert (a.authors, a.source, a.cites) == (("News.Az",), "News.Az", ("Sky News",))
    assert (a.slug, a.origin, a.updated) == ("2023-07-08-rutte-resigns", SEED.name, None)
    body = paragraphs(a.content_html)
    assert len(body) == 14
    assert body[0] == title
    assert body[3] == ('"That is why I will immediately… offer the resignation of the entire '
                       'cabinet to the king in writing," he told reports in The Hague on '
                       'Friday night.')
    assert body[-1] == ("Elections to the lower house of the Dutch parliament are set to take "
                        "place later this year.")
    for chrome in ("↺", "16 px", "date 2023", "News.Az</p>"):
        assert chrome not in a.content_html


CASES = [
    ("newswire-dateline-day-month-year.txt", {
        "title": LEAD, "published": datetime(2023, 7, 8, tzinfo=TZ),
        "authors": ("Reuters",), "source": "Reuters", "cites": ()}),
    ("newswire-dateline-month-day-year-time.txt", {
        "title": "Rutte resigns as coalition collapses",
        "published": datetime(2023, 7, 8, 14, 5, tzinfo=TZ),
        "authors": ("Anadolu Agency",), "source": "Anadolu Agency", "cites": ("NOS",)}),
    ("newswire-dateline-dotted-dmy-font-buttons.txt", {
        "title": LEAD, "published": datetime(2023, 7, 8, tzinfo=TZ),
        "authors": ("Reuters",), "source": "Reuters"}),
    ("newswire-dateline-iso-zone-updated-line.txt", {
        "title": LEAD, "published": datetime(2023, 7, 8, 14, 5, tzinfo=PLUS_TWO),
        "updated": datetime(2023, 7, 9, 9, 30, tzinfo=PLUS_TWO),
        "authors": ("Jane Doe",), "source": ""}),
    ("newswire-headline-above-lead.txt", {
        "title": "Dutch PM Mark Rutte resigns", "published": datetime(2023, 7, 8, tzinfo=TZ),
        "authors": ("News.Az",), "source": "News.Az"}),
    ("newswire-byline-two-authors.txt", {
        "title": "Coalition talks fail in The Hague", "published": datetime(2023, 7, 8, tzinfo=TZ),
        "authors": ("Jane Doe", "John Roe"), "source": ""}),
    ("newswire-byline-one-author-reported-comma-citing.txt", {
        "title": "Mr. Rutte has resigned after the collapse of his coalition government.",
        "authors": ("Jane Doe",), "source": "Anadolu Agency", "cites": ("Reuters",)}),
    ("newswire-signature-under-last-line.txt", {
        "title": LEAD, "authors": ("News.Az",), "source": "News.Az"}),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_variants(name, expected):
    [a] = read(DATA / name)
    assert {key: getattr(a, key) for key in expected} == expected
    body = paragraphs(a.content_html)
    assert body[0].startswith(("Dutch Prime Minister", "Mr. Rutte"))  # the lead opens the text
    assert a.title == body[0] or a.title not in body  # a headline is not repeated
    for leftover in ("By Jane", "Source:", "px", "↺", "Published:", "July 8, 2023", "08.07."):
        assert leftover not in a.content_html


BODIES = [
    ("newswire-byline-two-authors.txt", [
        LEAD, "By the end of the night, the four parties had given up.", "He resigned."]),
    ("newswire-signature-under-last-line.txt", [
        LEAD, "Elections to the lower house of the Dutch parliament are set to take place "
              "later this year."]),
    ("newswire-dateline-dotted-dmy-font-buttons.txt", [
        LEAD, "Opposition parties have called for immediate elections."]),
]


@pytest.mark.parametrize(("name", "expected"), BODIES, ids=[b[0] for b in BODIES])
def test_bodies_keep_story_paragraphs_and_drop_the_rest(name, expected):
    [a] = read(DATA / name)
    assert paragraphs(a.content_html) == expected


def test_undated_story_takes_the_file_time_and_says_so(caplog):
    with caplog.at_level(logging.WARNING, "newsfeed.parse"):
        [a] = read(DATA / "newswire-undated.txt")
    assert a.published == MTIME
    assert "newswire-undated.txt has no date" in caplog.text


def test_undated_story_is_refused_with_strict_dates():
    with pytest.raises(Rejected, match=r"^it has no date \(strict dates are on\)$"):
        read(DATA / "newswire-undated.txt", strict_dates=True)


def test_chrome_without_story_is_refused():
    with pytest.raises(Rejected, match=r"^it has no story text$"):
        read(DATA / "newswire-chrome-only-no-story.txt")


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("story.docx", b"text", "its type is not one newsfeed reads (expected one of .htm, .html, "
                            ".json, .markdown, .md, .mht, .mhtml, .txt, .webarchive)"),
    ("story.txt", b" \r\n\t\n", "it is empty"),
    ("story.html", b"\xef\xbb\xbf", "it has no text"),
])
def test_entry_point_refusals(name, data, reason):
    with pytest.raises(Rejected) as refused:
        parse(name, data, Context(name, MTIME, TZ))
    assert str(refused.value) == reason


LEAD = ("The ferry to the islands sailed again on Monday after a week of storms kept it in "
        "port, the harbour master said.\n\n")
MORE = ("Repairs to the quay took four days and cost more than the council had expected, the "
        "harbour master added on Tuesday.\n\nThe council will decide next week whether the "
        "ferry needs a second quay, and the harbour master expects it to say yes.\n\n")


@pytest.mark.parametrize(("text", "paragraphs"), [
    # a related-news box set into the story: the story goes on below it, dated at its end
    (f"Ferry service resumes after the storm\n\n{LEAD}related news\nBridge closed for "
     f"repairs\n\n{MORE}First Published on Apr 8, 2026 04:25 pm\n", 3),
    # a sidebar of related posts above the story, in the page's order
    (f"Ferry service resumes after the storm\nAbout the author: Jana Berg writes on shipping "
     "for the paper and has covered the harbour since she joined it in the spring of 2019.\n\n"
     f"Related Posts\nBridge closed for repairs\nCouncil approves the budget\n\n{LEAD}{MORE}"
     "First Published on Apr 8, 2026 04:25 pm\n", 3),
    # a subheading under the byline's date line, then the story: no role of a writer
    (f"Ferry service resumes after the storm\nyas! | By Cara Stiles | April 8, 2026\nA Week "
     f"Of Storms\n\n{LEAD}{MORE}", 3),
])
def test_a_copy_keeps_every_paragraph_past_boxes_sidebars_and_subheadings(text, paragraphs):
    a = parse_text(text, mtime=COPIED)
    assert a.content_html.count("<p>") >= paragraphs, a.content_html
    assert "sailed again on Monday" in a.content_html
    assert a.published.date() == datetime(2026, 4, 8).date()


def test_a_lead_paragraph_opening_with_its_date_and_a_dash_stays_the_story_s():
    text = ("Hunters: mind the wildlife\nThe hunters' association asks walkers to keep to the "
            "paths and to use the car parks.\n\nVienna, 14 December 2025 – With more people "
            "out in the woods than ever, the association has asked walkers to keep to the paths "
            "and to leave the animals in peace over the winter.\n\nDogs should be kept on the "
            "lead at all times, the association said.\n")
    a = parse_text(text, mtime=COPIED)
    assert "Vienna, 14 December 2025 – With more people" in a.content_html


def test_a_wire_copy_s_copyright_line_without_the_sign_is_its_foot_not_its_text():
    """AP's copies close with "Copyright 2023 The Associated Press. All Rights Reserved."
    (no ©): the outlet's footer, not the story's last paragraph."""
    article = parse_text(
        "Dutch Prime Minister Mark Rutte resigns after coalition collapses\n\n"
        "By MIKE CORDER\nUpdated 3:41 PM GMT+2, July 8, 2023\n\n"
        "THE HAGUE, Netherlands (AP) — Dutch Prime Minister Mark Rutte handed his "
        "government's resignation to King Willem-Alexander on Saturday.\n\n"
        "The king returned from a vacation in Greece to meet Rutte at the palace.\n\n"
        "Copyright 2023 The Associated Press. All Rights Reserved.\n")
    assert article.source == "AP" and article.authors == ("Mike Corder",)
    assert "Copyright" not in article.content_html
    assert article.content_html.endswith("to meet Rutte at the palace.</p>")
