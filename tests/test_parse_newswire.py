"""Newswire `.txt` files: the seed story exactly, and the variants in tests/data/parse/."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.model import Rejected
from articles.parse import Context, parse

ROOT = Path(__file__).parents[1]
DATA = ROOT / "tests" / "data" / "parse"
SEED = ROOT / "samples" / "2023-07-08-rutte-resigns.txt"
TZ = ZoneInfo("Europe/Amsterdam")
PLUS_TWO = timezone(timedelta(hours=2))
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)
LEAD = ("Dutch Prime Minister Mark Rutte has resigned after the collapse of his coalition "
        "government.")


def read(path: Path, strict_dates: bool = False):
    context = Context(path.name, MTIME, TZ, strict_dates=strict_dates)
    return parse(path.name, path.read_bytes(), context)


def paragraphs(html: str) -> list[str]:
    assert re.fullmatch(r"(<p>[^<]*</p>\n?)+", html), html
    return re.findall(r"<p>([^<]*)</p>", html)


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
                            ".json, .markdown, .md, .txt)"),
    ("story.txt", b" \r\n\t\n", "it is empty"),
    ("story.html", b"\xef\xbb\xbf", "it has no text"),
])
def test_entry_point_refusals(name, data, reason):
    with pytest.raises(Rejected) as refused:
        parse(name, data, Context(name, MTIME, TZ))
    assert str(refused.value) == reason


def parse_text(text: str, strict_dates: bool = False, mtime: datetime = MTIME, tz=TZ):
    context = Context("copy.txt", mtime, tz, strict_dates=strict_dates)
    [a] = parse("copy.txt", text.encode(), context)
    return a


UNREADABLE = ("Harbour reopens after storm\nPublished: 31 Smarch 2023\n\n"
              "The northern lock reopened on Monday after six weeks of repairs.\n")


def test_a_date_that_cannot_be_read_is_named_in_the_log(caplog):
    with caplog.at_level(logging.WARNING, "newsfeed.parse"):
        a = parse_text(UNREADABLE)
    assert (a.published, a.date_from) == (MTIME, "file time")
    assert "copy.txt: its date '31 Smarch 2023' is not a date newsfeed can read" in caplog.text
    assert "copy.txt has no date; using the file's modification time" in caplog.text


def test_a_date_that_cannot_be_read_is_refused_with_strict_dates():
    with pytest.raises(Rejected, match=r"^its date '31 Smarch 2023' is not a date newsfeed"):
        parse_text(UNREADABLE, strict_dates=True)


def test_a_copy_dated_only_hours_ago_takes_the_file_time(caplog):
    with caplog.at_level(logging.WARNING, "newsfeed.parse"):
        a = parse_text("Storm batters Europe\n3 hours ago\nShare\n\nTwo people died as the "
                       "storm swept across western Europe on Thursday.\n")
    assert (a.title, a.published, a.date_from) == ("Storm batters Europe", MTIME, "file time")
    assert "copy.txt has no date" in caplog.text


DATELINE_ONLY = ("Wheat exports may reach a record\nMOSCOW, February 6. /TASS/. Russia's wheat "
                 "exports may reach a record 47 mln tonnes this season, analysts said.\n")


@pytest.mark.parametrize(("extra", "mtime", "day"), [
    ("", datetime(2024, 3, 1, tzinfo=UTC), datetime(2024, 2, 6, tzinfo=TZ)),
    ("", datetime(2024, 1, 15, tzinfo=UTC), datetime(2023, 2, 6, tzinfo=TZ)),  # not ahead
    ("\n© 2021 TASS\n", datetime(2024, 3, 1, tzinfo=UTC), datetime(2021, 2, 6, tzinfo=TZ)),
])
def test_a_datelines_day_takes_the_copys_year_else_the_latest_not_ahead(extra, mtime, day):
    a = parse_text(DATELINE_ONLY + extra, mtime=mtime)
    assert (a.published, a.date_from, a.source) == (day, "dateline", "TASS")
    assert a.title == "Wheat exports may reach a record"


def test_29_february_without_a_year_is_the_latest_leap_day_not_ahead():
    a = parse_text("Leap day\n29 февраля\n\nТекст новости о високосном дне, длинный.\n",
                   mtime=datetime(2025, 1, 1, tzinfo=UTC))
    assert (a.published, a.date_from) == (datetime(2024, 2, 29, tzinfo=TZ), "stated")


def test_bullet_points_above_a_dateline_are_the_summary_not_the_story():
    a = parse_text("Shell to cut 20% of jobs in low-carbon unit\nBy Ron Bousso\n"
                   "February 14, 2024 6:01 PM GMT+1\nSummary\nCompanies\n"
                   "Shell to cut 15% of roles in its low-carbon unit\n"
                   "Move part of CEO's push to boost performance\n"
                   "LONDON, Feb 14 (Reuters) - Shell will cut around 200 jobs, sources said.\n")
    assert (a.title, a.source) == ("Shell to cut 20% of jobs in low-carbon unit", "Reuters")
    assert a.summary == ("Shell to cut 15% of roles in its low-carbon unit Move part of CEO's "
                         "push to boost performance")
    assert paragraphs(a.content_html) == [
        "LONDON, Feb 14 (Reuters) - Shell will cut around 200 jobs, sources said."]


def test_a_name_above_its_outlet_and_a_bulleted_date_label():
    a = parse_text("Dutch PM Mark Rutte resigns\n• Published\n8 July 2023\nShare\nAnna Holligan\n"
                   "BBC News, The Hague\nReporting from The Hague\nDutch Prime Minister Mark "
                   "Rutte has resigned after his coalition collapsed over migration.\n")
    assert (a.authors, a.source) == (("Anna Holligan",), "BBC News")
    assert (a.published, a.date_from) == (datetime(2023, 7, 8, tzinfo=TZ), "stated")
    assert paragraphs(a.content_html) == ["Dutch Prime Minister Mark Rutte has resigned after "
                                          "his coalition collapsed over migration."]


def _text(text: str, name: str = "copy.txt"):
    [a] = parse(name, text.encode(), Context(name, MTIME, TZ))
    return a


US_STORY = ("The vote was held on Friday night after weeks of talks between the four parties of "
            "the coalition.\n\nThe prime minister said he would stay on until a new government "
            "was formed.\n")


@pytest.mark.parametrize(("head", "month", "day"), [
    ("07/08/2023 10:05 AM EDT", 7, 8),  # a US zone: month first
    ("By Mike Corder\n07/08/2023\nAP", 7, 8),  # a US outlet's own copy
    ("07/08/2023 10:05", 8, 7),  # nothing says US: day first
    ("By Euronews with AP\n07/08/2023", 8, 7),  # a European outlet citing AP
    ("07/18/2023 10:05", 7, 18),  # month first whatever the copy says: no 18th month
])
def test_a_date_of_digits_is_read_month_first_in_a_us_copy(head, month, day):
    a = _text(f"Dutch government collapses over migration\n{head}\n\n{US_STORY}")
    assert (a.published.month, a.published.day) == (month, day), a.published


@pytest.mark.parametrize("desk", ["Redazione ANSA", "Redacción ANSA", "Redação ANSA"])
def test_a_newsroom_line_names_its_outlet_and_an_italian_date_line_dates_the_copy(desk):
    copy = (f"Olanda, cade il governo Rutte sui migranti\n"
            "Il premier ha presentato le dimissioni al re. Elezioni in autunno\n"
            f"{desk}\nL'AIA\n08 luglio 2023\n"
            "Il governo olandese guidato da Mark Rutte è caduto venerdì sera dopo il "
            "fallimento dei negoziati sulla politica migratoria.\n"
            "Rutte ha presentato sabato le dimissioni al re Guglielmo Alessandro.\n")
    mtime = datetime(2024, 1, 1, tzinfo=UTC)
    [a] = parse("ansa.txt", copy.encode(), Context("ansa.txt", mtime, TZ))
    assert (a.published, a.date_from) == (datetime(2023, 7, 8, tzinfo=TZ), "stated")
    assert (a.source, a.authors) == ("ANSA", ("ANSA",))


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


@pytest.mark.parametrize(("masthead", "byline", "day"), [
    # the site's date of the day above its menus is not the story's
    ("Wednesday, 02 Dec 2026", "by Jane Doe | 5 November 2026", datetime(2026, 11, 5, tzinfo=TZ)),
    ("December 2, 2026", "By Jane Doe\n\nNovember 28, 2026", datetime(2026, 11, 28, tzinfo=TZ)),
    # a story of the day the page was copied keeps its day: the dated links are others'
    ("Wednesday, 02 Dec 2026", "by Jane Doe | 2 December 2026", datetime(2026, 12, 2, tzinfo=TZ)),
    ("", "By Jane Doe\n\n2 December 2026", datetime(2026, 12, 2, tzinfo=TZ)),
])
def test_a_whole_page_copied_is_dated_by_its_story_not_its_masthead_or_links(
        masthead, byline, day):
    text = f"{masthead}\n{MENUS}\n{STORY.format(byline=byline)}{RELATED}"
    a = parse_text(text, mtime=COPIED)
    assert (a.published, a.date_from) == (day, "stated")


def test_dated_links_above_the_story_do_not_date_it():
    ticker = "".join(f"{d}.11.2026\nOther story {d}\n\n" for d in (27, 25, 24))
    a = parse_text(f"{MENUS}\n{ticker}{STORY.format(byline='Von Jana Berg, 1. Dezember 2026')}",
                   mtime=COPIED)
    assert (a.published, a.date_from) == (datetime(2026, 12, 1, tzinfo=TZ), "stated")


def test_a_day_without_a_year_a_few_hours_ahead_of_the_file_time_is_that_day():
    """The site's clock runs ahead of UTC: a story stamped 17:46 there, saved at 17:26 UTC."""
    a = parse_text("Ferries stop at dawn\nJana Berg, 8 January, 17:46\n\nThe ferry to the "
                   "islands stopped at dawn, the harbour master said on Thursday.\n",
                   mtime=datetime(2026, 1, 8, 17, 26, tzinfo=UTC), tz=UTC)
    assert a.published == datetime(2026, 1, 8, 17, 46, tzinfo=UTC)


def test_an_abbreviated_update_label_marks_an_update():
    a = parse_text("Ferries stop at dawn\n28. Juni 2025 - 16.03 Uhr\nAkt.: 29. Juni 2025 - "
                   "21.18 Uhr\n\nDie Fähre zu den Inseln fuhr am Morgen nicht, sagte der "
                   "Hafenmeister.\n", mtime=COPIED)
    assert (a.published, a.updated) == (datetime(2025, 6, 28, 16, 3, tzinfo=TZ),
                                        datetime(2025, 6, 29, 21, 18, tzinfo=TZ))


def test_a_story_copied_on_its_day_keeps_its_date_over_a_related_story_s_below_its_lead():
    text = ("Ferry service resumes after the storm\nby Jane Doe\n\nThe ferry to the islands "
            "sailed again on Monday after a week of storms kept it in port.\n\n"
            "2 December 2026\nUpdated 16:01\n"
            "The harbour master said repairs to the quay took four days and cost more than "
            "expected.\n\n20 November 2026\nStorm closes the harbour\n\nHe said the ferry "
            "would keep to its winter timetable until March, weather permitting.\n")
    a = parse_text(text, mtime=COPIED)
    assert a.published.date() == datetime(2026, 12, 2).date()


def test_a_copy_ends_where_the_page_suggests_other_stories():
    text = ("Ferry service resumes after the storm\nVon Jana Berg\n\nThe ferry to the islands "
            "sailed again on Monday after a week of storms kept it in port.\n\n"
            "Das könnte Sie auch interessieren\n\nBridge closed for repairs\n"
            "12.04.2024, 10:21 Uhr\nThe bridge over the river stays closed until the summer, the "
            "council said on Friday.\n")
    a = parse_text(text, mtime=COPIED)
    assert (a.published, a.date_from) == (COPIED, "file time")
    assert "bridge" not in a.content_html


def test_a_whole_page_copied_has_its_headline_after_the_menus_not_a_menu_item():
    cookies = ("We use cookies to improve our service. You can find out more in our privacy "
               "policy.\n\nOK\n")
    menus = "".join(f"{item}\n" for item in (
        "Home", "News", "World", "Europe", "Politics", "Business", "Sport", "Culture",
        "Climate", "Science", "Opinion", "Video", "Podcasts", "Newsletters", "Weather",
        "Travel", "Food", "Health", "Tech", "Subscribe", "Sign in", "Search"))
    story = ("The ferry to the islands sailed again on Monday after a week of storms kept it "
             "in port, the harbour master said.\n\nRepairs to the quay took four days and cost "
             "more than the council had expected, he added on Tuesday.\n")
    text = (f"{cookies}{menus}\nWorld\nFerry service resumes after the storm\n\n"
            f"By Jane Doe | 28 November 2026\n\n{story}")
    a = parse_text(text, mtime=COPIED)
    assert (a.title, a.authors) == ("Ferry service resumes after the storm", ("Jane Doe",))
    assert a.published == datetime(2026, 11, 28, tzinfo=TZ)
    assert a.content_html.startswith("<p>The ferry to the islands sailed again")


@pytest.mark.parametrize(("text", "title"), [
    # a section label in a script without spaces, under the headline
    ("イオン銀行社長解任、金融庁処分で　持ち株社長も引責\n金融機関\n2025年1月14日 20:00\n\n"
     "イオン銀行は14日、社長を解任したと発表した。金融庁の業務改善命令を受けた処分で、持ち株会社の"
     "社長も引責辞任する。\n", "イオン銀行社長解任、金融庁処分で 持ち株社長も引責"),
    # a headline saying "Bild:" is no photo credit
    ("Erstes Bild: So könnte die Duisburger Seilbahn aussehen\nTechnologiequartier\n"
     "08.03.2024, 18:59 Uhr\n\nErste Visualisierungen zeigen, wie die Seilbahn in Duisburg "
     "aussehen könnte. Ebenfalls zu sehen ist eine Haltestelle am Hauptbahnhof.\n",
     "Erstes Bild: So könnte die Duisburger Seilbahn aussehen"),
])
def test_the_headline_above_a_section_label_is_the_title(text, title):
    assert parse_text(text, mtime=COPIED).title == title


@pytest.mark.parametrize(("head", "authors", "source", "published", "date_from"), [
    # a name with its outlet and date on one line, without "By"
    ("Yasmine Hassan · CBC News · Posted: Aug 08, 2024 4:00 AM EDT", ("Yasmine Hassan",), "",
     datetime(2024, 8, 8, 4, 0, tzinfo=timezone(timedelta(hours=-4))), "stated"),
    # a name above the site's name above the date
    ("Dan Jervis-Bardy\nThe West Australian\nTue, 26 November 2024", ("Dan Jervis-Bardy",),
     "The West Australian", datetime(2024, 11, 26, tzinfo=TZ), "stated"),
    # a role under the name is neither a person nor an outlet, glued to a place or not
    ("George Anders\nFormer Contributor\nSep 30, 2015,11:12am EDT", ("George Anders",), "",
     datetime(2015, 9, 30, 11, 12, tzinfo=timezone(timedelta(hours=-4))), "stated"),
    ("Daniel Neira - Los Angeles\nWriterLos Angeles\nJUNE 24, 2024 4:23 PM EDT",
     ("Daniel Neira",), "", datetime(2024, 6, 24, 16, 23, tzinfo=timezone(timedelta(hours=-4))),
     "stated"),
    # a role under the name, above the date, is no outlet
    ("Rosalía Sánchez\nCorresponsal en Berlín\n12/07/2023 18:02h", ("Rosalía Sánchez",), "",
     datetime(2023, 7, 12, 18, 2, tzinfo=TZ), "stated"),
    # dates labelled in Swedish and Turkish
    ("Amanda Hällsten\nPublicerad 2026-11-30 14:14", ("Amanda Hällsten",), "",
     datetime(2026, 11, 30, 14, 14, tzinfo=TZ), "stated"),
    ("05.04.2025 - Güncelleme : 06.04.2025", (), "", datetime(2025, 4, 5, tzinfo=TZ),
     "stated"),
    # how long ago, in days or more, is no date of today: a guess back from the file's time
    ("Fouzia Van Der Fort|Published 4 months ago", ("Fouzia Van Der Fort",), "",
     COPIED - timedelta(days=120), "guessed"),
    ("Von Jana Berg\nvor 3 Tagen", ("Jana Berg",), "", COPIED - timedelta(days=3), "guessed"),
    ("By Jane Doe\n3 hours ago", ("Jane Doe",), "", COPIED, "file time"),
])
def test_a_copied_head_s_byline_outlet_and_date(head, authors, source, published, date_from):
    text = (f"Ferry service resumes after the storm\n{head}\n\nThe ferry to the islands sailed "
            "again on Monday after a week of storms kept it in port, the harbour master said."
            "\n\nRepairs to the quay took four days and cost more than the council had "
            "expected, he added.\n")
    a = parse_text(text, mtime=COPIED)
    assert (a.authors, a.source, a.published, a.date_from) == (
        authors, source, published, date_from)


# Copies in scripts without capitals or spaces between names: (text, title, published (in
# the site's zone), authors, outlet, credits).
SCRIPTS = [
    ("国务院常务会议部署稳就业措施\n2023年07月08日 10:32　来源：人民网\n\n"
     "新华社北京7月8日电（记者王小明、李华）国务院总理主持召开国务院常务会议，部署稳就业的政策措施。"
     "会议指出，就业是最大的民生。\n\n会议要求，各地区各部门要切实落实各项政策。\n",
     "国务院常务会议部署稳就业措施", datetime(2023, 7, 8, 10, 32), ("王小明", "李华"),
     "People's Daily", ("Xinhua",)),
    ("日銀、金融政策の現状維持を決定\n２０２３年７月８日　１５：３０\n\n"
     "【東京】日本銀行は8日、金融政策決定会合を開き、大規模な金融緩和策の現状維持を決めた。\n\n"
     "市場では年内の政策修正を予想する声もある。\n\n（山田太郎記者）\n",
     "日銀、金融政策の現状維持を決定", datetime(2023, 7, 8, 15, 30), ("山田太郎",), "", ()),
    ("정부, 하반기 경제정책방향 발표\n송고시간 2023-07-08 14:20\n\n"
     "(서울=연합뉴스) 홍길동 기자 = 정부가 8일 하반기 경제정책방향을 발표했다. 기획재정부는 "
     "올해 경제성장률 전망치를 1.4%로 낮췄다.\n\n추경호 부총리는 말했다.\n\nhong@yna.co.kr\n",
     "정부, 하반기 경제정책방향 발표", datetime(2023, 7, 8, 14, 20), ("홍길동",), "Yonhap", ()),
    ("استقالة رئيس الوزراء الهولندي مارك روته\nالسبت ٠٨ يوليو ٢٠٢٣ - ١٠:١٥ م\nبقلم: أحمد علي\n\n"
     "أعلن رئيس الوزراء الهولندي مارك روته استقالة حكومته بعد فشل الائتلاف الحاكم في الاتفاق على "
     "سياسة الهجرة.\n\nومن المتوقع أن تجرى انتخابات جديدة في وقت لاحق من هذا العام.\n",
     "استقالة رئيس الوزراء الهولندي مارك روته", datetime(2023, 7, 8, 22, 15), ("أحمد علي",),
     "", ()),
    ("روته يعلن استقالة حكومته\nالأحد 9 تموز 2023\n\nلاهاي (رويترز) - أعلن رئيس الوزراء "
     "الهولندي مارك روته يوم الجمعة استقالة حكومته بعد فشل الائتلاف.\n\nوقال روته للصحفيين إن "
     "الخلافات لا يمكن تجاوزها.\n",
     "روته يعلن استقالة حكومته", datetime(2023, 7, 9), ("Reuters",), "Reuters", ()),
    ("ראש ממשלת הולנד מארק רוטה הודיע על התפטרות\nמאת: דנה כהן\nפורסם: 08.07.23, 10:15\n\n"
     "ראש ממשלת הולנד מארק רוטה הודיע ביום שישי על התפטרות ממשלתו לאחר שהקואליציה לא הצליחה "
     "להגיע להסכמה.\n\nהבחירות צפויות להתקיים בסתיו.\n",
     "ראש ממשלת הולנד מארק רוטה הודיע על התפטרות", datetime(2023, 7, 8, 10, 15),
     ("דנה כהן",), "", ()),
    ("Premier Holandii Mark Rutte podał się do dymisji\nŁukasz Żółtowski\n8 lipca 2023, 10:15\n\n"
     "Premier Holandii Mark Rutte ogłosił w piątek dymisję rządu po tym, jak koalicja nie "
     "porozumiała się w sprawie polityki migracyjnej.\n\nNowe wybory odbędą się jesienią.\n",
     "Premier Holandii Mark Rutte podał się do dymisji", datetime(2023, 7, 8, 10, 15),
     ("Łukasz Żółtowski",), "", ()),
    # whole pages copied: a trail of links, share buttons, the editor and related stories
    ("首页 > 新闻 > 国内\n国务院常务会议部署稳就业措施\n"
     "2023-07-08 10:32:15　来源：人民网　作者：王小明\n分享到：\n微信\n微博\n字号：大 中 小\n\n"
     "国务院总理主持召开国务院常务会议，部署进一步稳就业的政策措施。会议指出，就业是最大的民生。\n\n"
     "会议要求，各地区各部门要切实落实各项政策。\n\n【纠错】\n"
     "责任编辑：张三\n相关新闻\n国务院：进一步优化营商环境 2023-07-07\n",
     "国务院常务会议部署稳就业措施", datetime(2023, 7, 8, 10, 32, 15), ("王小明",),
     "People's Daily", ()),
    ("الرئيسية / أخبار العالم\nروته يعلن استقالة حكومته بعد خلاف حول الهجرة\n"
     "نشر في: السبت 8 يوليو 2023 - 10:15 ص | آخر تحديث: السبت 8 يوليو 2023 - 2:40 م\n"
     "شارك\nفيسبوك\nتويتر\n\nأعلن رئيس الوزراء الهولندي مارك روته يوم الجمعة استقالة حكومته "
     "بعد فشل الائتلاف الحاكم، بحسب رويترز.\n\nوقال روته للصحفيين إن الخلافات لا يمكن تجاوزها.\n\n"
     "اقرأ أيضا\nهولندا: انتخابات مبكرة في نوفمبر\n",
     "روته يعلن استقالة حكومته بعد خلاف حول الهجرة", datetime(2023, 7, 8, 10, 15), (), "",
     ("Reuters",)),
]


@pytest.mark.parametrize(("text", "title", "published", "authors", "outlet", "cites"), SCRIPTS,
                         ids=[s[1][:20] for s in SCRIPTS])
def test_copies_in_other_scripts(text, title, published, authors, outlet, cites):
    """Their own date (never the file's), their headline, writers, outlet and credits."""
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", MTIME, TZ))
    assert (a.title, a.published, a.date_from) == (title, published.replace(tzinfo=TZ), "stated")
    assert (a.authors, a.source, a.cites) == (authors, outlet, cites)
    assert "分享" not in a.content_html and "شارك" not in a.content_html


@pytest.mark.parametrize(("written", "day"), [
    (datetime(2023, 5, 12, tzinfo=UTC), datetime(2023, 5, 10, 17, 19, tzinfo=TZ)),  # not October
    (datetime(2023, 12, 1, tzinfo=UTC), datetime(2023, 10, 5, 17, 19, tzinfo=TZ)),  # day first
])
def test_digits_read_either_way_never_date_a_copy_after_it_was_written(written, day):
    """"05/10/23" is 5 October, unless the file was written before then: 10 May."""
    text = ("Ferry strike ends\nBy Jane Doe • 05/10/23 5:19pm\n\nThe ferry strike ended on "
            "Tuesday after the union and the operator agreed on a new contract.\n\n"
            "Services resume tomorrow.\n")
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", written, TZ))
    assert (a.published, a.date_from) == (day, "stated")


@pytest.mark.parametrize(("last", "authors", "outlet"), [
    ("Lê Phương", ("Lê Phương",), ""),  # the writer signs off, as VnExpress closes a story
    ("Daily Sabah", ("Daily Sabah",), "Daily Sabah"),  # the outlet's name: no person
    ("City Desk", ("City Desk",), "City Desk"),  # nor a desk's
    ("News.Az", ("News.Az",), "News.Az"),
])
def test_the_name_closing_a_copy_is_its_writer_s_or_its_outlet_s(last, authors, outlet):
    text = ("Chính phủ Hà Lan sụp đổ\n8/7/2023\n\nThủ tướng Hà Lan Mark Rutte tuyên bố từ chức "
            "sau khi liên minh cầm quyền không đạt được thỏa thuận.\n\nCuộc bầu cử mới sẽ diễn "
            f"ra vào mùa thu.\n\n{last}\n")
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", MTIME, TZ))
    assert (a.authors, a.source) == (authors, outlet)


@pytest.mark.parametrize(("head", "authors"), [
    # a name alone right under the headline
    ("Hlavní aktér Dozimetru prodává vilu\nRadek Nohl\n\nFoto: Seznam Zprávy", ("Radek Nohl",)),
    # a name beside a relative time ("today 9:44"), share buttons run together below it
    ("Janovická knihovna zve na výstavu\nDnes 9:44\nHana Jakubčíková Sádlíková\nFacebookTwitter",
     ("Hana Jakubčíková Sádlíková",)),
    # a name, a bar and the date on one line
    ("Şarj istasyonu sayısı 11 bini aştı\nSehernur Karsu  |05.04.2025 - Güncelleme : 05.04.2025",
     ("Sehernur Karsu",)),
    # a Japanese name, family and given name apart, under the date
    ("小笠原諸島の警察無線「不感地帯」解消\n2025/1/21 20:50\n\n大渡 美咲\n社会", ("大渡 美咲",)),
])
def test_a_name_alone_in_the_head_is_its_byline(head, authors):
    text = (f"{head}\n\nThe ferry strike ended on Tuesday after the union and the operator "
            "agreed on a new contract for the crews.\n\nServices resume tomorrow morning.\n")
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", MTIME, TZ))
    assert a.authors == authors
    assert "Facebook" not in a.content_html


def test_a_list_of_stories_of_one_day_does_not_date_a_copy_its_update_dates():
    """A whole page copied: its own line labels only the update; below the story, other
    stories, each with the day they came out, all the same day."""
    paragraph = "英国广播公司报道，上海市政府周四宣布了新的防控措施，以应对禽流感疫情的扩散。"
    text = "\n".join([
        "上海宣布新防控措施", "更新时间 2012年12月10日, 格林尼治标准时间10:41", "", paragraph, "",
        paragraph, "", "环保局长称“红水不代表不达标”引众怒 2013年4月4日",
        "上海1人与H7N9感染者接触出现症状 2013年4月4日",
        "博鳌将开幕中日及两岸经贸成焦点 2013年4月4日",
        "蒋介石纪念活动在台湾引起争议 2013年4月4日",
        "中国宣布动用一切资源抗击禽流感 2013年4月4日"])
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", MTIME, TZ))
    assert (a.published.date().isoformat(), a.date_from) == ("2012-12-10", "stated")


def test_a_chinese_page_copied_whole_keeps_its_headline_below_the_menus():
    """A Chinese headline has no spaces: it is one "word", but not a menu's item."""
    menus = ["网易首页", "应用", "网易新闻", "新闻", "国内", "国际", "图片", "军事", "体育", "娱乐",
             "财经", "股票", "汽车", "科技", "手机", "时尚", "房产", "旅游", "教育", "健康", "亲子"]
    paragraph = ("国务院联防联控机制印发通知，要求各地区根据疫情防控形势实施差异化防控策略，"
                 "湖北省和武汉市要全面加强疫情防控，继续实施严格管控措施，"
                 "北京市要按照外防输入、内防扩散的策略做好防控工作。")
    text = "\n".join([*menus, "国务院联防联控机制:湖北和武汉要严格管控防输出",
                      "2020-02-29 18:34:31　来源: 新华社", "", paragraph, "", paragraph, ""])
    [a] = parse("copy.txt", text.encode(), Context("copy.txt", MTIME, TZ))
    assert a.title == "国务院联防联控机制:湖北和武汉要严格管控防输出"
    assert a.published.date().isoformat() == "2020-02-29"
