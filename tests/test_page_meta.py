"""What a saved page states about itself, most trustworthy statement first: its headline,
bylines, outlet, lead image and a figure's caption and credit, and what is believed
of values that make no sense."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest
from page_samples import MTIME, PARAGRAPHS, TZ, read

from articles.model import Image
from articles.parse import Context, parse
from articles.parse.page_images import caption_and_credit

PLUS_ONE = timezone(timedelta(hours=1))

PAGES = [
    ("html-jsonld-graph-ids-figures-widgets.html", {  # JSON-LD wins over og and article:*
        "title": "Hafen öffnet nach dem Sturm wieder",
        "published": datetime(2024, 2, 3, 8, 0, tzinfo=PLUS_ONE),
        "updated": datetime(2024, 2, 3, 10, 30, tzinfo=PLUS_ONE), "date_from": "stated",
        "authors": ("Anna Beispiel", "Ben Muster"),  # an @id reference and a Person
        "source": "Nordsee Kurier", "language": "de-DE",
        "link": "https://kurier.example/lokales/2024/02/03/hafen",
        "image": Image(url="https://kurier.example/img/hafen-1200.jpg", width=1200, height=675,
                       type="image/jpeg", caption="Der Hafen am Samstagmorgen.",
                       credit="Foto: Carla Bild")}),
    ("html-jsonld-broken-and-wrong-types.html", {  # invalid JSON, numbers for text: og instead
        "title": "Council approves the tram line", "source": "City Desk",
        "published": datetime(2024, 3, 14, 9, 30, tzinfo=PLUS_ONE), "image": None,
        "language": ""}),
    ("html-meta-markup-and-scripts.html", {  # markup in meta values is text, scripts are gone
        "title": "Storm closes harbour & port", "source": "Harbour Times",
        "authors": ("Jane Doe",), "summary": "A storm closed the harbour.",
        "image": Image(url="https://harbour.example/img/storm.jpg", type="image/jpeg")}),
    ("html-microdata-article.html", {
        "title": "Valley school reopens after repairs", "authors": ("Maria Lopez",),
        "published": datetime(2022, 9, 5, 7, 45, tzinfo=timezone(timedelta(hours=-4))),
        "source": "The Valley Post",
        "image": Image(url="https://valleypost.example/img/school.jpg", type="image/jpeg")}),
    ("html-byline-class-url-date-title-site.html", {  # guesses: URL date, <title> site name
        "title": "Le marché couvert rouvre ses portes", "source": "Gazette du Port",
        "authors": ("Jeanne Martin", "Paul Petit"), "language": "fr",
        "published": datetime(2021, 3, 4, tzinfo=TZ), "date_from": "guessed",
        "image": Image(url="https://gazette.example/img/marche.jpg", width=800, height=450,
                       type="image/jpeg", caption="Les premiers clients, jeudi.",
                       credit="Photo : Jean Roux")}),  # no declared image: the first figure
    ("html-parsely-sailthru-twitter-only.html", {  # Twitter cards before Parse.ly and Sailthru
        "title": "Bridge repairs finish early (twitter)", "authors": ("Sam Rivera",),
        "published": datetime(2023, 5, 17, 16, 0, tzinfo=UTC), "source": "Bridge Daily",
        "image": Image(url="https://bridge.example/img/bridge.png", type="image/png")}),
    ("html-no-person-outlet-is-author-naive-date.html", {
        "authors": ("Harbour Radio",), "source": "Harbour Radio",  # no person: the outlet
        "published": datetime(2023, 7, 8, 14, 5, tzinfo=TZ),  # no zone stated: site.timezone
        "image": Image(url="https://radio.example/img/ferry.webp", type="image/webp")}),
]


@pytest.mark.parametrize(("name", "expected"), PAGES, ids=[c[0] for c in PAGES])
def test_page(name, expected):
    a = read(name)
    assert {key: getattr(a, key) for key in expected} == expected


def _byline_page(head: str, byline: str = "") -> bytes:
    return ('<html><head><title>Ferry back</title><meta property="og:site_name" '
            f'content="Sputnik International">{head}</head><body><article><h1>Ferry back</h1>'
            f'{byline}<p>' + "The ferry is back in service after a week. " * 8
            + "</p></article></body></html>").encode()


@pytest.mark.parametrize(("head", "byline", "authors"), [
    # a list ending ", and …", and the outlet after the names
    ('<meta name="author" content="Dana A. Ford, Chien-Ming Wang, and Tom Watkins, '
     'Sputnik International">', "",
     ("Dana A. Ford", "Chien-Ming Wang", "Tom Watkins")),
    ('<meta name="author" content="Finian Cunningham. Sputnik International">', "",
     ("Finian Cunningham",)),
    ('<meta name="author" content="Текст: Венера Ерофеева">', "", ("Венера Ерофеева",)),
    # the outlet's desk, a partner outlet or a place after a name: no person
    ('<meta name="author" content="Jill Disis, Sputnik International Business">', "",
     ("Jill Disis",)),
    ('<meta name="author" content="Victor Tangermann, Futurism">', "", ("Victor Tangermann",)),
    ('<meta name="author" content="Markus M. Haefliger, London, Beat Bumbacher">', "",
     ("Markus M. Haefliger", "Beat Bumbacher")),
    # an agency is no person, and a page naming only one names none: what else looks like a
    # byline (a dateline's place) is not taken
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry back", '
     '"author": "PTI"}</script>', '<span class="author-name">Washington,</span>', ()),
    ("", '<div class="byline"><div>By DANICA KIRKA and JILL LAWLESS</div>'
         "<div>Associated Press</div></div>", ("Danica Kirka", "Jill Lawless")),
    # names in capitals are written as names are; a script without capitals stays
    ('<meta name="byl" content="By JEFFREY GETTLEMAN and KENNETH P. VOGEL">', "",
     ("Jeffrey Gettleman", "Kenneth P. Vogel")),
    ('<meta name="author" content="青网校园 崔宁宁">', "", ("青网校园 崔宁宁",)),
    # a byline with its date: the names before it, and only when names are all it holds
    ("", '<p class="autor"><strong>Patricio Candia</strong> | Palma de Mallorca | 08/01/2014'
         "</p>", ("Patricio Candia",)),
    ("", '<h3 class="byline">by Jeff Foust<br><span>Monday, November 18, 2019</span></h3>',
     ("Jeff Foust",)),
    ("", '<div class="byline-section">Lisa Kaczke and Trevor J. Mitchell Sioux Falls Argus '
         "Leader Published 10:02 AM EST Nov 19, 2019</div>", ()),
    # a class denying a bio around the byline ("hasnt-bio") does not make it one
    ("", '<div class="pb-sig-line hasnt-headshot hasnt-bio"><span class="pb-byline">By <a '
         'href="/people/erin-cunningham">Erin Cunningham</a></span></div>', ("Erin Cunningham",)),
    # desks and institutions are no people
    ('<meta name="author" content="Telegraph Sport">', "", ()),
    ("", '<h4 class="author">The Russian and Syrian defense ministries</h4>', ()),
    # a company, its address or its copyright line is no person
    ('<meta name="author" content="Olympia-Verlag GmbH, Nürnberg, Germany">', "", ()),
    ('<meta name="author" content="Copyright Haufe-Lexware GmbH &amp; Co. KG">', "", ()),
    ('<meta name="author" content="Anónimo">', "", ()),
    # labels, roles, handles, the outlet and a date's preposition around a name
    ("", '<p class="author">Interview: Julia Lauter</p>', ("Julia Lauter",)),
    ('<meta name="author" content="Text und Interview: Harald Willenbrock">', "",
     ("Harald Willenbrock",)),
    ('<meta name="author" content="Williams Perdomo @wperdomod">', "", ("Williams Perdomo",)),
    ("", '<span class="byline">Christoph Hein Chefredakteur</span>', ("Christoph Hein",)),
    ('<meta name="author" content="Sputnik International - Alberto Ávila">', "",
     ("Alberto Ávila",)),
    ("", '<div class="author">Par <a href="/kab">Kab Niang</a><br> Le <span class="date">'
         "17/02/2020</span></div>", ("Kab Niang",)),
    # a one-person site's owner, typed both Person and Organization, publishing the story
    ('<script type="application/ld+json">{"@type": "Article", "headline": "Ferry back", '
     '"author": {"@id": "#me"}, "publisher": {"@id": "#me"}}</script><script type='
     '"application/ld+json">{"@type": ["Person", "Organization"], "@id": "#me", '
     '"name": "Christoph Hein"}</script>', "", ("Christoph Hein",)),
    # the byline's word in a marked element of its own, a role after the name (LA Times')
    ("", '<div class="author-name"><span class="byline-prefix">By</span> <a href="/p/hb">'
         'Howard Blume</a><span class="author-title">Staff Writer</span></div>',
     ("Howard Blume",)),
    ("", '<p class="byline">Rebecca Hersher <a href="https://twitter.com/rhersher">Twitter</a>'
         "</p>", ("Rebecca Hersher",)),
    ("", '<p class="byline">By Ana Ruiz, Senior Politics Editor</p>', ("Ana Ruiz",)),
    # a Person named in parts only
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry back", '
     '"author": [{"@type": "Person", "givenName": "Ana Sofia", "familyName": "Reyes"}, '
     '{"@type": "Person", "givenName": "Tom", "familyName": "Berg"}]}</script>', "",
     ("Ana Sofia Reyes", "Tom Berg")),
    # bylines marked in camel case, as a name's class, or by a link to the writer's page
    ("", '<ul class="postMetaAuthorList"><li><a href="/p/lv">Lena Vogt</a></li></ul>',
     ("Lena Vogt",)),
    ("", '<div id="articleByline">Lena Vogt und Ivo Marx</div>', ("Lena Vogt", "Ivo Marx")),
    ("", '<p>| Von <span class="authorname">Lena Vogt </span></p>', ("Lena Vogt",)),
    ("", '<p class="meta">von <a href="/autoren/name/lena-vogt">Lena Vogt</a></p>',
     ("Lena Vogt",)),
    ("", '<p>By <a href="https://ferry.example/author/ivo-marx/">Ivo Marx</a></p>',
     ("Ivo Marx",)),
    # what a reader does not see is no part of the byline; a class naming a hidden label is
    ("", '<div class="byline"><span class="u-visually-hidden">partner</span> von <b>Lena '
         "Vogt</b></div>", ("Lena Vogt",)),
    ("", '<div class="byline"><span class="sr-only">Author:</span> Ivo Marx</div>',
     ("Ivo Marx",)),
    ("", '<div class="byline"><div class="field field-label-hidden">By LENA VOGT</div></div>',
     ("Lena Vogt",)),
    # the site's own account (a blog engine's "admin") is no writer
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry back", '
     '"author": {"@id": "https://ferry.example/author/admin/", "name": "Ferry D"}}</script>',
     '<p>by <span class="author vcard"><a href="https://ferry.example/author/admin/" '
     'rel="author">Ferry D</a></span></p>', ()),
    # an outlet's label with its address, an account named "News", an agency at a place
    ('<link rel="canonical" href="https://sputnik.example/ferry"><meta name="author" '
     'content="sputnik.example, Moskau, Russland">', "", ()),
    ('<meta name="author" content="Nachrichten">', "", ()),
    ('<meta name="author" content="Noticias">', "", ()),
    ('<meta property="article:author" content="Reuters in Kyiv">', "", ()),
    ('<meta property="article:author" content="Associated Press in New York">', "", ()),
    # a role and its organization after the name, a separator left after it
    ("", '<span class="byline-author">Posted by Ivo Marx, Vice President, Ferry Lines</span>',
     ("Ivo Marx",)),
    ("", '<span class="td-post-author-name"><a href="/author/lena-vogt/">Lena Vogt</a> '
         "<span>-</span></span>", ("Lena Vogt",)),
    # a kicker in the byline's place is no name; a name's particles are written small
    ("", '<div class="article-info byline"><span>Reader poll</span> <span>04.06.2020 11:27'
         "</span></div>", ()),
    ("", '<p class="byline">By Ursula von der Leyen</p>', ("Ursula von der Leyen",)),
    # a box's label ("Connect Directly") before the byline is no name
    ("", '<div class="author-info-block"><span>Connect Directly</span></div>'
         '<p class="byline">By Lena Vogt</p>', ("Lena Vogt",)),
    # a byline crediting a wire: no person, and no other element is taken for one
    ("", '<div class="byline">By: CNN Wire</div><div id="pnlByline">CNN</div>', ()),
    # the byline's word in other languages, and a reporter's title before the name
    ("", '<span class="author">بقلم: أحمد علي</span>', ("أحمد علي",)),
    ("", '<span class="author">מאת: דנה כהן</span>', ("דנה כהן",)),
    ("", '<span class="author">Oleh Ahmad Fauzi</span>', ("Ahmad Fauzi",)),
    ("", '<span class="author">Γράφει ο Γιώργος Παπαδόπουλος</span>',
     ("Γιώργος Παπαδόπουλος",)),
    ("", '<span class="author">记者 王小明</span>', ("王小明",)),
    ("", '<span class="author">作者：王小明</span>', ("王小明",)),
    ("", '<span class="author">記者林宸誼／即時報導</span>', ("林宸誼",)),  # the place after
    ("", '<span class="author">上報快訊／范姜佳鈺</span>', ("范姜佳鈺",)),
    ("", '<span class="author">حسام أبو العلا - القاهرة</span>', ("حسام أبو العلا",)),
    ("", '<span class="author">Developed By Heba Musa</span>', ()),  # the site's maker
    # labels of other languages: German "Artikel von", Latvian "Autori", Lithuanian "Autorius"
    ("", '<div class="author">Artikel von: von Britta Schultejans</div>',
     ("Britta Schultejans",)),
    ("", '<div class="article-author">Autori: Anna Ūdre</div>', ("Anna Ūdre",)),
    ("", '<div class="article-author">Autorius: Jonas Petraitis</div>', ("Jonas Petraitis",)),
    # a template's empty value is no name; the byline in the page is read instead
    ('<meta name="author" content="null"><meta name="article:author" content="null">',
     '<span class="author-name">Rodolfo Costa</span>', ("Rodolfo Costa",)),
    ('<meta name="author" content="undefined">', "", ()),
    # the section a byline's block links to is not its writer
    ("", '<div class="ml-2 author"><a> </a> <a href="/actualidad/internacional"><span '
         'class="assigned-section">Internacional</span></a></div>', ()),
    ("", '<div class="article-grouper-author"><span class="article-category-grouper">'
         "Salarios</span></div>", ()),
    # the byline's own avatar block, a writer's page under /redaktion/, Indonesia's "penulis"
    ("", '<div class="coauthor-avatar-container"><div class="byline">By <a href="/author/'
         'grace-zokovitch/" rel="author">Grace Zokovitch</a></div></div>', ("Grace Zokovitch",)),
    ("", '<div class="u-gap">Von <a href="https://t3n.example/redaktion/andreas-floemer">'
         "Andreas Floemer</a></div>", ("Andreas Floemer",)),
    ("", '<div id="penulis">Penulis: Muhammad Renald Shiftanto</div>',
     ("Muhammad Renald Shiftanto",)),
    # the writer's beat and role after a comma are no second person, however many words
    ("", '<p class="byline">By Margaret Ellison, Industry Correspondent</p>',
     ("Margaret Ellison",)),
    ('<meta name="author" content="Jon Smith, Middle East Correspondent">', "", ("Jon Smith",)),
    ("", '<p class="byline">By Anna Lee and Tom Hart, Transport Correspondents</p>',
     ("Anna Lee", "Tom Hart")),
    ("", '<p class="byline">By Jane Doe, Education Reporter, and Tom Hart</p>',
     ("Jane Doe", "Tom Hart")),
    # and where they report from, after the role or the name, in any language
    ("", '<p class="byline">Par Marie Dupont, envoyée spéciale à Kiev</p>', ("Marie Dupont",)),
    ("", '<p class="byline">Von Anna Schmidt, Korrespondentin in Brüssel</p>',
     ("Anna Schmidt",)),
    ('<meta name="author" content="Jane Doe, Europe Correspondent in Brussels">', "",
     ("Jane Doe",)),
    ("", '<p class="byline">Di Marco Bianchi, inviato a Kiev</p>', ("Marco Bianchi",)),
    ("", '<p class="byline">By Jane Doe and Tom Hart in Kyiv</p>', ("Jane Doe", "Tom Hart")),
])
def test_a_byline_names_people_not_agencies_desks_or_the_outlet(head, byline, authors):
    [a] = parse("byline.html", _byline_page(head, byline), Context("byline.html", MTIME, TZ))
    assert a.authors == (authors or ("Sputnik International",))  # no person: the outlet


def test_a_byline_is_read_whatever_the_page_s_own_classes_say_it_has():
    """A theme's classes on `<body>` describe the whole page ("inline-comments"): they do not
    make every byline in it a comment's."""
    page = _byline_page("", '<p class="post-meta">by <a href="/blog/author/lv/" rel="author">'
                            "Lena Vogt</a> | May 16, 2016</p>").replace(
        b"<body>", b'<body class="single single-post inline-comments et_right_sidebar">')
    [a] = parse("byline.html", page, Context("byline.html", MTIME, TZ))
    assert a.authors == ("Lena Vogt",)


def test_a_site_name_joined_on_by_a_full_width_colon_leaves_the_headline():
    page = ('<html lang="ja"><head><title>台風7号、東海に上陸の恐れ：朝日新聞デジタル</title>'
            '<meta property="og:title" content="台風7号、東海に上陸の恐れ：朝日新聞デジタル">'
            '<meta property="og:site_name" content="朝日新聞デジタル">'
            '<meta property="article:published_time" content="2023-08-14T18:30:00+09:00">'
            "</head><body><article><h1>台風7号、東海に上陸の恐れ</h1>"
            "<p>大型の台風7号は15日にも東海地方に上陸する恐れがあり、気象庁は厳重な警戒を"
            "呼びかけている。</p></article></body></html>")
    [article] = parse("typhoon.html", page.encode(), Context("typhoon.html", MTIME, TZ))
    assert (article.title, article.source) == ("台風7号、東海に上陸の恐れ", "朝日新聞デジタル")


@pytest.mark.parametrize(("head", "body", "title", "source"), [
    # a template giving the headline as the site's name: the page is not refused headless
    ('<title>Ferry back in service after a week | Die Fähre</title><meta property='
     '"og:site_name" content="Ferry back in service after a week | Die Fähre"><meta '
     'property="og:title" content="Ferry back in service after a week">', "",
     "Ferry back in service after a week", "Die Fähre"),
    ('<title>Ferry back in service after a week</title><meta name="application-name" '
     'content="Ferry back in service after a week">', "<h1>Ferry back in service after a week</h1>",
     "Ferry back in service after a week", ""),
    # a heading that is the site's logo (linking home) or a menu's is not the story's
    ("<title>Ferry back in service after a week</title>",
     '<h1><a href="http://www.faehre.example/"></a><i>Die Fähre</i></h1>',
     "Ferry back in service after a week", ""),
    ("<title>Ferry back in service after a week</title>", "<nav><h1>Sections</h1></nav>",
     "Ferry back in service after a week", ""),
    # Google Translate's box, in a page saved from a translating browser
    ("", '<div id="goog-gt-tt" class="skiptranslate"><h1 class="title gray">Original text</h1>'
     "</div><h1>Ferry back in service after a week</h1>", "Ferry back in service after a week",
     ""),
    # an empty site-name slot, the site's name in parentheses
    ('<title>Ferry back -</title><meta property="og:site_name" content="Die Fähre">', "",
     "Ferry back", "Die Fähre"),
    ('<meta property="og:title" content="Ferry back (die fähre)"><meta property="og:site_name"'
     ' content="Die Fähre">', "", "Ferry back", "Die Fähre"),
    # a structured "headline" that is the page's description, its "name" the <h1>'s
    ('<script type="application/ld+json">{"@type": "Article", "name": "Ferry back", '
     '"headline": "ferry line in the north of the country"}</script>', "<h1>Ferry back</h1>",
     "Ferry back", ""),
    # a meta value cut at the first quote mark of its headline: the <title> is whole
    ('<title>Captain calls the ferry "unsinkable"</title><meta property="og:title" '
     'content="Captain calls the ferry "unsinkable"">', "",
     'Captain calls the ferry "unsinkable"', ""),
    # a headline with a separator in it, which the <h1> repeats whole: no site name at its end
    ("<title>“Only One” Lyrics : PJ Morton (Ft. Stevie Wonder)</title>",
     "<h1>“Only One” Lyrics : PJ Morton (Ft. Stevie Wonder)</h1>",
     "“Only One” Lyrics : PJ Morton (Ft. Stevie Wonder)", ""),
    ("<title>Ferries stop - the harbour master explains</title>",
     "<h1>Ferries stop – the harbour master explains</h1>",
     "Ferries stop – the harbour master explains", ""),
    # a site's section after its name (CNN's), the <h1> written with its own apostrophe
    ('<meta property="og:title" content="Why the ferry won\'t change | Kurier Politik"><meta '
     'property="og:site_name" content="Kurier">', "<h1>Why the ferry won’t change</h1>",
     "Why the ferry won’t change", "Kurier"),
    # a heading that is the site's logo: classed so, or its name spaced otherwise
    ('<meta property="og:title" content="Ferry back in service - Die Fähre"><meta '
     'property="og:site_name" content="Die Fähre">', '<h1 class="site-logo"><span>Die Fähre'
     "</span><svg></svg></h1>", "Ferry back in service", "Die Fähre"),
    ('<meta property="og:title" content="항구 운항 재개 - 매일경제"><meta property="og:site_name" '
     'content="매일경제">', "<h1>매일 경제</h1>", "항구 운항 재개", "매일경제"),
    # the site's sections between the headline and its name; a kicker before it stays
    ('<meta property="og:title" content="索尼、鎧俠業績遭波及 已向美申請供貨華為 | 兩岸焦點 | '
     '兩岸 | 經濟日報"><meta property="og:site_name" content="經濟日報">', "",
     "索尼、鎧俠業績遭波及 已向美申請供貨華為", "經濟日報"),
    ('<title>Ferry back in service after a week of repairs | Politics | Die Fähre</title><meta '
     'property="og:site_name" content="Die Fähre">', "",
     "Ferry back in service after a week of repairs", "Die Fähre"),
    ('<title>Harbour | Ferry back in service after a week of repairs | Die Fähre</title><meta '
     'property="og:site_name" content="Die Fähre">', "",
     "Harbour | Ferry back in service after a week of repairs", "Die Fähre"),
    # a note after the social headline the page's <h1> has not (The New York Times')
    ('<meta property="og:title" content="Ferry captain is arrested (Published 2016)">',
     "<h1>Ferry captain is arrested</h1>", "Ferry captain is arrested", ""),
    # a theme whose <h1> is the logo, under a <title> of the site's name alone: the post's
    # <h2> (a page refused before as having no title)
    ('<title>kurier.example</title><meta property="og:site_name" content="kurier.example">',
     '<h1><a href="https://kurier.example/" class="custom-logo-link"><img alt=""></a></h1>'
     "<h2>The new trend: coalitions of need</h2>", "The new trend: coalitions of need",
     "kurier.example"),
])
def test_the_headline_is_the_story_s_whatever_the_template_mislabels(head, body, title, source):
    page = (f"<html><head>{head}</head><body>{body}<div class='story'>{PARAGRAPHS}</div>"
            "</body></html>")
    [a] = parse("title.html", page.encode(), Context("title.html", MTIME, UTC))
    assert (a.title, a.source) == (title, source)


@pytest.mark.parametrize(("link", "head", "source", "authors"), [
    # a country's second-level domain: the site's name is "otempo", not "com"; og:site_name
    # holds a section, and the name the host spells is also the meta author's, no person
    ("https://www.otempo.com.br/diversao/moser", '<title>Moser fala | O TEMPO</title><meta '
     'name="application-name" content="O TEMPO - Notícias"><meta property="og:site_name" '
     'content="Diversao"><meta name="author" content="O TEMPO">', "O TEMPO", ("O TEMPO",)),
    ("https://news.harbour.co.uk/ferry", '<meta property="og:site_name" content="Travel">'
     '<meta name="application-name" content="Harbour News">', "Harbour News", ("Harbour News",)),
    # the end of a headline after a colon, in a <title> led by a section, is no site name
    ("https://www.vosgesmatin.fr/edition-la-plaine/2020/03/23/incendie", "<title>Edition La "
     "Plaine | Incendie dans une maison&nbsp;: cinq personnes relogées</title><meta property="
     '"og:title" content="Frain. Incendie dans une maison&nbsp;: cinq personnes relogées">',
     "vosgesmatin.fr", ("vosgesmatin.fr",)),  # no name: the host's
])
def test_the_outlet_is_the_site_s_name_not_a_section_or_the_headline_s_end(link, head, source,
                                                                            authors):
    page = (f'<html><head><link rel="canonical" href="{link}">{head}</head><body><article>'
            f"<h1>Ferry back</h1>{PARAGRAPHS}</article></body></html>")
    [a] = parse("outlet.html", page.encode(), Context("outlet.html", MTIME, UTC))
    assert (a.source, a.authors) == (source, authors)


@pytest.mark.parametrize(("line", "authors"), [
    ("<p>By Jane Doe</p>", ("Jane Doe",)),
    ("<p><em>By JANE DOE</em></p>", ("Jane Doe",)),
    ("<div>Von Anna Beispiel, Husum</div>", ("Anna Beispiel",)),
    ("<p>Par Jean Dupont | 3 mars 2024</p>", ("Jean Dupont",)),
    ("<h4>By Jane Doe and John Roe</h4>", ("Jane Doe", "John Roe")),
    ("<p>By Jane Doe, Reuters</p>", ("Jane Doe",)),
    ("<p>記者 山田太郎</p>", ("山田太郎",)),  # a reporter's title beside a CJK name
    # the story's first words, a name in a sentence: no byline
    ("<p>By Monday, the ferry will run again as usual, the company said.</p>", ()),
    ("<p>Von der Leyen says the ferry deal is done.</p>", ()),
])
def test_a_byline_printed_without_markup_under_the_headline_is_read(line, authors):
    """A page marking its byline nowhere (no class, no meta, no JSON-LD) prints it under the
    headline; it is read as the copies read theirs, and leaves the body."""
    page = ('<html><head><title>Ferry back</title><meta property="og:site_name" content="Die '
            f'Fähre"></head><body><article><h1>Ferry back</h1>{line}{PARAGRAPHS}</article>'
            "</body></html>")
    [a] = parse("byline.html", page.encode(), Context("byline.html", MTIME, UTC))
    assert a.authors == (authors or ("Die Fähre",))
    assert ("By " in a.content_html or "Von " in a.content_html
            or "Par " in a.content_html) == (not authors)


def test_a_link_that_is_no_address_leaves_the_page_without_one():
    """`http://[broken` (an unclosed IPv6 bracket) made `urlsplit` raise: the page was
    refused as one newsfeed could not read."""
    page = ('<html><head><title>Ferry back</title><link rel="canonical" href="http://[broken/'
            'story"><meta property="og:url" content="https://[::1"></head><body><article><h1>'
            f"Ferry back</h1>{PARAGRAPHS}</article></body></html>")
    [a] = parse("link.html", page.encode(), Context("link.html", MTIME, UTC))
    assert (a.title, a.link) == ("Ferry back", "")


def test_the_site_logo_declared_as_the_story_image_is_no_lead_image():
    logo = "https://img.example.org/global/brand_1200x800.jpg"
    page = ('<html><head><title>Ferry back</title>'
            f'<meta property="og:image" content="{logo}"><link rel="image_src" href="{logo}">'
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            f'"Ferry back", "image": "{logo}", "publisher": {{"@type": "NewsMediaOrganization",'
            f' "name": "Example", "logo": {{"@type": "ImageObject", "url": "{logo}"}}}}}}'
            '</script></head><body><article><h1>Ferry back</h1>'
            f'<p><img src="{logo}" width="600" height="400"></p><p>'
            + "The ferry is back in service after a week. " * 8 + "</p></article></body></html>")
    [a] = parse("logo.html", page.encode(), Context("logo.html", MTIME, TZ))
    assert a.image is None
    [b] = parse("photo.html", page.replace('<p><img src="', '<p><img src="https://img.example'
                                           '.org/2019/ferry.jpg"><img src="').encode(),
                Context("photo.html", MTIME, TZ))
    assert b.image.url == "https://img.example.org/2019/ferry.jpg"  # the body's own picture


@pytest.mark.parametrize(("figcaption", "caption", "credit"), [
    ('Der Kai. <span class="credit">Foto: Dora Licht</span>', "Der Kai.", "Foto: Dora Licht"),
    ("Levy speaks. (Matt Stone/Boston Herald)", "Levy speaks.", "Matt Stone/Boston Herald"),
    ("Der Kai am Morgen. Foto: Dora Licht", "Der Kai am Morgen.", "Foto: Dora Licht"),
    ("Elections (2019)", "Elections (2019)", ""),
    # the credit in an element of its own, unmarked: El País, Time, NBC News, Le Devoir
    ("<span>Un grupo de pingüinos, en la Antártida.</span><span>NATACHA PISARENKO (AP)</span>",
     "Un grupo de pingüinos, en la Antártida.", "NATACHA PISARENKO (AP)"),
    ("<span>Pingüinos en la base Esperanza.</span> <span>Camila Buvinic (EFE)</span>",
     "Pingüinos en la base Esperanza.", "Camila Buvinic (EFE)"),
    ('<div><span class="mr3">The house in Braunau.</span><span class="f2">Leonhard Foeger / '
     "Reuters file</span></div>", "The house in Braunau.", "Leonhard Foeger / Reuters file"),
    ("<span>An oil field near Lost Hills.</span><span>David McNew—Getty Images</span>",
     "An oil field near Lost Hills.", "David McNew—Getty Images"),
    ('Der Kai am Morgen. <span class="credit">| Foto: Dora Licht</span>', "Der Kai am Morgen.",
     "Foto: Dora Licht"),
    ("Der Kai am Morgen. <small>Dora Licht</small>", "Der Kai am Morgen.", "Dora Licht"),
    ("<cite>Stuff</cite><div>Generic police car</div>", "Generic police car", "Stuff"),
    ("<span>Photo: Adil Boukind Le Devoir</span> Les trottinettes en libre-service.",
     "Les trottinettes en libre-service.", "Photo: Adil Boukind Le Devoir"),
    # a caption in two pieces is no credit
    ("<span>Image caption</span> <span>About 40 bodies were buried on Thursday</span>",
     "Image caption About 40 bodies were buried on Thursday", ""),
    ("<span>Results of the</span> <span>2019/2020 season</span>",
     "Results of the 2019/2020 season", ""),
])
def test_a_figure_caption_and_its_credit_are_told_apart(figcaption, caption, credit):
    figure = lxml.html.fragment_fromstring(
        f'<figure><img src="/a.jpg"><figcaption>{figcaption}</figcaption></figure>')
    assert caption_and_credit(figure) == (caption, credit)


ZH_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>北京地铁新线路开通运营_新闻中心</title></head>
<body><div class="top">新闻中心 首页 国内 国际</div>
<div class="article"><h1>北京地铁新线路开通运营</h1>
<div class="info">2023-07-08 10:15 来源：新华社 作者：王磊</div>
<p>新华社北京7月8日电 北京地铁新线路8日正式开通运营，全长约20公里，共设车站12座，
将进一步缓解城市西部地区的交通压力。</p>
<p>据介绍，新线路采用全自动运行系统，最高运行速度每小时100公里。开通初期，列车最小行车间隔为4分钟。</p>
<p>北京市交通部门表示，将根据客流变化及时调整运营方案，为市民出行提供便利。</p></div>
<div class="foot">版权所有 新闻中心</div></body></html>"""


def test_a_short_chinese_story_its_date_line_s_writer_and_its_title_s_site():
    """A Chinese story of 170 characters is a story (a Han character says a word's worth:
    not the page's whole `<body>` with its menu as a fallback); the writer after the date
    of its date line ("作者：王磊") is read; "标题_网站" names the site after the underscore."""
    [article] = parse("zh.html", ZH_PAGE.encode(), Context("zh.html", MTIME, TZ))
    assert article.title == "北京地铁新线路开通运营"
    assert article.authors == ("王磊",) and article.source == "新闻中心"
    assert article.published == datetime(2023, 7, 8, 10, 15, tzinfo=TZ)
    assert "首页" not in article.content_html and "来源" not in article.content_html
    assert article.content_html.count("<p>") == 3
