"""A copied story's head, in any language and script: its headline among menus and
section labels, its summary, who wrote it, the outlet it names and the outlets it credits
(how it is dated: test_parse_newswire.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from copy_samples import COPIED, TZ, paragraphs, parse_text

from articles.parse import Context, parse


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


def test_a_copy_ends_where_the_page_suggests_other_stories():
    text = ("Ferry service resumes after the storm\nVon Jana Berg\n\nThe ferry to the islands "
            "sailed again on Monday after a week of storms kept it in port.\n\n"
            "Das könnte Sie auch interessieren\n\nBridge closed for repairs\n"
            "12.04.2024, 10:21 Uhr\nThe bridge over the river stays closed until the summer, the "
            "council said on Friday.\n")
    a = parse_text(text, mtime=COPIED)
    assert (a.published, a.date_from) == (COPIED, "file time")
    assert "bridge" not in a.content_html


@pytest.mark.parametrize("notice", [
    "Skip to main content", "Zur Navigation springen Zum Inhalt springen",
    "Dein Browser ist leider veraltet.", "← Vorherige Nächste →",
    "https://www.example.org/2026/11/ferry-service-resumes", "SKIP TO SITE INDEX",
    "Skip to search - Accesskey = s", "Skip to primary sidebar",
    "We’ll stop supporting this browser soon.",
    "Click to email this to a friend (Opens in new window)", "Click to copy URL",
    "Sie sind hier:» Home » Presse » Pressemitteilungen", "You are here: Home / News",
    "Continue reading the main story", "Pređite na glavni sadržaj", "Перейти к содержанию",
    "Zur Hauptnavigation springen Zur Suche springen Zum Inhalt springen",
    "Zum MenüZur SucheZum Inhalt", "DE FR IT EN", "Media playback is unsupported on your device",
    "Thank you for visiting nature.com. You are using a browser version with limited support "
    "for CSS. To obtain the best experience, we recommend you use a more up to date browser.",
    "Tom's Hardware is supported by its audience. When you purchase through links on our "
    "site, we may earn an affiliate commission.",
    "Warning: Use of undefined constant XMLRPC_REQUEST - assumed 'XMLRPC_REQUEST' in "
    "/www/htdocs/wp-includes/load.php on line 12",
    "Go to Contents Go to Navigation", "Home News Science & Astronomy",
    "Facebook Twitter Instagram Linkedin RSS", "Ben Gabbe via Getty Images",
    "Fotó: Koszticsák Szilárd / MTI", "Media captionDrone footage shows the harbour",
    "We use cookies and other tracking technologies to improve your browsing experience.",
    "¿Aún no tienes cuenta? Regístrate", "Aller à la navigation", "Dark Mode Go Top",
    "Sign up for Newsletters and Alerts", "Close this search box.", "Online seit heute, 12.09 Uhr",
    "These are external links and will open in a new window",
    "Thursday, Nov 5th 2020 7PM 6°C 10PM 7°C 5-Day Forecast",
])
def test_a_page_s_skip_links_notices_and_address_are_not_a_copy_s_headline(notice):
    """What a page copied with its scripts off opens with: a skip link, a browser notice,
    a share button, a trail of links after "you are here", a row of languages, an affiliate
    disclosure, a PHP warning, a pager, its address."""
    a = parse_text(f"{notice}\nFerry service resumes after the storm\n\nThe ferry to the "
                   "islands sailed again on Monday after a week of storms kept it in port, the "
                   "harbour master said.\n", mtime=COPIED)
    assert a.title == "Ferry service resumes after the storm"


def test_a_meta_line_s_byline_and_share_buttons_run_together():
    """'By John Walk - January 10, 2020' read as a date line keeps its writer; the share
    buttons a copy runs together ('ShareTweetEmail') close no story as its outlet."""
    a = parse_text("Managing the ferry timetable\nBy John Walk - January 10, 2020\n\nThe ferry "
                   "to the islands sailed again on Monday after a week of storms kept it in port, "
                   "the harbour master said.\n\nRepairs took four days, he added.\n"
                   "ShareTweetEmail\n", mtime=COPIED)
    assert (a.authors, a.source) == (("John Walk",), "")
    assert a.published == datetime(2020, 1, 10, tzinfo=TZ)


FERRY = ("The ferry to the islands sailed again on Monday after a week of storms kept it in "
         "port, the harbour master said.\n\nRepairs to the quay took four days and cost more "
         "than the council had expected, he added on Tuesday.\n")


def test_a_whole_page_copied_has_its_headline_after_the_menus_not_a_menu_item():
    cookies = ("We use cookies to improve our service. You can find out more in our privacy "
               "policy.\n\nOK\n")
    menus = "".join(f"{item}\n" for item in (
        "Home", "News", "World", "Europe", "Politics", "Business", "Sport", "Culture",
        "Climate", "Science", "Opinion", "Video", "Podcasts", "Newsletters", "Weather",
        "Travel", "Food", "Health", "Tech", "Subscribe", "Sign in", "Search"))
    text = (f"{cookies}{menus}\nWorld\nFerry service resumes after the storm\n\n"
            f"By Jane Doe | 28 November 2026\n\n{FERRY}")
    a = parse_text(text, mtime=COPIED)
    assert (a.title, a.authors) == ("Ferry service resumes after the storm", ("Jane Doe",))
    assert a.published == datetime(2026, 11, 28, tzinfo=TZ)
    assert a.content_html.startswith("<p>The ferry to the islands sailed again")


@pytest.mark.parametrize("byline", ["By Jane Doe | 28 November 2026\n", ""])
def test_a_whole_page_copied_is_named_by_the_headline_over_its_story_not_by_a_teaser(byline):
    """Above the story of a whole page copied stand other stories' headlines (a rail of the
    most read, each of five words or more, as many as a rail shows), a newsletter box, a
    breadcrumb: the headline is the line at the top of the run right above the story, and
    what stood higher is no part of the story's text."""
    menus = "".join(f"{item}\n" for item in (
        "Home", "News", "World", "Business", "Sport", "Culture", "Weather", "Sign in"))
    teasers = ("Most read\nCouncil approves new budget for the harbour district\n"
               "Storm leaves thousands of homes without power overnight\n"
               "Local bakery wins national award for its sourdough bread\n"
               "School choir to sing at the cathedral on Christmas Eve\n"
               "Lifeboat crew rescues two walkers cut off by the tide\n"
               "Get our free morning briefing in your inbox\n"
               "Home / World / Ferry service resumes after the storm\n")
    text = (f"{menus}{teasers}Ferry service resumes after the storm\n"
            f"Islanders had been cut off for a week\n{byline}\n{FERRY}")
    a = parse_text(text, mtime=COPIED)
    assert a.title == "Ferry service resumes after the storm"
    assert paragraphs(a.content_html)[-2:] == [
        "The ferry to the islands sailed again on Monday after a week of storms kept it in "
        "port, the harbour master said.", "Repairs to the quay took four days and cost more "
        "than the council had expected, he added on Tuesday."]
    assert "sourdough" not in a.content_html and "briefing" not in a.content_html


@pytest.mark.parametrize("outlet", ["CNN", "Reuters", "TREND", "Welt"])
def test_a_whole_page_s_topics_and_its_player_s_placeholder_are_neither_outlet_nor_text(outlet):
    """A page lists the story's topics above its headline, an outlet's name among them (a
    story about CNN), and a video player left "LOADING" between the date line and the
    story: the topic names no outlet, the placeholder is no line of the story's, and the
    headline is the line above the standfirst (which stays the body's first paragraph)."""
    text = (f"Skip to Main Content\nPOLITICS\nHARBOUR\nSTORMS\n{outlet}\n"
            "Ferry service resumes after the storm\nIslanders had been cut off for a week, "
            "and the council says the repairs will be paid for by the port.\nBy \nJane Doe\n"
            f"02/11/2026 02:00pm GMT\nLOADING\n\n{FERRY}")
    a = parse_text(text, mtime=datetime(2026, 11, 5, tzinfo=UTC))
    assert (a.title, a.authors, a.source) == (
        "Ferry service resumes after the storm", ("Jane Doe",), "")
    assert a.published == datetime(2026, 11, 2, 14, tzinfo=UTC)
    assert [p[:37] for p in paragraphs(a.content_html)] == [
        "Islanders had been cut off for a week", "The ferry to the islands sailed again",
        "Repairs to the quay took four days an"]


@pytest.mark.parametrize("head", [
    "11/19/2026 by Jane Doe\nFACEBOOK\nTWITTER\nEMAIL ME\nClay Patrick McBride\nHarbour ferry\n",
    # the byline and the date each on a line: the head's own lines, not counted as the
    # lines of text between the headline and the story
    "By Jane Doe\nNovember 19, 2026\nEMAIL ME\nRead later\nClay Patrick McBride\n",
    # a block of sharing options between the byline and the run of short lines
    "By Jane Doe Updated Nov 19, 2026, 10:28am EST\nShare this story\nShare this on Facebook\n"
    "Share this on Twitter\nShare All sharing options\nReddit\nPocket\nFlipboard\nEmail\n",
])
def test_share_buttons_and_a_photo_credit_under_the_date_line_are_no_masthead_menu(head):
    """A whole page (a masthead of menus and teasers above) whose date line is followed by
    its share buttons and its photo's credit, each on a line: that run of short lines is the
    story's, not the page's last menu, so the headline above the date line stays."""
    menus = "".join(f"{item}\n" for item in (
        "Home", "News", "World", "Business", "Sport", "Culture", "Weather", "Sign in",
        "Charts", "Podcasts", "Events", "Video", "Photos", "Shop", "Jobs", "Travel",
        "Food", "Health", "Tech", "Science", "Opinion", "Search"))
    text = f"{menus}NEWS\nFerry service resumes after the storm\n{head}\n{FERRY}"
    a = parse_text(text, mtime=datetime(2026, 11, 20, tzinfo=UTC))
    assert (a.title, a.authors) == ("Ferry service resumes after the storm", ("Jane Doe",))
    assert a.published.date() == date(2026, 11, 19)


def test_a_whole_page_opening_with_its_masthead_s_line_above_a_menu_is_named_by_its_story():
    """A masthead's line of five words or more opening the copy, above a run of menu items,
    is no story's headline; nor is a meta line with its clock over the headline."""
    menus = "".join(f"{item}\n" for item in (
        "Find", "Choose region", "Rates:", "Latest issue", "Subscribe", "News", "Politics",
        "Economy", "Incidents", "Society", "Sport", "Culture", "Science", "Video", "Photo"))
    text = ("MK AutoView Hunters WomanHit Promo codes Finance\n"
            f"{menus}today at 20:12 Politics Topic: Elections 2020 362\n"
            "Ferry service resumes after the storm\nIslanders had been cut off for a week\n"
            f"Share\n{FERRY}")
    assert parse_text(text, mtime=COPIED).title == "Ferry service resumes after the storm"


def test_a_story_copied_from_its_headline_keeps_it_whatever_stands_before_its_text():
    """A copy opening with its headline is of the story: the lines between it and the text
    (a caption, share buttons) are no headline, however many."""
    buttons = "".join(f"{item}\n" for item in (
        "Print", "Email", "Copy link", "Facebook", "LinkedIn", "Bluesky", "Bookmark"))
    text = ("Ferry service resumes after the storm\nBy Jane Doe | 28 November 2026\n"
            f"{buttons}The ferry at the quay on Monday, as repairs went on\n{FERRY}")
    assert parse_text(text, mtime=COPIED).title == "Ferry service resumes after the storm"


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
    ("Rosalía Sánchez\nCorresponsal en Berlín\n13/07/2023 18:02h", ("Rosalía Sánchez",), "",
     datetime(2023, 7, 13, 18, 2, tzinfo=TZ), "stated"),
    # the byline's date after "on", "le", "am" or a dash
    ("By Cheryl Baehr on Wed, Nov 8, 2023 at 1:02 pm", ("Cheryl Baehr",), "",
     datetime(2023, 11, 8, 13, 2, tzinfo=TZ), "stated"),
    ("Par Jean Dupont le 13 juin 2019", ("Jean Dupont",), "", datetime(2019, 6, 13, tzinfo=TZ),
     "stated"),
    ("Von Henry Müller am 13. November 2019", ("Henry Müller",), "",
     datetime(2019, 11, 13, tzinfo=TZ), "stated"),
    ("By Jane Doe - Nov 8, 2023", ("Jane Doe",), "", datetime(2023, 11, 8, tzinfo=TZ), "stated"),
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
    ("Nizozemský premiér Rutte podal demisi\nJan Novák\n8. července 2023 10:15\n\n"
     "Nizozemský premiér Mark Rutte oznámil demisi vlády poté, co se koalice nedohodla na "
     "migrační politice, uvedla agentura ČTK.\n\nNové volby se uskuteční na podzim.\n",
     "Nizozemský premiér Rutte podal demisi", datetime(2023, 7, 8, 10, 15), ("Jan Novák",), "",
     ("ČTK",)),  # an agency's name opening with a capital outside Latin-1
    ("Chính phủ Hà Lan sụp đổ vì bất đồng về di cư\nThứ bảy, 8/7/2023, 10:15\n\n"
     "Thủ tướng Hà Lan Mark Rutte tuyên bố từ chức sau khi liên minh cầm quyền không đạt được "
     "thỏa thuận về chính sách di cư, theo Reuters.\n\nCuộc bầu cử mới dự kiến diễn ra vào "
     "mùa thu.\n\nNgọc Ánh\n", "Chính phủ Hà Lan sụp đổ vì bất đồng về di cư",
     datetime(2023, 7, 8, 10, 15), ("Ngọc Ánh",), "", ("Reuters",)),  # the writer signs off
    ("นายกฯ เนเธอร์แลนด์ลาออก\n8 ก.ค. 2566 10:15 น.\n\nนายมาร์ก รุตเต นายกรัฐมนตรีเนเธอร์แลนด์ประกาศ"
     "ลาออกหลังรัฐบาลผสมไม่สามารถตกลงเรื่องนโยบายผู้อพยพได้\n\nการเลือกตั้งใหม่จะมีขึ้นในฤดูใบไม้ร่วง\n",
     "นายกฯ เนเธอร์แลนด์ลาออก", datetime(2023, 7, 8, 10, 15), (), "", ()),
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
    a = parse_text(text)
    assert (a.title, a.published, a.date_from) == (title, published.replace(tzinfo=TZ), "stated")
    assert (a.authors, a.source, a.cites) == (authors, outlet, cites)
    assert "分享" not in a.content_html and "شارك" not in a.content_html


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
    a = parse_text(text)
    assert (a.authors, a.source) == (authors, outlet)


@pytest.mark.parametrize(("last", "cites"), [
    ("Như Tâm (Theo Reuters)", ("Reuters",)),  # what the writer wrote from, in parentheses
    ("Như Tâm (Theo TTXVN)", ("TTXVN",)),  # the Vietnam News Agency
    ("Jane Doe (according to AP)", ("AP",)),
    ("Như Tâm (Hà Nội)", ()),  # a place is no credit
])
def test_the_writer_signing_off_names_the_outlets_written_from(last, cites):
    text = ("Chính phủ Hà Lan sụp đổ\n8/7/2023\n\nThủ tướng Hà Lan Mark Rutte tuyên bố từ chức "
            "sau khi liên minh cầm quyền không đạt được thỏa thuận.\n\nCuộc bầu cử mới sẽ diễn "
            f"ra vào mùa thu.\n\n{last}\n")
    a = parse_text(text)
    assert (a.authors, a.source, a.cites) == ((last.split(" (")[0],), "", cites)


@pytest.mark.parametrize("footer", ["Impressum\nKontakt\nDatenschutz", "Suchen\nSchließen",
                                    "Contact Us\nAdChoices"])
def test_a_whole_page_s_footer_closing_the_copy_names_no_writer_or_outlet(footer):
    text = ("Chính phủ Hà Lan sụp đổ\n8/7/2023\n\nThủ tướng Hà Lan Mark Rutte tuyên bố từ chức "
            "sau khi liên minh cầm quyền không đạt được thỏa thuận.\n\nCuộc bầu cử mới sẽ diễn "
            f"ra vào mùa thu.\n\n{footer}\n")
    a = parse_text(text)
    assert (a.authors, a.source) == ((), "")


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
    a = parse_text(text)
    assert a.authors == authors
    assert "Facebook" not in a.content_html


def test_a_chinese_page_copied_whole_keeps_its_headline_below_the_menus():
    """A Chinese headline has no spaces: it is one "word", but not a menu's item."""
    menus = ["网易首页", "应用", "网易新闻", "新闻", "国内", "国际", "图片", "军事", "体育", "娱乐",
             "财经", "股票", "汽车", "科技", "手机", "时尚", "房产", "旅游", "教育", "健康", "亲子"]
    paragraph = ("国务院联防联控机制印发通知，要求各地区根据疫情防控形势实施差异化防控策略，"
                 "湖北省和武汉市要全面加强疫情防控，继续实施严格管控措施，"
                 "北京市要按照外防输入、内防扩散的策略做好防控工作。")
    text = "\n".join([*menus, "国务院联防联控机制:湖北和武汉要严格管控防输出",
                      "2020-02-29 18:34:31　来源: 新华社", "", paragraph, "", paragraph, ""])
    a = parse_text(text)
    assert a.title == "国务院联防联控机制:湖北和武汉要严格管控防输出"
    assert a.published.date().isoformat() == "2020-02-29"
