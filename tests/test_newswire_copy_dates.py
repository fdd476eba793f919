"""How a copied story is dated among the many dates a copy holds: lines it cannot read,
lines that are no publication date (an availability, a rights line, a teaser's), a
dateline's day without its year, digits read either way, a whole page's masthead and
dated links (the lines themselves: test_newswire_date_lines.py)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from copy_samples import COPIED, MENUS, MTIME, RELATED, STORY, TZ, paragraphs, parse_text

from articles.model import Rejected

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


@pytest.mark.parametrize("line", ["Available until 14 October 2020", "Deadline: 31 March 2024",
                                  "Video verfügbar bis:\n14.10.2020 ∙ 14:00 Uhr"])
def test_a_copy_s_availability_or_deadline_line_is_not_its_date(line):
    """A broadcaster's video page copied (its rights run out later), a call for entries
    (its deadline): dates the story is not of; the copy states no other, so it takes the
    file time."""
    a = parse_text(f"Supplements: the dubious business of hope\n{line}\n\nDubious traders "
                   "promise help with sleep and aching joints, and some of what they sell was "
                   "never tested at all.\n")
    assert (a.published, a.date_from) == (MTIME, "file time")


def test_a_broadcaster_s_copy_is_dated_by_its_programme_line_not_its_rights():
    a = parse_text("Supplements: the dubious business of hope\n16.10.2019 betrifft: ... ∙ SWR "
                   "Fernsehen\n\nDubious traders promise help with sleep and aching joints, and "
                   "some of what they sell was never tested at all.\n\nBildquelle: SWR\n\n"
                   "Video verfügbar bis:\n14.10.2020 ∙ 14:00 Uhr\n")
    assert (a.published, a.date_from) == (datetime(2019, 10, 16, tzinfo=TZ), "stated")


@pytest.mark.parametrize("marker", ["Lesen Sie auch", "Read also", "See also:"])
def test_a_teaser_s_date_after_a_read_also_marker_is_not_the_story_s(marker):
    """A related story set into the copy below its lead, dated a year before; the story's
    own date is at its end."""
    text = ("Archbishop honours Father Kolbe in Auschwitz\nOn the saint's day this Sunday the "
            "archbishop called for the history of the camp to be kept alive, he said.\n"
            f"{marker}\n \n14/08/2025\nChurch remembers Kolbe in Auschwitz\nWith a service "
            "and a ceremony, Catholics from all over Europe remembered the priest last year.\n\n"
            "Practical solidarity with the victims is essential, the archbishop added.\n\n"
            "14 August 2026, 15:40\nSend\nPrint\n")
    a = parse_text(text, mtime=datetime(2026, 8, 17, 12, tzinfo=UTC))
    assert (a.published, a.date_from) == (datetime(2026, 8, 14, 15, 40, tzinfo=TZ), "stated")


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
    a = parse_text(f"Dutch government collapses over migration\n{head}\n\n{US_STORY}")
    assert (a.published.month, a.published.day) == (month, day), a.published


DE_STORY = ("Die Abstimmung fand am Freitagabend nach wochenlangen Gesprächen der vier "
            "Koalitionsparteien statt.\n\nDer Ministerpräsident sagte, er bleibe bis zur "
            "Bildung einer neuen Regierung im Amt.\n")


@pytest.mark.parametrize(("head", "story", "copied", "month", "day"), [
    # an English copy that says nothing of its order: the reading nearer the file's time,
    # as a story is copied while it is news (the Observer's "11/08/23" is 8 November)
    ("By Alexandra Tremayne-Pengelly • 11/08/23 5:19pm", US_STORY, (2023, 11, 11), 11, 8),
    ("By Alexandra Tremayne-Pengelly • 11/08/23 5:19pm", US_STORY, (2023, 8, 14), 8, 11),
    # a zone of the UK says day first (HuffPost UK), though 3 May is nearer the copy
    ("By Ron Dicker\n05/03/2023 02:00pm GMT", US_STORY, (2023, 5, 6), 3, 5),
    # so does another date of digits that reads one way only
    ("By Ron Dicker\n11/08/2023 | Updated 13/11/2023", US_STORY, (2023, 11, 14), 8, 11),
    # dots are day first wherever they are written
    ("By Ron Dicker\n08.07.2023", US_STORY, (2023, 12, 1), 7, 8),
    # and so is every language but English
    ("Von Anna Beispiel\n11/08/2023", DE_STORY, (2023, 11, 11), 8, 11),
])
def test_a_date_of_digits_that_reads_either_way_is_read_as_the_copy_says(
        head, story, copied, month, day):
    a = parse_text(f"Dutch government collapses over migration\n{head}\n\n{story}",
                   mtime=datetime(*copied, 12, tzinfo=UTC))
    assert (a.published.month, a.published.day) == (month, day), a.published


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


US_LEAD = ("A booming ring catering to wealthy clients was broken up on Wednesday, the "
           "prosecutor said.\n\nThree people were arrested and will appear in court on "
           "Thursday morning, where the prosecutor will ask for them to be held.\n")


@pytest.mark.parametrize(("head", "byline", "updated"), [
    # the masthead's "Recommended" (a rail of other stories) does not end the copy before
    # the story's own dated line
    ("NOVEMBER 9, 2023\nSearch\nRECOMMENDED\nSkip to main content\nNEWS\n"
     "Ring catering to politicians busted in Boston\nBy Victor Nava\n"
     "Published Nov. 8, 2023, 10:28 p.m. ET\n", ("Victor Nava",), None),
    # a date line long enough for a paragraph, ending with "p.m.", and a writer's address
    ("Thursday, November 9th 2023\nSubscribe\nLogin\nLOCAL NEWS\n"
     "Ring catering to politicians busted in Boston\n"
     "By GRACE ZOKOVITCH | gzokovitch@bostonherald.com\n"
     "PUBLISHED: November 8, 2023 at 4:56 p.m. | UPDATED: November 8, 2023 at 6:00 p.m.\n",
     ("Grace Zokovitch",), (18, 0)),
    # a section's label glued to its disclaimer (a paragraph alone) above the headline
    ("Thursday, November 9th 2023\nSubscribe\nLogin\nLOCAL NEWSANALYSIS BASED ON FACTUAL "
     "REPORTING, ALTHOUGH IT INCORPORATES THE EXPERTISE OF THE AUTHOR.\nLocal |\n"
     "Ring catering to politicians busted in Boston\n"
     "By GRACE ZOKOVITCH | gzokovitch@bostonherald.com | Boston Herald\n"
     "November 8, 2023 at 4:56 p.m.\n", ("Grace Zokovitch",), None),
])
def test_a_masthead_s_day_gives_way_to_the_story_s_timed_line_in_a_copy_saved_days_later(
        head, byline, updated):
    """A whole page shows the day it was opened at its top; a copy saved to a file days
    later is dated by the story's own line with its time, the day before."""
    saved = datetime(2023, 11, 12, 10, tzinfo=UTC)
    a = parse_text(f"{MENUS}{head}\n{US_LEAD}", mtime=saved, tz=ZoneInfo("America/New_York"))
    assert (a.published.date(), a.date_from, a.authors) == (date(2023, 11, 8), "stated", byline)
    assert (a.updated and (a.updated.hour, a.updated.minute)) == updated


@pytest.mark.parametrize("line", [
    "27.01.2020 Soziales & Gesundheit Startseite App",  # the page's section after it
    "Von Thilo / 27. Januar 2020 / Keine Kommentare",  # a meta line parted by slashes
])
def test_a_whole_page_copied_is_dated_by_a_line_opening_with_its_date(line):
    text = (f"{MENUS}{line}\nRepair café opens in the town hall\n\n"
            "The repair café opens on Saturday in the town hall, where volunteers mend "
            "toasters, bicycles and clothes for free.\n\nIt will open every last Saturday "
            "of the month, the council said on Monday.\n")
    a = parse_text(text, mtime=datetime(2020, 1, 31, tzinfo=UTC))
    assert (a.published.date(), a.date_from) == (date(2020, 1, 27), "stated")
    assert a.title == "Repair café opens in the town hall"


def test_a_post_the_story_quotes_keeps_its_signature_but_does_not_date_the_story():
    text = ("Singer's comeback delights her fans\nJohn Plunkett. Updated November 3rd, 2023\n\n"
            "The singer returned to the stage on Thursday night, and her fans were quick to "
            "say what they made of it.\n\nThis is the best night of my year.\n"
            "— Rachel (@weltonandwadds) November 2, 2023\n\nThe tour continues in March, "
            "her agent said on Friday.\n")
    a = parse_text(text, mtime=datetime(2023, 11, 6, tzinfo=UTC))
    assert (a.published.date(), a.date_from) == (date(2023, 11, 3), "stated")
    assert "— Rachel (@weltonandwadds) November 2, 2023" in paragraphs(a.content_html)


def test_a_masthead_s_day_stays_when_the_timed_line_under_it_is_weeks_older():
    text = (f"{MENUS}Thursday, November 9th 2023\nSubscribe\nLOCAL NEWS\n"
            "Ring catering to politicians busted in Boston\nBy Victor Nava\n"
            f"Updated Oct. 12, 2023, 10:28 p.m. ET\n\n{US_LEAD}")
    a = parse_text(text, mtime=datetime(2023, 11, 12, 10, tzinfo=UTC))
    assert a.published.date() == date(2023, 11, 9)


RELATED_CONTENT = "".join(  # a public radio's related stories, their bylines dated
    f"{title}\nBy {who} | KUT \u2022 {day}, 2026\nPhoto / KUT\n\n{lead}\n\n"
    for title, who, day, lead in (
        ("Judge drops out of runoff", "Jimmy Maas", "Jul 27",
         "The judge has dropped out of the runoff for the seat left vacant."),
        ("Senator steps down in April", "Andy Jechow", "Feb 18",
         "The senator announced he is resigning this spring to lead a school.")))


@pytest.mark.parametrize(("head", "tail", "day"), [
    # the weather box's clock at its default ("01 janvier 1:00", no year) above the headline;
    # the story's date line, with its year, under it
    ("Lome,  01 janvier 1:00,  ° C\nSport\nFerry service resumes after the storm\n"
     "17/03/2026\n\n", "", datetime(2026, 3, 17, tzinfo=TZ)),
    # a blog's meta line in parts, between the byline and the comments; a comment's date below
    ("Ferry service resumes after the storm\nBy Daniel | Published: 23. Juli 2017 | Kommentare "
     "geschlossen\n\n", "\n2 Kommentare\nJana, 29. Juli 2017 um 17:39\nWhat a week.\n",
     datetime(2017, 7, 23, tzinfo=TZ)),
    # the story's own date line written by a script, so not copied; "Related Content" below
    ("Ferry service resumes after the storm\n\nBy Jane Doe\n\n", "The council will decide "
     "next week whether the ferry needs a second quay, and the harbour master expects it to say "
     f"yes.\n\nShareTweetEmail\nRelated Content\n{RELATED_CONTENT}", None),
])
def test_a_whole_page_copied_is_dated_by_the_line_at_its_headline(head, tail, day):
    text = (f"{MENUS}{head}The ferry to the islands sailed again on Monday after a week of "
            "storms kept it in port, the harbour master said.\n\nRepairs to the quay took four "
            f"days and cost more than expected, he added.\n\n{tail}")
    a = parse_text(text, mtime=COPIED)
    assert (a.published, a.date_from) == ((day, "stated") if day else (COPIED, "file time"))


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


@pytest.mark.parametrize(("written", "day"), [
    (datetime(2023, 5, 12, tzinfo=UTC), datetime(2023, 5, 10, 17, 19, tzinfo=TZ)),  # not October
    (datetime(2023, 12, 1, tzinfo=UTC), datetime(2023, 10, 5, 17, 19, tzinfo=TZ)),  # day first
])
def test_digits_read_either_way_never_date_a_copy_after_it_was_written(written, day):
    """"05/10/23" is 5 October, unless the file was written before then: 10 May."""
    text = ("Ferry strike ends\nBy Jane Doe • 05/10/23 5:19pm\n\nThe ferry strike ended on "
            "Tuesday after the union and the operator agreed on a new contract.\n\n"
            "Services resume tomorrow.\n")
    a = parse_text(text, mtime=written)
    assert (a.published, a.date_from) == (day, "stated")


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
    a = parse_text(text)
    assert (a.published.date().isoformat(), a.date_from) == ("2012-12-10", "stated")


@pytest.mark.parametrize("head", [
    # the Guardian prints the update first, then the first publication
    "Sat 8 Jul 2023 10.15 BST\nFirst published on Fri 7 Jul 2023 22.50 BST",
    "Last modified on Sat 8 Jul 2023 10.15 BST\nFirst published on Fri 7 Jul 2023 22.50 BST",
    "Aktualisiert am 08.07.2023, 11:15 Uhr\nErstmals veröffentlicht am 07.07.2023, 23:50 Uhr",
])
def test_the_date_labelled_the_first_publication_is_the_story_s(head):
    a = parse_text("Rutte's coalition collapses over migration\nDutch prime minister offers "
                   "resignation after four-party government fails to agree on asylum rules\n\n"
                   f"Jon Henley Europe correspondent\n{head}\n\nThe Dutch government has "
                   "collapsed after the four parties in Mark Rutte's coalition failed to agree "
                   "on how to limit migration.\n\nRutte offered his resignation to King "
                   "Willem-Alexander on Saturday.\n", mtime=datetime(2023, 7, 8, 12, tzinfo=UTC))
    london = ZoneInfo("Europe/London")
    assert (a.published, a.updated, a.date_from) == (
        datetime(2023, 7, 7, 22, 50, tzinfo=london), datetime(2023, 7, 8, 10, 15, tzinfo=london),
        "stated")


@pytest.mark.parametrize(("line", "published"), [
    # the newest stories dated today or yesterday at a time: that day of the copy's, guessed
    ("vandaag, 08:15", datetime(2023, 7, 8, 8, 15, tzinfo=TZ)),
    ("Today at 10:15 AM", datetime(2023, 7, 8, 10, 15, tzinfo=TZ)),
    ("gestern, 22:10 Uhr", datetime(2023, 7, 7, 22, 10, tzinfo=TZ)),
    ("昨天 22:10", datetime(2023, 7, 7, 22, 10, tzinfo=TZ)),
    ("oggi, 08:15", datetime(2023, 7, 8, 8, 15, tzinfo=TZ)),
    ("اليوم 08:15", datetime(2023, 7, 8, 8, 15, tzinfo=TZ)),
    # later than the copy was made: no such day, the file's time
    ("vandaag, 23:50", datetime(2023, 7, 8, 12, tzinfo=UTC)),
])
def test_a_copy_dated_today_or_yesterday_at_a_time_is_dated_that_day(line, published):
    a = parse_text(f"Kabinet-Rutte IV gevallen over migratie\n\n{line}\n\nHet kabinet-Rutte IV is "
                   "gevallen. De vier coalitiepartijen konden het niet eens worden over het "
                   "migratiebeleid.\n\nPremier Rutte biedt het ontslag aan bij de koning.\n",
                   mtime=datetime(2023, 7, 8, 12, tzinfo=UTC))
    assert (a.published, a.date_from) == (
        published, "guessed" if published.tzinfo is TZ else "file time")
    assert line not in a.content_html
