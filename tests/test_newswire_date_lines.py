"""Date lines of copied pages, one case a line: what each states, with label and zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from newswire_corpus import copies

from articles.parse.newswire import date_lines
from articles.parse.newswire.date_forms import CLOCK

SITE = ZoneInfo("Europe/Amsterdam")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")


def z(hours: float) -> timezone:
    return timezone(timedelta(hours=hours))


CASES = [
    ("July 8, 2023 1:12 AM GMT+2 Updated 2 hours ago",
     [("published", datetime(2023, 7, 8, 1, 12, tzinfo=z(2)))]),
    ("September 14, 20231:45 PM GMT+2Updated 5 hours ago",
     [("published", datetime(2023, 9, 14, 13, 45, tzinfo=z(2)))]),
    # a post's date and its update's, each in its element, run together when copied
    ("28. Juni 201914. Januar 2020", [("published", datetime(2019, 6, 28, tzinfo=SITE))]),
    ("Datum:26. Januar 2022", [("published", datetime(2022, 1, 26, tzinfo=SITE))]),
    ("Posted on 25. Januar 202225. Januar 2022",
     [("published", datetime(2022, 1, 25, tzinfo=SITE))]),
    ("Updated 11:26 PM GMT+2, July 7, 2023",
     [("updated", datetime(2023, 7, 7, 23, 26, tzinfo=z(2)))]),
    ("Published 3:14 PM EDT, March 26, 2024",
     [("published", datetime(2024, 3, 26, 15, 14, tzinfo=z(-4)))]),
    ("Sat 8 Jul 2023 09.12 BST", [("published", datetime(2023, 7, 8, 9, 12, tzinfo=z(1)))]),
    ("Last modified on Thu 14 Dec 2023 22.39 CET",
     [("updated", datetime(2023, 12, 14, 22, 39, tzinfo=z(1)))]),
    ("8 July 2023 14:05 (UTC +04:00)", [("published", datetime(2023, 7, 8, 14, 5, tzinfo=z(4)))]),
    ("Issued on: 08/07/2023 - 00:18Modified: 08/07/2023 - 14:43",
     [("published", datetime(2023, 7, 8, 0, 18, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 14, 43, tzinfo=SITE))]),
    ("Published On 10 Jul 2023", [("published", datetime(2023, 7, 10, tzinfo=SITE))]),
    ("2023-07-09 04:12:30", [("published", datetime(2023, 7, 9, 4, 12, 30, tzinfo=SITE))]),
    ("Published: 2023-07-08T14:05:00+02:00",
     [("published", datetime(2023, 7, 8, 14, 5, tzinfo=z(2)))]),
    ("08.07.2023, 00:30 Uhr", [("published", datetime(2023, 7, 8, 0, 30, tzinfo=SITE))]),
    ("Publié le 08 juillet 2023 à 10h52",
     [("published", datetime(2023, 7, 8, 10, 52, tzinfo=SITE))]),
    ("7 juli 2023, 22:49", [("published", datetime(2023, 7, 7, 22, 49, tzinfo=SITE))]),
    ("07/08/2023July 8, 2023",  # US beside written
     [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("Published on 08/07/2023 - 10:49•Updated 12:02",
     [("published", datetime(2023, 7, 8, 10, 49, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 12, 2, tzinfo=SITE))]),
    ("Published July 7, 2023Updated July 8, 2023, 6:28 a.m. ET",
     [("published", datetime(2023, 7, 7, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 6, 28, tzinfo=NEW_YORK))]),
    ("Wednesday 22 May 2024 17:14, UK",
     [("published", datetime(2024, 5, 22, 17, 14, tzinfo=LONDON))]),
    ("Stand: 08.07.2023 11:07 Uhr", [("published", datetime(2023, 7, 8, 11, 7, tzinfo=SITE))]),
    ("08 luglio 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),  # Italian
    ("8 lipca 2023, 10:12", [("published", datetime(2023, 7, 8, 10, 12, tzinfo=SITE))]),  # Polish
    ("Aktualizacja: 12 października 2023 14:40",
     [("updated", datetime(2023, 10, 12, 14, 40, tzinfo=SITE))]),
    # the labels of a last update, in the words sites print them
    ("Dernière mise à jour : 7 janvier 2025", [("updated", datetime(2025, 1, 7, tzinfo=SITE))]),
    ("Última actualización: 7 de enero de 2025",
     [("updated", datetime(2025, 1, 7, tzinfo=SITE))]),
    ("Ultimo aggiornamento: 7 gennaio 2025", [("updated", datetime(2025, 1, 7, tzinfo=SITE))]),
    ("Última atualização: 7 de janeiro de 2025",
     [("updated", datetime(2025, 1, 7, tzinfo=SITE))]),
    ("Pubblicato il sabato 8 luglio 2023 alle 11:52",
     [("published", datetime(2023, 7, 8, 11, 52, tzinfo=SITE))]),
    ("8.jul.2023 às 10h15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("Atualizado: 8.out.2023 às 14h40",  # Portuguese, as Folha writes it
     [("updated", datetime(2023, 10, 8, 14, 40, tzinfo=SITE))]),
    ("7. Juli 2023, 22:08 Uhr", [("published", datetime(2023, 7, 7, 22, 8, tzinfo=SITE))]),
    ("Actualizado Sábado, 8 julio 2023 - 10:15",
     [("updated", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("La Haya - 08 JUL 2023 - 00:18 CEST",
     [("published", datetime(2023, 7, 8, 0, 18, tzinfo=z(2)))]),
    ("8 de julio de 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("za 8 jul 2023 om 10:41", [("published", datetime(2023, 7, 8, 10, 41, tzinfo=SITE))]),
    ("Publié le 07/07/23 à 22h52", [("published", datetime(2023, 7, 7, 22, 52, tzinfo=SITE))]),
    ("23:26 07.07.2023 (обновлено: 02:14 08.07.2023)",
     [("published", datetime(2023, 7, 7, 23, 26, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 2, 14, tzinfo=SITE))]),
    ("10 августа 2023, 07:42 МСК", [("published", datetime(2023, 8, 10, 7, 42, tzinfo=z(3)))]),
    ("8 июля 2023 года 01:12", [("published", datetime(2023, 7, 8, 1, 12, tzinfo=SITE))]),
    ("2023-07-08T10:52:00.000Z", [("published", datetime(2023, 7, 8, 10, 52, tzinfo=UTC))]),
    ("Published: July 8, 2023 at 10:52 a.m. EDT",
     [("published", datetime(2023, 7, 8, 10, 52, tzinfo=z(-4)))]),
    ("10:52 AM, 08 Jul 2023", [("published", datetime(2023, 7, 8, 10, 52, tzinfo=SITE))]),
    ("Bijgewerkt: 8 juli 2023 10:52", [("updated", datetime(2023, 7, 8, 10, 52, tzinfo=SITE))]),
    ("October 26, 2023 8:41 AM UTC Updated ago",
     [("published", datetime(2023, 10, 26, 8, 41, tzinfo=UTC))]),
    # year first, as East Asian pages write them
    ("2020年5月20日 10時30分", [("published", datetime(2020, 5, 20, 10, 30, tzinfo=SITE))]),
    ("2020年5月20日 9時5分", [("published", datetime(2020, 5, 20, 9, 5, tzinfo=SITE))]),
    ("2018年6月20日（水）", [("published", datetime(2018, 6, 20, tzinfo=SITE))]),
    ("2018/6/19 5:50", [("published", datetime(2018, 6, 19, 5, 50, tzinfo=SITE))]),
    ("입력 2020.08.27 20:27", [("published", datetime(2020, 8, 27, 20, 27, tzinfo=SITE))]),
    ("2020년 8월 27일", [("published", datetime(2020, 8, 27, tzinfo=SITE))]),
    # other languages and scripts: their months, labels, digits, eras and clock words
    ("السبت 08 يوليو 2023 - 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("السبت ٠٨ يوليو ٢٠٢٣ - ١٠:١٥ م",  # Arabic-Indic digits, "م" after noon
     [("published", datetime(2023, 7, 8, 22, 15, tzinfo=SITE))]),
    ("8 تموز 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),  # the Levant's month
    ("الأحد 8 كانون الثاني 2023", [("published", datetime(2023, 1, 8, tzinfo=SITE))]),
    ("نشر في: 08/07/2023 - 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("آخر تحديث: 08 يوليو 2023", [("updated", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("Cumartesi, 8 Temmuz 2023 10:15",
     [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("2023. július 8. 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("2024 m. kovo 31 d. 10:15", [("published", datetime(2024, 3, 31, 10, 15, tzinfo=SITE))]),
    ("8. července 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8 липня 2023, 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("Ενημέρωση: 08 Ιουλίου 2023, 10:15",
     [("updated", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("ΣΑΒΒΑΤΟ 8 ΙΟΥΛΙΟΥ 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8 ביולי 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("आखिरी अपडेट: 08 जुलाई 2023, 10:15 IST",
     [("updated", datetime(2023, 7, 8, 10, 15, tzinfo=z(5.5)))]),
    ("Diperbarui 8 Juli 2023, 10:15 WIB", [("updated", datetime(2023, 7, 8, 10, 15, tzinfo=z(7)))]),
    ("Thứ bảy, 8/7/2023, 10:15 (GMT+7)",
     [("published", datetime(2023, 7, 8, 10, 15, tzinfo=z(7)))]),
    ("8 iulie 2023, 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("8 srpnja 2023.", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8. heinäkuuta 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("令和5年7月8日 15時30分", [("published", datetime(2023, 7, 8, 15, 30, tzinfo=SITE))]),
    # India's and Bangladesh's languages, Bengali digits too
    ("প্রকাশ: ০৮ জুলাই ২০২৩, ১০:১৫ | আপডেট: ০৮ জুলাই ২০২৩, ১২:৩০",
     [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 12, 30, tzinfo=SITE))]),
    ("வெளியிடப்பட்டது: 08 ஜூலை 2023, 10:15",
     [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("8 జులై 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("८ जुलै २०२३", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),  # Marathi
    ("8 જુલાઈ 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8 ಜುಲೈ 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8 ജൂലൈ 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("8 ਜੁਲਾਈ 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("شائع 8 جولائی 2023", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),  # Urdu
    # the Republic of China's years, as Taiwan prints them: 112 is 2023
    ("中華民國112年7月8日 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("民國112年7月8日", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    ("發布時間：112年7月8日 10:15", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("２０２３年７月８日　１５：３０", [("published", datetime(2023, 7, 8, 15, 30, tzinfo=SITE))]),
    ("发布时间：2023-07-08 10:32:15",
     [("published", datetime(2023, 7, 8, 10, 32, 15, tzinfo=SITE))]),
    ("更新時間：2023/07/08 16:40", [("updated", datetime(2023, 7, 8, 16, 40, tzinfo=SITE))]),
    ("입력 2023.07.08 오후 2:20 수정 2023.07.08 15:01",
     [("published", datetime(2023, 7, 8, 14, 20, tzinfo=SITE)),
      ("updated", datetime(2023, 7, 8, 15, 1, tzinfo=SITE))]),
    ("2023-07-08 10:15 KST", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=z(9)))]),
    ("الأحد، 04 آب/اغسطس 2013، آخر تحديث 02:21",  # two names of the month, then the year
     [("published", datetime(2013, 8, 4, tzinfo=SITE)),
      ("updated", datetime(2013, 8, 4, 2, 21, tzinfo=SITE))]),
    ("الجمعة 8 فيفري 2019", [("published", datetime(2019, 2, 8, tzinfo=SITE))]),  # the Maghreb
    ("٠٢:٠٠ الثلاثاء ١ / ١٢ / ٢٠٢٠", [("published", datetime(2020, 12, 1, 2, 0, tzinfo=SITE))]),
    ("毎日新聞 2025/1/14 21:17（最終更新 1/14 21:17） 789文字",
     [("published", datetime(2025, 1, 14, 21, 17, tzinfo=SITE)),
      ("updated", datetime(2025, 1, 14, 21, 17, tzinfo=SITE))]),
    ("GMT 17:27 17.03.2020(محدثة GMT 17:49 17.03.2020) انسخ الرابط",
     [("published", datetime(2020, 3, 17, 17, 27, tzinfo=UTC)),
      ("updated", datetime(2020, 3, 17, 17, 49, tzinfo=UTC))]),
    ("Publish Date:Sat, 28 Nov 2020 01:34 PM (IST)Author: Brijesh Srivastava",
     [("published", datetime(2020, 11, 28, 13, 34, tzinfo=z(5.5)))]),
    ("2020-10-04 15:05聯合報 記者林宸誼／即時報導",
     [("published", datetime(2020, 10, 4, 15, 5, tzinfo=SITE))]),
    ("2020-06-05 20:35 叨叨姐 胡一刀 李小飞刀",  # the writers after the date
     [("published", datetime(2020, 6, 5, 20, 35, tzinfo=SITE))]),
    # Iran's solar calendar, in Persian digits, with its afternoon word
    ("۲۹ بهمن ۱۳۹۸ - ۰۶:۵۵", [("published", datetime(2020, 2, 18, 6, 55, tzinfo=SITE))]),
    ("تاریخ انتشار: ۲۱ ارديبهشت ۱۳۹۹ - ۱۸:۵۹",
     [("published", datetime(2020, 5, 10, 18, 59, tzinfo=SITE))]),
    ("2 تير 1399 - 03:09:08 ب.ظ", [("published", datetime(2020, 6, 22, 15, 9, 8, tzinfo=SITE))]),
    # Thailand's months and Buddhist-era years (2566 is 2023)
    ("8 ก.ค. 2566 10:15 น.", [("published", datetime(2023, 7, 8, 10, 15, tzinfo=SITE))]),
    ("วันเสาร์ที่ 8 กรกฎาคม 2566", [("published", datetime(2023, 7, 8, tzinfo=SITE))]),
    # the end of an offer, a video's rights, a call for entries: never a publication's date
    ("Video verfügbar bis: 14.10.2020 ∙ 14:00 Uhr",
     [("until", datetime(2020, 10, 14, 14, 0, tzinfo=SITE))]),
    ("Published 3 May 2020, available until 14 October 2020",
     [("published", datetime(2020, 5, 3, tzinfo=SITE)),
      ("until", datetime(2020, 10, 14, tzinfo=SITE))]),
    ("Deadline: 31 March 2024", [("until", datetime(2024, 3, 31, tzinfo=SITE))]),
    ("Mittelstand (bis 31.12.2020)", [("until", datetime(2020, 12, 31, tzinfo=SITE))]),
    ("Artikel vom 31.10.23", [("published", datetime(2023, 10, 31, tzinfo=SITE))]),
    # Catalan
    ("Publicat el dijous, 5 de novembre de 2020 10:05 Actualitzat el 6 de novembre de 2020",
     [("published", datetime(2020, 11, 5, 10, 5, tzinfo=SITE)),
      ("updated", datetime(2020, 11, 6, tzinfo=SITE))]),
    ("Dilluns, Març 23, 2020", [("published", datetime(2020, 3, 23, tzinfo=SITE))]),
    # an icon's name glued between the date and the reading time
    ("Mon., March 23, 2020timer5 min. read", [("published", datetime(2020, 3, 23, tzinfo=SITE))]),
    # an outlet's name in a script without capitals glued to the date (Divya Bhaskar)
    ("દિવ્ય ભાસ્કરMar 28, 2020, 06:15 PM IST",
     [("published", datetime(2020, 3, 28, 18, 15, tzinfo=z(5.5)))]),
    # month first, its day past the 19th: only one way to read it
    ("07/21/2023 10:05 AM EDT", [("published", datetime(2023, 7, 21, 10, 5, tzinfo=z(-4)))]),
    ("01.21.2020 07:00 AM", [("published", datetime(2020, 1, 21, 7, 0, tzinfo=SITE))]),
    ("Antragsverfahren ab 01.01.2020", [("until", datetime(2020, 1, 1, tzinfo=SITE))]),
    # an event's days, no publication's
    ("Tippspiel +++ KW 4 +++ 28.01.2022 – 29.01.2022",
     [("until", datetime(2022, 1, 28, tzinfo=SITE))]),
    ("vom 12.03.2024 bis 14.03.2024", [("until", datetime(2024, 3, 12, tzinfo=SITE))]),
    ("12. – 14. März 2024", [("until", datetime(2024, 3, 14, tzinfo=SITE))]),
]


@pytest.mark.parametrize(("line", "expected"), CASES, ids=[c[0] for c in CASES])
def test_date_lines(line, expected):
    found = date_lines.read(line)
    assert found is not None and not found.unreadable
    got = [(d.label, d.at(d.year, SITE)) for d in found.dates]
    assert got == expected
    assert [d.at(d.year, SITE).utcoffset() for d in found.dates] == [
        e.utcoffset() for _, e in expected]


def test_a_day_without_a_year_is_left_to_the_caller():
    [d] = date_lines.read("JUL 8, 10:26").dates
    assert (d.year, d.month, d.day, d.hour, d.minute) == (None, 7, 8, 10, 26)
    [d] = date_lines.read("CNET Japan 3/9(木) 18:45配信").dates  # Japan: month first
    assert (d.year, d.month, d.day, d.hour, d.minute) == (None, 3, 9, 18, 45)


def test_a_byline_after_the_date_is_given_to_the_caller():
    assert date_lines.read("Published: July 8, 2023 By: Jane Doe").byline == "By: Jane Doe"
    found = date_lines.read("2020-10-04 15:05聯合報 記者林宸誼／即時報導")
    assert found.byline == "記者林宸誼/即時報導"


@pytest.mark.parametrize(("line", "day", "byline"), [
    # a blog's "posted on … by …", the name run on after the date's last digit
    ("Veröffentlicht am 13. März 2019 von Michael Veeser-Dombrowski", (2019, 3, 13),
     "Michael Veeser-Dombrowski"),
    ("Published on 13 March 2019 by Jane Doe", (2019, 3, 13), "Jane Doe"),
    ("08/08/2017durch Stephan Markus", (2017, 8, 8), "Stephan Markus"),
    ("Opublikowano 3 marca 2024 przez Łukasz Nowak", (2024, 3, 3), "Łukasz Nowak"),
    ("Publicado el 27 Marzo, 2020 por ACN en Nacionales", (2020, 3, 27), "ACN en Nacionales"),
    # a content system's "submitted by … on …", the byline before the date
    ("Gespeichert von rasos am 24. Juli 2017 - 18:55", (2017, 7, 24), "rasos"),
    ("Geschrieben von Cooper am 25.08.2015 22:30", (2015, 8, 25), "Cooper"),
    ("Erstellt von Fabian am Dienstag 6. Mai 2014", (2014, 5, 6), "Fabian"),
    ("Publié par Jean Dupont le 8 juillet 2023", (2023, 7, 8), "Jean Dupont"),
    # a name, a role or an outlet glued to the date by copying an inline element
    ("Yahoo News Australia28 October 2020", (2020, 10, 28), "Yahoo News Australia"),
    ("Online News EditorJune 11, 2020", (2020, 6, 11), "Online News Editor"),
])
def test_a_name_run_on_beside_the_date_is_its_byline(line, day, byline):
    found = date_lines.read(line)
    assert found is not None and found.byline == byline
    assert [(d.year, d.month, d.day, d.label) for d in found.dates] == [(*day, "published")]


@pytest.mark.parametrize(("line", "day"), [
    # a post's meta line, its parts set apart by bars or dots: its dated part is read
    ("By Daniel | Published: 23. Juli 2017 | Kommentare geschlossen", (2017, 7, 23)),
    ("3. August 2015 · Filed under ziemlich privat", (2015, 8, 3)),
    ("February 4, 2020 • words written by Kanae Nakamine • Art by Koichi", (2020, 2, 4)),
    ("Posted on 2015-04-05 by marc | Leave a comment", (2015, 4, 5)),
    ("⋅ November 22, 2011 ⋅  Email this post ⋅  Diese Seite ausdrucken", (2011, 11, 22)),
    ("By Wikimedia Foundation•15 January 2020", (2020, 1, 15)),  # a dot glued between
    # then dashes: the date part, not the sections after it
    ("02.02.2022 10:16 Uhr - 1. Bundesliga - PM Vereine, red", (2022, 2, 2)),
])
def test_the_dated_part_of_a_post_s_meta_line_is_read(line, day):
    assert date_lines.read(line) is None  # not a date line whole: its byline is read first
    found = date_lines.read_parts(line)
    assert found is not None
    assert [(d.year, d.month, d.day) for d in found.dates][:1] == [day]


@pytest.mark.parametrize(("line", "day"), [
    # a whole date opening a short line, what follows it another thing's
    ("27.01.2020 Soziales & Gesundheit Startseite App", (2020, 1, 27)),
    ("25. Januar 2022 (DJV/FWR) Berlin/Ratingen", (2022, 1, 25)),
    ("1. Februar 2022 Steffi Kaufratgeber, Beschäftigung, Katzen", (2022, 2, 1)),
    ("Mon., March 23, 2020 Health 5 min. read", (2020, 3, 23)),
    ("13 March 2019 by the sea, the ferry sank", None),  # a sentence's start
    ("The ferry sank on 13 March 2019 Reuters", None),  # not opening the line
    ("March 2019 Archive Politics", None),  # no day
    ("Thursday, Nov 5th 2020 7PM 6°C 10PM 7°C 5-Day Forecast", None),  # a weather box
])
def test_the_date_a_short_line_opens_with(line, day):
    found = date_lines.read_leading(line)
    assert ([(d.year, d.month, d.day) for d in found.dates][:1] if found else None) == (
        [day] if day else None)


@pytest.mark.parametrize(("line", "day"), [
    ("Von Thilo / 6. November 2023 / Keine Kommentare", (2023, 11, 6)),
    ("Thema des Tages // 02.11.2021", (2021, 11, 2)),
    ("Nachricht | 30.10.2021 Migration / Flucht", (2021, 10, 30)),
])
def test_a_meta_line_s_parts_between_slashes_and_a_part_opening_with_a_date(line, day):
    found = date_lines.read_parts(line)
    assert found is not None and [(d.year, d.month, d.day) for d in found.dates][:1] == [day]


def test_a_menu_of_parts_without_a_date_is_no_date_line():
    assert date_lines.read_parts("Home | News 24 | Sport · Culture") is None


@pytest.mark.parametrize("line", [
    "13 March 2019 by the sea, the ferry sank",
    "E-LBD Krugfahrt verstorben14.10.2021 - 11:49",  # a list's headline glued to its date
])
def test_a_date_beside_words_that_name_no_one_is_no_date_line(line):
    assert date_lines.read(line) is None


@pytest.mark.parametrize("line", [
    "Spain votes on 23 July",  # a headline with a date in it
    "Elections will be held on 22 November 2023 after the vote.",
    "3 hours ago",  # relative: nothing a file can resolve
    "00:00 / 02:11",  # an audio player
    "Dutch government collapses over migration policy",
    "By the end of the night, the four parties had given up.",
    "2019.1.2 release notes for the version",
    "31. 10. 2025 17:46",  # spaced after the dots: left unread (teasers' dates in Czech pages)
])
def test_lines_that_are_not_date_lines(line):
    assert date_lines.read(line) is None


@pytest.mark.parametrize("line", ["Published: 31 Smarch 2023", "Published: 30 February 2023"])
def test_a_labelled_date_that_cannot_be_read_says_so(line):
    found = date_lines.read(line)
    assert found.dates == () and found.unreadable == line.split(": ")[1]


@pytest.mark.parametrize(("line", "relative"), [
    ("3 hours ago", True), ("Update: 2 uur geleden", True), ("vor 2 Stunden", True),
    ("Publié aujourd’hui à 10h12, modifié à 11h40", True),
    ("před 2 hodinami", True), ("Dnes 9:44", True), ("2 godziny temu", True),
    ("3 saat önce", True), ("3小时前", True), ("منذ 3 ساعات", True), ("сьогодні, 18:06", True),
    ("Dnes se vláda sešla k jednání.", False),
    ("Share", False), ("8 July 2023", False)])
def test_relative_lines(line, relative):
    assert date_lines.is_relative(line) is relative


# -- what holds a time ------------------------------------------------------------------------

_PIECES = st.sampled_from([
    "10:30", "10h30", "9.45 Uhr", "4:05 pm", "오후 2:20", "14時05分", "１０：３０", "١٠:٣٠",
    "10 : 30", "2023-07-08T14:05:00+02:00", "08.07.2023", "July 8, 2023", "2023年7月8日",
    "Updated", "By Jane Doe", "GMT+2", "|", "·", " - ", "Uhr", "h", ".", ":", "30", "7", "am",
    "Publié le", "८ जुलाई २०२३", "١٤:٣٠ م", "20231:45 PM", "Datum:26. Januar 2022"])


@given(st.lists(_PIECES, min_size=1, max_size=6).map(" ".join)
       | st.lists(_PIECES, min_size=1, max_size=6).map("".join))
def test_a_line_that_states_a_time_holds_a_clock(line):
    """`date_forms.CLOCK` is in every line a time is read from, written or glued together
    in any way (a page whose text lacks it has no date line to read for its local clock)."""
    for found in (date_lines.read(line), date_lines.read_parts(line)):
        if found is not None and any(d.timed for d in found.dates):
            assert CLOCK.search(line), line


def test_every_timed_date_line_of_the_corpora_holds_a_clock():
    timed = 0
    for copy in copies():
        for line in copy.path.read_text(encoding="utf-8", errors="replace").splitlines():
            found = date_lines.read(line) or date_lines.read_parts(line)
            if found is not None and any(d.timed for d in found.dates):
                timed += 1
                assert CLOCK.search(line), line
    assert timed > 50


@pytest.mark.parametrize("line", ["8 July 2023, 10:15 GMT+27", "10:15 UTC-25 8 July 2023",
                                  "08.07.2023 10:15 (GMT +99)"])
def test_an_offset_no_zone_has_is_no_zone_and_no_crash(line):
    """Hypothesis found "GMT+27": the offset is no zone (the clocks of the world are 14 hours
    either side of UTC), so the time is the page's own, not an error."""
    [stated] = date_lines.read(line).dates
    assert (stated.hour, stated.minute, stated.tz) == (10, 15, None)
