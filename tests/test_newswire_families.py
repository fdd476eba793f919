"""The families of lines a copied story has besides its text, one case a line each:
agency datelines, bylines, outlets, credits and chrome (date lines have their own file)."""

from __future__ import annotations

import pytest

from articles.parse.newswire import bylines, chrome, credits, datelines, outlets

# -- agency datelines: (paragraph, agency, (month, day) or None, the text after) -----------
DATELINES = [
    ("AMSTERDAM, July 7 (Reuters) - The Dutch government", "Reuters", (7, 7), "The Dutch"),
    ("THE HAGUE, Netherlands (AP) — The Dutch government", "AP", None, "The Dutch"),
    ("THE HAGUE, July 8. /TASS/. Dutch Prime Minister", "TASS", (7, 8), "Dutch Prime"),
    ("The Hague (AFP) – Dutch Prime Minister", "AFP", None, "Dutch Prime"),
    ("Den Haag (dpa) - Die niederländische Regierung", "dpa", None, "Die nieder"),
    ("La Haya, 7 jul (EFE).- El primer ministro", "EFE", (7, 7), "El primer"),
    ("ГААГА, 8 июл — РИА Новости. Правительство", "РИА Новости", (7, 8), "Правительство"),
    ("Москва. 7 июля. INTERFAX.RU - Правительство", "Interfax", (7, 7), "Правительство"),
    ("BAKU, Azerbaijan, July 8. Azerbaijan and Kazakhstan", "", (7, 8), "Azerbaijan and"),
    ("(Bloomberg) -- Dutch Prime Minister", "Bloomberg", None, "Dutch Prime"),
    ("MADRID, 10 Jul. (EUROPA PRESS)", "Europa Press", (7, 10), ""),
    ("RHODES, Greece -- Thousands of tourists", "", None, "Thousands"),
    ("القاهرة (رويترز) - قال مسؤولون", "Reuters", None, "قال"),
    # a press release's whole date, after its place or alone
    ("Wien, 14. Dezember 2021 – Aufgrund der Lage", "", (12, 14), "Aufgrund"),
    ("27.1.2022 - Bei der Erinnerung an die Verfolgten", "", (1, 27), "Bei der"),
]
# as East Asian agencies write them, with their reporters: (paragraph, agency, day, people, after)
EAST_ASIAN_DATELINES = [
    ("新华社北京7月8日电（记者王小明）国务院总理", "Xinhua", (7, 8), ("王小明",), "国务院"),
    ("本报北京7月8日电 （记者 王小明 李华）国务院", "", (7, 8), ("王小明", "李华"), "国务院"),
    ("(서울=연합뉴스) 홍길동 기자 = 정부가 8일", "Yonhap", None, ("홍길동",), "정부가"),
    ("[서울=뉴시스]홍길동·김철수 기자 = 정부가", "Newsis", None, ("홍길동", "김철수"), "정부가"),
    ("【ロンドン共同】英政府は8日", "Kyodo News", None, (), "英政府"),
    ("【ワシントン=山田太郎】米政府は", "", None, ("山田太郎",), "米政府"),
    ("长江网10月4日讯（记者陈智 整合） 国庆中秋", "长江网", (10, 4), ("陈智",), "国庆"),
    ("〔記者巫其倫／台北報導〕財政部今天", "", None, ("巫其倫",), "財政部"),
    ("[부산=스포츠조선 선수민 기자] 롯데 자이언츠", "스포츠조선", None, ("선수민",), "롯데"),
    ("JAKARTA, KOMPAS.com - Menteri Perhubungan", "KOMPAS.com", None, (), "Menteri"),
    ("TRIBUNNEWS.COM - Berikut ini", "TRIBUNNEWS.COM", None, (), "Berikut"),
    ("المدينة نيوز :-  بلغت حصيلة", "المدينة نيوز", None, (), "بلغت"),
    ("(أبوظبي - البيان) قال مسؤول", "البيان", None, (), "قال"),
]


@pytest.mark.parametrize(("text", "agency", "day", "people", "after"), EAST_ASIAN_DATELINES,
                         ids=[d[0][:12] for d in EAST_ASIAN_DATELINES])
def test_east_asian_datelines(text, agency, day, people, after):
    found = datelines.read(text)
    assert (found.agency, found.people) == (agency, people)
    assert (None if found.day is None else (found.day.month, found.day.day)) == day
    assert text[found.end :].startswith(after)


@pytest.mark.parametrize(("text", "agency", "day", "after"), DATELINES,
                         ids=[d[0][:30] for d in DATELINES])
def test_agency_datelines(text, agency, day, after):
    found = datelines.read(text)
    assert found is not None
    assert found.agency == agency
    assert (None if found.day is None else (found.day.month, found.day.day)) == day
    assert text[found.end :].startswith(after)


@pytest.mark.parametrize("text", [
    "Dutch Prime Minister Mark Rutte has resigned.",
    "(Updates with elections timing in third paragraph.)",
    "Madrid, Spain is where the vote was held.",
    "(END)",
    "【速報】日銀が金融政策を決定",  # a label in brackets, no agency or reporter
    "国务院总理7月8日主持召开会议",
    "Google.com - the search company's own site - was down for an hour on Friday.",
    "(القاهرة - خاص) قال مسؤول",  # "exclusive": no outlet
    "2021 - Ein Jahr der Krisen ging zu Ende.",  # a year alone is no day
])
def test_not_datelines(text):
    assert datelines.read(text) is None


# -- bylines: (line, people, outlets, what is left for the date lines) ----------------------
BYLINES = [
    ("By Bart H. Meijer and Charlotte Van Campenhout",
     ("Bart H. Meijer", "Charlotte Van Campenhout"), (), ""),
    ("BY MIKE CORDER", ("Mike Corder",), (), ""),
    # copied from a whole page: a role glued to the name, an outlet without a comma, German
    # "of" before the date
    ("By Evan HalperStaff Writer", ("Evan Halper",), (), ""),
    ("By Paul Steinhauser Fox News", ("Paul Steinhauser",), ("Fox News",), ""),
    ("By European Space Agency", (), ("European Space Agency",), ""),  # no person
    ("Von Jule Radeck Vom 3. Februar 2022", ("Jule Radeck",), (), "3. Februar 2022"),
    # a writer's handle or address beside the name, glued or not; "By" glued to initials
    ("By April Roach@aprilroach28Daniel O'Mahony", ("April Roach", "Daniel O'Mahony"), (), ""),
    ("By Chaim Gartenberg@cgartenberg Nov 19, 2019, 7:53pm EST", ("Chaim Gartenberg",), (),
     "Nov 19, 2019, 7:53pm EST"),
    ("Por Mariano Martín mmartin@ambito.com.ar", ("Mariano Martín",), (), ""),
    ("ByJ.R. Stone", ("J.R. Stone",), (), ""),
    # the labels of German, Latvian and other bylines, and German "publiziert am"
    ("Text und Interview: Harald Willenbrock", ("Harald Willenbrock",), (), ""),
    ("Autori: Anna Ūdre (LTV Ziņu dienesta ārzemju ziņu redaktore)", ("Anna Ūdre",), (), ""),
    ("Per Jordi Puig", ("Jordi Puig",), (), ""),  # Catalan
    ("Von Moritz Bachmann publiziert am 25. September 2018", ("Moritz Bachmann",), (),
     "publiziert am 25. September 2018"),
    ("By Cheryl Baehr on Wed, Nov 8, 2023 at 1:02 pm", ("Cheryl Baehr",), (),
     "Wed, Nov 8, 2023 at 1:02 pm"),
    ("BY LEA SKENE, SARAH BRUMFIELD and BEN FINLEY",
     ("Lea Skene", "Sarah Brumfield", "Ben Finley"), (), ""),
    ("Text by: NEWS WIRES", (), (), ""),
    ("Par Jean-Pierre Stroobants (Bruxelles, correspondant)", ("Jean-Pierre Stroobants",), (), ""),
    ("Von Thomas Gutschker, Brüssel", ("Thomas Gutschker",), (), ""),
    ("Por Carlos Fresneda", ("Carlos Fresneda",), (), ""),
    ("Door Xander van Uffelen 10 juli 2023, 10:20", ("Xander van Uffelen",), (),
     "10 juli 2023, 10:20"),
    ("By Diederik Baazil July 7, 2023 at 10:28 PM GMT+2", ("Diederik Baazil",), (),
     "July 7, 2023 at 10:28 PM GMT+2"),
    ("Door Mark Kranenburg en Annemarie Kas", ("Mark Kranenburg", "Annemarie Kas"), (), ""),
    ("Автор Иван Ткачёв", ("Иван Ткачёв",), (), ""),
    ("By Hannah Ritchie, CNN", ("Hannah Ritchie",), ("CNN",), ""),
    ("By Euronews with AP", (), ("Euronews", "AP"), ""),
    ("Par Le Figaro avec AFP", (), ("Le Figaro", "AFP"), ""),
    ("Door NU.nl/ANP", (), ("NU.nl", "ANP"), ""),
    ("By The Associated Press", (), ("AP",), ""),
    ("Reporter: Janene Pieters", ("Janene Pieters",), (), ""),
    ("Posted by Jane Doe", ("Jane Doe",), (), ""),
    ("Von Helga Schmidt, ARD-Studio Brüssel", ("Helga Schmidt",), ("ARD",), ""),
    ("Par Jean Dupont, envoyé spécial à Kiev", ("Jean Dupont",), (), ""),
    ("Door onze correspondent Jan Jansen", ("Jan Jansen",), (), ""),
    ("By JANE DOE and JOHN SMITH | The Associated Press", ("Jane Doe", "John Smith"), ("AP",), ""),
    ("Von Anna Müller und Peter Schmidt", ("Anna Müller", "Peter Schmidt"), (), ""),
    # a page's blocks run together by copying: a section's label, a profile's link, a
    # comment count or the date glued to the name; the outlet a writer writes for
    ("By Jane DoeLifestyle", ("Jane Doe",), (), ""),
    ("By Jane DoeNews and John SmithPolitics", ("Jane Doe", "John Smith"), (), ""),
    ("By Jane Doe Follow", ("Jane Doe",), (), ""),
    ("By Jane DoeTwitter", ("Jane Doe",), (), ""),
    ("By Jane Doe3", ("Jane Doe",), (), ""),
    ("von Anna Müller12.03.2025", ("Anna Müller",), (), "12.03.2025"),
    ("By JANE DOE FOR DAILYMAIL.COM", ("Jane Doe",), (), ""),
    ("By Jane Doe for The Daily Example", ("Jane Doe",), (), ""),
    ("By Eve McDonald and Leo DeShawn", ("Eve McDonald", "Leo DeShawn"), (), ""),
    ("bySauli Giliard", ("Sauli Giliard",), (), ""),
    # a genre before "by", Italian "di", German "Autorin/Autor", the writer's outlet after a
    # bar, a dot or a date after a dash, a labelled date after the name
    ("Kolumne von Carla Siepmann - 28.04.2024 um 08:52 Uhr", ("Carla Siepmann",), (),
     "28.04.2024 um 08:52 Uhr"),
    ("Analysis by Jane Doe", ("Jane Doe",), (), ""),
    ("di Luca Monaco", ("Luca Monaco",), (), ""),
    ("Autorin/Autor Roman Goncharenko", ("Roman Goncharenko",), (), ""),
    ("By Aaron Kliegman | Fox News", ("Aaron Kliegman",), ("Fox News",), ""),
    ("By Jane Doe · The Harbour Times", ("Jane Doe",), ("The Harbour Times",), ""),
    ("By Lance Ulanoff published 19 May 2026", ("Lance Ulanoff",), (), "published 19 May 2026"),
    # a name doubled, an "Updated" label or a role run into it by copying
    ("By Adam RogersAdam Rogers", ("Adam Rogers",), (), ""),
    ("By Ian MohrFebruary 24, 2020 | 9:25pm", ("Ian Mohr",), (), "February 24, 2020 9:25pm"),
    ("By Carolyn SaidUpdated, Carolyn Said", ("Carolyn Said",), (), ""),
    ("By George Anders, Former Contributor", ("George Anders",), (), ""),
    ("Author of the article: By Jane Doe", ("Jane Doe",), (), ""),
    ("Author: Jane Doe", ("Jane Doe",), (), ""),
    # names in other scripts, and capitals outside Latin-1
    ("بقلم: أحمد علي", ("أحمد علي",), (), ""),
    ("كتب - محمد السيد", ("محمد السيد",), (), ""),
    ("מאת: דנה כהן", ("דנה כהן",), (), ""),
    ("Yazan: İlker Şahin", ("İlker Şahin",), (), ""),
    ("Oleh Ahmad Fauzi", ("Ahmad Fauzi",), (), ""),
    ("Autor: Łukasz Żółtowski", ("Łukasz Żółtowski",), (), ""),
    ("Γράφει ο Γιώργος Παπαδόπουλος", ("Γιώργος Παπαδόπουλος",), (), ""),
    ("लेखक: राहुल शर्मा", ("राहुल शर्मा",), (), ""),
    ("حوار: آسيا العتروس", ("آسيا العتروس",), (), ""),  # an interview's
]
# bylines of Chinese, Japanese and Korean names, marked by the reporter's title
MARKED_BYLINES = [
    ("记者 王小明", ("王小明",), ()),
    ("本报记者 王小明 李华", ("王小明", "李华"), ()),
    ("新华社记者王小明", ("王小明",), ("Xinhua",)),
    ("文/王小明", ("王小明",), ()),
    ("（山田太郎記者）", ("山田太郎",), ()),
    ("홍길동 기자 hong@yna.co.kr", ("홍길동",), ()),
    ("홍길동·김철수 기자", ("홍길동", "김철수"), ()),
    ("홍길동 특파원", ("홍길동",), ()),
    ("스포츠조선=선수민 기자", ("선수민",), ("스포츠조선",)),
    ("박준석 기자 외 1명", ("박준석",), ()),
    ("순천, 광양 구현모 기자 ninek@naver.com", ("구현모",), ()),
    ("澎湃新闻记者 贺梨萍", ("贺梨萍",), ("澎湃新闻",)),
    ("作者︱春春", ("春春",), ()),
    ("执笔/叨叨姐、胡一刀&李小飞刀", ("叨叨姐", "胡一刀", "李小飞刀"), ()),
    ("石佳/中国青年报", ("石佳",), ("中国青年报",)),
    ("上報快訊／范姜佳鈺", ("范姜佳鈺",), ("上報",)),
]


@pytest.mark.parametrize(("line", "people", "names"), MARKED_BYLINES,
                         ids=[b[0] for b in MARKED_BYLINES])
def test_bylines_marked_by_a_title(line, people, names):
    found = bylines.read_marked(line)
    assert (found.people, found.outlets) == (people, names)


@pytest.mark.parametrize("line", [
    "国务院常务会议部署稳就业措施",  # a headline
    "记者会上，总理表示",  # a sentence that opens with the word
    "政府、下半期経済政策を発表",
    "文化芸能",  # a section: "文" (text by) only before a mark
])
def test_not_marked_bylines(line):
    assert bylines.read_marked(line) is None


@pytest.mark.parametrize(("line", "people", "names", "rest"), BYLINES, ids=[b[0] for b in BYLINES])
def test_bylines(line, people, names, rest):
    found = bylines.read(line)
    assert (found.people, found.outlets, found.rest) == (people, names, rest)


@pytest.mark.parametrize(("line", "people"), [
    ("Jon Henley Europe correspondent", ("Jon Henley",)),
    ("Jennifer Rankin in Brussels", ("Jennifer Rankin",)),
    ("Jean-Pierre Stroobants (Bruxelles, correspondant)", ("Jean-Pierre Stroobants",)),
    ("Dutch government collapses over migration policy", None),
    ("Political reporter @alixculbertson", None),
    # a page's labels in capitals, no names: a feature's, a blog's pager, a desk's
    ("On This Day in Space!", None),
    ("National Desk in Washington", None),
])
def test_bylines_without_by(line, people):
    found = bylines.read_bare(line)
    assert (found.people if found else None) == people


@pytest.mark.parametrize("text", ["Next Post", "Previous Post", "Any Means Necessary",
                                  "Follow Us On", "Jerusalem Post Staff", "Login Subscribe"])
def test_a_page_s_capitalized_labels_are_no_person(text):
    assert bylines.person(text) is None


def test_a_newsroom_after_by_is_its_outlet():
    assert bylines.read("Por Redação g1") == bylines.Byline((), ("g1",))
    assert bylines.read("Por Redação") == bylines.Byline((), ())  # no outlet named


def test_a_danish_or_swedish_byline():
    assert bylines.read("Af Ritzau") == bylines.Byline((), ("Ritzau",))
    assert bylines.read("Av Anna Lindqvist") == bylines.Byline(("Anna Lindqvist",))


def test_an_agency_in_a_city_is_an_agency_byline():
    assert bylines.read_bare("Associated Press in The Hague") == bylines.Byline((), ("AP",))


@pytest.mark.parametrize(("line", "outlets_named"), [
    ("20 Minutes avec agences", ("20 Minutes",)),
    ("RTVE.es / AGENCIAS", ("RTVE",)),
    ("Guardian staff and agencies", ("The Guardian",)),
    ("red, ORF.at/Agenturen", ("ORF",)),
    ("Коммерсантъ", None),  # one name alone is a signature
    ("Haia | Reuters", ("Reuters",)),  # a wire story's place and outlet: the place is none
    ("São Paulo | Folhapress", ("Folhapress",)),
    ("Rio de Janeiro | Agência Brasil", ("Agência Brasil",)),
    ("News.Az | Reuters", ("News.Az", "Reuters")),  # two outlets
    # a newsroom signs for its outlet, known or not, in any language; its city is not its name
    ("Redacción EL PAÍS", ("El País",)),
    ("Redazione ANSA ROMA", ("ANSA",)),
    ("Tim Redaksi Kompas", ("Kompas",)),
    ("Redaktion tagesschau.de", ("tagesschau.de",)),
    ("Redação g1", ("g1",)),
])
def test_bylines_of_outlets_only(line, outlets_named):
    found = bylines.outlets_only(line)
    assert (found.outlets if found else None) == outlets_named


@pytest.mark.parametrize(("line", "people", "names"), [
    ("Reporting by Bart Meijer, Charlotte Van Campenhout and Toby Sterling; Editing by Sandra "
     "Maler and Diane Craft", ("Bart Meijer", "Charlotte Van Campenhout", "Toby Sterling"), ()),
    ("Additional reporting: Reuters, AFP", (), ("Reuters", "AFP")),
    ("Con información de EFE", (), ("EFE",)),
    ("(Con información de Reuters y AFP)", (), ("Reuters", "AFP")),
    ("Avec AFP", (), ("AFP",)),
    ("Associated Press writer Raf Casert in Brussels contributed.", (), ()),
    ("— With assistance from Cagan Koc", (), ()),
])
def test_foot_credit_lines(line, people, names):
    found = bylines.foot(line.lstrip("— "))
    assert (found.people, found.outlets) == (people, names)


@pytest.mark.parametrize("line", [
    "The cabinet will stay on as caretaker.", "Reuters", "By the end of the night, it was over."])
def test_not_foot_lines(line):
    assert bylines.foot(line) is None


# -- outlets -----------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "name"), [
    ("News.Az", "News.Az"), ("==Kyodo", "Kyodo News"), ("© 2023 AFP", "AFP"), ("EFE", "EFE"),
    ("РИА Новости", "РИА Новости"), ("Коммерсантъ", "Коммерсантъ"),
    ("tagesschau.de", "tagesschau.de"),
    ("Elections are set to take place later this year.", None),
    ("Jean-Pierre Stroobants (Bruxelles, correspondant)", None),
    ("SEE ALL", None), ("Load more", None),  # a page's buttons, before what follows the story
])
def test_signatures(line, name):
    assert outlets.signature(line) == name


@pytest.mark.parametrize(("line", "names"), [
    ("Source: Al Jazeera and news agencies", ["Al Jazeera"]),
    ("Quelle: dpa", ["dpa"]),
    ("Quelle: SZ/dpa/Reuters/kast", ["Süddeutsche Zeitung", "dpa", "Reuters"]),
    ("Quelle: ntv.de, mli/dpa", ["ntv", "dpa"]),
    ("Quelle: tagesschau.de", ["tagesschau.de"]),  # a site's address, written lower case
    ("Source: euractiv.com", ["Euractiv"]),
    ("Bron: ANP", ["ANP"]),
    ("Источник: Meduza", ["Meduza"]),
    ("Sources : AFP", ["AFP"]),
    ("来源：新华社", ["Xinhua"]),
    ("المصدر: رويترز", ["Reuters"]),
    ("출처: 연합뉴스", ["Yonhap"]),
    ("Kaynak: Anadolu Ajansı", ["Anadolu Agency"]),
    ("来源: 新华社 举报", ["Xinhua"]),  # a button after the name
    ("来源：人民网-文化频道", ["People's Daily"]),  # a channel after it
    ("来源： 人民日报海外版 中国青年网", ["人民日报海外版", "中国青年网"]),
    ("来源：网易科学人", ["网易科学人"]),
    ("来源：网络", []), ("المصدر: وكالات", []),  # "the web", "agencies": no outlet
    ("The source of the leak was not named.", None),
])
def test_source_lines(line, names):
    assert outlets.source_line(line) == names


@pytest.mark.parametrize(("line", "name"), [
    ("© 2023 Deutsche Welle | Privacy Policy | Legal notice", "DW"),
    ("Copyright © 2023 The Associated Press. All rights reserved.", "AP"),
    ("© 2023 Copyright France 24 - All rights reserved.", "France 24"),
    ("© dpa-infocom, dpa:230707-99-333651/4", "dpa"),
    ("© Remko de Waal, AFP", None),  # a photo credit
    ("© AP Photo / Peter Dejong", None),
    # Without the sign, as AP's and Reuters' copies close: a known outlet only
    ("Copyright 2023 The Associated Press. All Rights Reserved.", "AP"),
    ("COPYRIGHT 2024 REUTERS", "Reuters"),
    ("Copyright 2023 Sunbeam Television Corp. All rights reserved.", None),  # WSVN's owner
    ("Copyright 2023 rules were tightened, the court said.", None),
    ("Copyright law is changing in Europe.", None),
])
def test_copyright_footers(line, name):
    assert outlets.copyright_line(line) == name


def test_headers_trust_lines_and_lines_under_bylines():
    assert outlets.header("KYODO NEWS - Jan 2, 2024 - 19:47 | World") == (
        "Kyodo News", "Jan 2, 2024 - 19:47 | World")
    assert outlets.header("NOS Nieuws•Politiek•") == ("NOS", "Politiek•")
    assert outlets.header("Dutch government collapses - live") is None
    assert outlets.trust("Why you can trust Sky News") == "Sky News"
    assert outlets.under_byline("BBC News, The Hague") == "BBC News"
    assert outlets.under_byline("The Hague") is None


# -- credits -----------------------------------------------------------------------------
CREDITS = [
    ("Leaders met late, News.Az reports citing Sky News.", ["Sky News"]),
    ("Rutte will resign on Saturday, Dutch news agency ANP reported.", ["ANP"]),
    ("The election council told Dutch broadcaster NOS.", ["NOS"]),
    ("Policymakers were split, the Financial Times reported on Wednesday.", ["Financial Times"]),
    ("The PP won 136 seats, according to the Reuters news agency.", ["Reuters"]),
    ("Public broadcaster NHK reported that roads were cut.", ["NHK"]),
    ("Le scrutin aura lieu en novembre, selon l’agence de presse ANP.", ["ANP"]),
    ("Des élections auront lieu, a rapporté la télévision publique NOS.", ["NOS"]),
    ("Neuwahlen kommen, wie die Nachrichtenagentur ANP berichtete.", ["ANP"]),
    ("Die Opposition forderte Neuwahlen, meldete der Sender RTL Nieuws.", ["RTL Nieuws"]),
    ("Las elecciones serán en noviembre, según informó la agencia ANP.", ["ANP"]),
    ("Nieuwe verkiezingen komen er in november, meldt persbureau ANP.", ["ANP"]),
    ("Rutte biedt zaterdag zijn ontslag aan, meldde de NOS.", ["NOS"]),
    ("Выборы пройдут в ноябре, сообщает агентство Bloomberg.", ["Bloomberg"]),
    ("Ущерб превысит 500 млн евро, пишет газета Delo.", ["Delo"]),
    ("Ставка повышена до 15%, сообщает «Интерфакс».", ["Interfax"]),
    ("The talks failed, according to The Korea Herald.", ["The Korea Herald"]),
    ("Vooral energie werd goedkoper, meldt het Financieele Dagblad.", ["Financieele Dagblad"]),
    ("Zuerst hatte das Handelsblatt über das Verfahren berichtet.", ["Handelsblatt"]),
    ("It was launched, according to the official Korean Central News Agency.",
     ["Korean Central News Agency"]),
    # in other languages, an outlet's name declined ("Reutersa", "Reuters'a") or in its script
    ("Secondo la Reuters, il governo è caduto.", ["Reuters"]),
    ("Lo riferisce l'agenzia ANSA.", ["ANSA"]),
    ("Segundo a Reuters, o governo caiu.", ["Reuters"]),
    ("Według Reutersa rząd upadł.", ["Reuters"]),
    ("Informację podała agencja PAP.", ["PAP"]),
    ("Podle agentury Reuters vláda padla.", ["Reuters"]),
    ("Reuters'a göre hükümet düştü.", ["Reuters"]),
    ("Menurut Antara, pemerintah jatuh.", ["Antara"]),
    ("Σύμφωνα με το Reuters, η κυβέρνηση έπεσε.", ["Reuters"]),
    ("Enligt TT föll regeringen.", ["TT"]),
    ("Як повідомляє Reuters, уряд впав.", ["Reuters"]),
    ("据新华社报道，国务院召开会议。", ["Xinhua"]),
    ("ロイター通信によると、政府は8日に発表した。", ["Reuters"]),
    ("로이터통신에 따르면 정부는 8일 발표했다.", ["Reuters"]),
    ("وفقا لرويترز، فإن الحكومة استقالت.", ["Reuters"]),
    # no outlet credited:
    ("新华社是中国的国家通讯社。", []),  # named, not credited
    ("Według premiera rząd upadł.", []),
    ("The Coast Guard said it was suspending the search.", []),
    ("More than a million homes lost power, the electricity network operator Enedis said.", []),
    ("Volgens de Kiesraad kunnen de verkiezingen niet eerder.", []),
    ("Rutte said the differences were irreconcilable, according to his spokesman.", []),
]


@pytest.mark.parametrize(("text", "cited"), CREDITS, ids=[c[0][:40] for c in CREDITS])
def test_credits_in_the_text(text, cited):
    assert credits.cited(text) == cited


@pytest.mark.parametrize(("line", "names"), [
    ("dh/kb (Reuters, AP, AFP)", ["Reuters", "AP", "AFP"]),
    ("kle/ack (dpa, afp, rtr)", ["dpa", "AFP", "Reuters"]),
    ("mrc/dpa/Reuters", ["dpa", "Reuters"]),
    ("(AFP)", ["AFP"]),
    ("(Updates with comments)", None),
    ("ric-ab/cls", None),
])
def test_agency_tags(line, names):
    assert credits.tags(line) == names


# -- chrome ------------------------------------------------------------------------------
@pytest.mark.parametrize(("line", "is_chrome"), [
    ("Share", True), ("Share this article", True), ("Comments", True), ("Save", True),
    ("Listen to article", True), ("Listen 3:21", True), ("Advertisement", True),
    ("Image source, Getty Images", True), ("Image caption, Waves crashed in Brest", True),
    ("Lecture 3 min.", True), ("Lesezeit: 2 Min.", True), ("Leestijd 4 minuten", True),
    ("Our Standards: The Thomson Reuters Trust Principles.", True), ("Partager", True),
    ("Zur Merkliste hinzufügen", True), ("Compartir en Facebook", True), ("Delen", True),
    ("Поделиться", True), ("+ ↺ − 16 px", True), ("ric-ab/cls", True),
    ("Photograph: Remko de Waal/ANP/AFP/Getty Images", True), ("Foto: Remko de Waal / EPA", True),
    ("Lire aussi | Aux Pays-Bas, le parti des agriculteurs", True),
    ("Partagez via Facebook (Fenêtre modale)", True), ("Share on X", True),
    ("Click to share on Twitter (Opens in new window)", True),
    ("Share prices fell sharply on Friday.", False), ("Save the Children said.", False),
    ("Share via the council's office", False), ("Rutte resigned.", False),
    # in other languages and scripts, and a trail of links from the home page
    ("分享到：", True), ("微博", True), ("字号：大 中 小", True), ("责任编辑：张三", True),
    ("（责任编辑：张三）", True), ("シェア", True), ("공유하기", True), ("شارك", True),
    ("Condividi", True), ("Udostępnij", True), ("Paylaş", True), ("Bagikan", True),
    ("Baca juga: Pemerintah umumkan pemilu", True), ("Home > News > World", True),
    ("首页 > 新闻 > 国内", True), ("الرئيسية / أخبار العالم", True),
    ("نسخه چاپی ارسال به دوستان", True), ("کد خبر : ۷۳۴۹۹۲۶", True),
    ("Home Secretary resigns over migration", False), ("微博用户称政府已辞职。", False),
])
def test_chrome_lines(line, is_chrome):
    assert chrome.is_chrome(line) is is_chrome


@pytest.mark.parametrize(("line", "cut"), [
    ("Related Topics", True), ("Explore more on these topics", True), ("Archivado En", True),
    ("Dieses Thema im Programm:", True), ("More on this story", True), ("Lees meer over:", True),
    ("Related talks collapsed on Friday.", False),
    ("Das könnte Sie auch interessieren", True), ("Hinweis auf einen verwandten Artikel:", True),
    ("Related articles", True), ("Te puede interesar", True), ("Bydlení", False),
    ("相关新闻", True), ("関連記事", True), ("관련기사", True), ("أخبار ذات صلة", True),
    ("Articoli correlati", True), ("Berita terkait", True),
])
def test_what_follows_the_story(line, cut):
    assert chrome.is_cut(line) is cut


def test_chrome_at_the_end_of_a_line_and_lead_ins():
    assert chrome.strip_tail("date 2023-07-08 + ↺ − 16 px") == "date 2023-07-08"
    assert chrome.is_lead_in("Image caption,")
    assert chrome.is_lead_in("Leia também") and chrome.is_lead_in("اقرأ أيضا")
    assert chrome.is_photo_credit("Mark Rutte à La Haye, le 7 juillet 2023. AP - Peter Dejong")
    assert chrome.is_photo_credit("The case was heard at Antrim Magistrates Court. Picture By: "
                                  "Arthur Allison/Pacemaker Press")
    assert chrome.is_photo_credit("The quay at dawn. Photo by: Jane Doe")
    assert not chrome.is_photo_credit("The Dutch government collapsed on Friday.")
