"""What a saved page states about itself, most trustworthy statement first: its headline,
dates, bylines, outlet, lead image and a figure's caption and credit, and what is believed
of values that make no sense."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime, timedelta, timezone

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from page_samples import MTIME, PARAGRAPHS, TZ, read

from articles.model import Image, Rejected
from articles.parse import Context, parse
from articles.parse.page_images import caption_and_credit
from articles.sanitize import xml_safe

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


def test_implausible_dates_are_not_believed_and_the_file_time_is_used_with_a_log_line(caplog):
    with caplog.at_level("INFO", logger="newsfeed.parse"):
        a = read("html-implausible-dates.html")  # year 20230 and 1900 stated
    assert (a.published, a.date_from) == (MTIME, "file time")
    assert "ignoring the implausible date '1900-01-01T00:00:00Z'" in caplog.text
    assert "has no date; using the file's modification time" in caplog.text


def test_an_undated_page_is_guessed_within_the_month_its_address_gives():
    """Refinery29's story of December 2016 was guessed 2022-01-01 from the other stories'
    links and a title's year; its address says December 2016."""
    related = "".join(f'<li><a href="/en-us/2022/0{n}/1107274{n}/scarf-top">So, how is it '
                      f"really? Wearing a scarf top in 2022 ({n})</a></li>" for n in range(1, 6))
    page = ('<html><head><title>Ferry back</title><link rel="canonical" href="https://news.'
            'example/en-us/2016/12/132377/ferry-back"></head><body><article><h1>Ferry back'
            "</h1><p>" + "The ferry is back in service after a week. " * 8 + "</p></article>"
            f"<div class='more'><ul>{related}</ul></div></body></html>")
    [a] = parse("undated.html", page.encode(), Context("undated.html", MTIME, TZ))
    assert (a.published.year, a.published.month, a.date_from) == (2016, 12, "guessed")


def test_a_page_stating_only_when_it_was_modified_takes_that_date():
    page = ('<html><head><title>Ferry back</title><meta property="article:modified_time" '
            'content="2024-02-03T10:00:00+01:00"></head><body><article><p>'
            + "The ferry is back in service after a week. " * 8 + "</p></article></body></html>")
    [a] = parse("modified.html", page.encode(), Context("modified.html", MTIME, TZ))
    assert (a.published, a.updated, a.date_from) == (
        datetime(2024, 2, 3, 10, tzinfo=PLUS_ONE), None, "stated")


def _clock_page(story_date: str, *, at_headline: bool = True) -> bytes:
    """A page whose header shows the site's clock (the day it was saved) and whose story
    block may show its own date, in a line below its headline or at the story's end."""
    line = f'<div class="meta">{story_date}</div>'
    return ('<html><head><title>Ferry back</title></head><body>'
            '<div id="top"><div class="bar"><div id="date-box">Mon, 25 Dec 2023</div></div>'
            '<div class="bar"><time datetime="2023-12-25T10:21">Today</time></div></div>'
            '<div id="main"><div class="column"><div class="story"><h1>Ferry back</h1>'
            f'{line if at_headline else ""}<p>'
            + "The ferry is back in service after a week. " * 8
            + f"</p>{'' if at_headline else line}<p>The harbour reopens.</p>" * 3
            + "</div></div></div></body></html>").encode()


def test_the_site_clock_in_the_page_header_is_never_the_story_date(caplog):
    with caplog.at_level("INFO", logger="newsfeed.parse"):
        [dated] = parse("dated.html", _clock_page("Thu, 14 May 2020 17:55 UTC"),
                        Context("dated.html", MTIME, TZ))
        [later] = parse("later.html", _clock_page("Thu, 14 May 2020 17:55 UTC",
                                                  at_headline=False),
                        Context("later.html", MTIME, TZ))
        [undated] = parse("undated.html", _clock_page(""), Context("undated.html", MTIME, TZ))
    assert (dated.published, dated.date_from) == (datetime(2020, 5, 14, 17, 55, tzinfo=UTC),
                                                  "stated")  # the line at its headline
    assert (later.published.date().isoformat(), later.date_from) == ("2020-05-14", "guessed")
    assert "the day 2020-05-14 is a guess" in caplog.text  # a weak date is logged
    assert (undated.published, undated.date_from) == (MTIME, "file time")


@pytest.mark.parametrize(("story", "day"), [
    # a date line under the headline, with the byline and a weekday; teasers dated earlier
    ('<h1>Ferry back</h1><div class="meta">1. Februar 2022, Daniel Dillenburg</div>', "2022-02-01"),
    ('<h1>Ferry back</h1><p>Von Christian Thiele, 07 Dezember, 2022</p>', "2022-12-07"),
    ('<h1>Ferry back</h1><ul><li>Interview: Julia Lauter</li><li><time>31.03.2020</time></li>'
     "</ul>", "2020-03-31"),
    ('<h1>Ferry back</h1><p>Written: 2023-11-07 15:03:30 / Updated: 2023-11-08 09:30:46</p>',
     "2023-11-07"),
    ("<h1>Ferry back</h1><p>The ferry runs again.</p><p>29.11.2022 – Mehrfach hatte die "
     "Reederei gewarnt.</p>", "2022-11-29"),
    # an update's line is no publication's: the line above the heading is read
    ('<span class="meta">Accueil | Par <a class="author">Loïc Le Clerc</a> | 30 septembre 2018'
     "</span><h2>Ferry back</h2><p>Article mis à jour le 7 janvier 2020.</p>", "2018-09-30"),
])
def test_the_date_line_at_the_headline_dates_a_page_without_date_metadata(story, day):
    page = ("<html><head><title>Ferry back | Kurier</title></head><body>"
            '<div class="logo"><h1><span>Ferry back</span><a href="/">Kurier</a></h1>'
            '<div class="clock">Dienstag, 25. Januar 2022</div></div>'
            f'<div class="story">{story}{PARAGRAPHS}</div>'
            '<div class="more"><p>Ferry strike ends 21. Januar 2022</p>'
            "<p>Harbour dredged 3. Januar 2022</p></div></body></html>")
    [a] = parse("line.html", page.encode(), Context("line.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


def test_the_times_of_related_posts_below_a_blog_post_are_not_its_date():
    related = "".join(
        f'<article class="post-{n}"><h3>Other story {n}</h3><p class="post-date">'
        f'<time datetime="2020-12-0{n} 07:32:49">{n}. Dezember 2020</time></p></article>'
        for n in (3, 4))
    page = ('<html><head><title>Ferry back</title></head><body><article class="post-9">'
            '<h1>Ferry back</h1><p class="meta">von eseppelt · 31. Oktober 2023</p>'
            f'{PARAGRAPHS}<div class="related">{related}</div></article></body></html>')
    [a] = parse("post.html", page.encode(), Context("post.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == ("2023-10-31", "stated")


@pytest.mark.parametrize(("head", "line", "local"), [
    # the same instant with the page's offset in another statement
    ('<meta name="date" content="Sat, 19 Oct 2019 00:04:00 +0200">', "",
     "2019-10-19T00:04:00+02:00"),
    # or on the page's clock without an offset: a <time>, the date line at the headline
    ("", '<time datetime="2019-10-18 17:04:00">October 18, 2019 at 5:04 p.m.</time>',
     "2019-10-18T17:04:00-05:00"),
    ("", '<p class="meta">Ariel Melgar 18/10/2019 19:04</p>', "2019-10-18T19:04:00-03:00"),
    # nothing to tell the page's clock by: UTC stays
    ("", '<p class="meta">Ariel Melgar 19/10/2019</p>', "2019-10-18T22:04:00+00:00"),
    # twelve hours apart: a 12-hour clock's reading ("10:04" for 10:04 pm), not a zone's
    ("", '<p class="meta">Ariel Melgar 18/10/2019 10:04</p>', "2019-10-18T22:04:00+00:00"),
])
def test_a_page_stating_utc_keeps_the_instant_at_its_own_clock(head, line, local):
    page = ('<html><head><title>Ferry back</title><script type="application/ld+json">'
            '{"@type": "NewsArticle", "headline": "Ferry back", "datePublished": '
            f'"2019-10-18T22:04:00Z"}}</script>{head}</head><body><article><h1>Ferry back</h1>'
            f"{line}{PARAGRAPHS}</article></body></html>")
    [a] = parse("utc.html", page.encode(), Context("utc.html", MTIME, UTC))
    assert a.published.isoformat() == local


@pytest.mark.parametrize(("statements", "day"), [
    # the update's instant written as the structured publication date: the tags say when
    ('<div itemscope itemtype="https://schema.org/NewsArticle"><meta itemprop="headline" '
     'content="Ferry back"><meta itemprop="datePublished" content="2016-05-08T10:11:51+01:00">'
     '</div>', "2015-09-17"),
    # the same time written in another zone is no such case: the structured date stands
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry back", '
     '"datePublished": "2016-05-08T12:11:51+03:00"}</script>', "2016-05-08"),
])
def test_a_structured_publication_date_that_is_the_last_update_gives_way(statements, day):
    published = "2015-09-17T16:57:43+01:00" if day == "2015-09-17" else "2016-05-08T10:11:51"
    page = (f'<html><head><title>Ferry back</title><meta property="article:published_time" '
            f'content="{published}"><meta property="article:modified_time" content='
            f'"2016-05-08T10:11:51+01:00"></head><body>{statements}<article><h1>Ferry back</h1>'
            f"{PARAGRAPHS}</article></body></html>")
    [a] = parse("update.html", page.encode(), Context("update.html", MTIME, UTC))
    assert a.published.date().isoformat() == day


@pytest.mark.parametrize(("head", "instant"), [
    ("<meta name='OriginalPublicationDate' content='2014-06-30T16:54:02+00:00'>",
     datetime(2014, 6, 30, 16, 54, 2, tzinfo=UTC)),
    ("<meta property='rnews:datePublished' content='2010-02-22T11:53:04+00:00'>",
     datetime(2010, 2, 22, 11, 53, 4, tzinfo=UTC)),
    # Reuters': a later sailthru.date is the revision's
    ("<meta name='sailthru.date' content='2016-12-15T13:50:38Z'><meta property="
     "'og:article:published_time' content='2016-12-14T06:02:15Z'>",
     datetime(2016, 12, 14, 6, 2, 15, tzinfo=UTC)),
    # Parse.ly's older tag: a JSON object
    ("<meta name='parsely-page' content='{\"title\": \"Ferry back\", \"pub_date\": "
     "\"2014-11-23T16:00:00+04:00\", \"author\": \"\"}'>",
     datetime(2014, 11, 23, 12, tzinfo=UTC)),
    # JSON-LD giving Unix time, in seconds or milliseconds
    ('<script type="application/ld+json">{"@type": "Article", "datePublished": 1676551869}'
     "</script>", datetime(2023, 2, 16, 12, 51, 9, tzinfo=UTC)),
    ('<script type="application/ld+json">{"@type": "Article", "datePublished": 1676551869000}'
     "</script>", datetime(2023, 2, 16, 12, 51, 9, tzinfo=UTC)),
])
def test_publication_dates_in_the_less_common_statements_are_read(head, instant):
    """Each read to the second; before, the page fell to htmldate's day or the file's time."""
    page = (f"<html><head><title>Ferry back</title>{head}</head><body><article><h1>Ferry back"
            f"</h1>{PARAGRAPHS}</article></body></html>")
    [a] = parse("dated.html", page.encode(), Context("dated.html", MTIME, UTC))
    assert (a.published, a.date_from) == (instant, "stated")


@pytest.mark.parametrize(("meta", "story", "day"), [
    # the print edition's day in a generic meta tag; the story's date line says its own
    ('<meta name="date" content="2020-04-30" scheme="YYYY-MM-DD">',
     '<ul class="Infoline"><li>Von Moritz Wichmann</li><li><time>29.04.2020, 12:01 Uhr</time>'
     "</li></ul>", "2020-04-29"),
    # the update's instant in it; the story's <time> says when it was published
    ('<meta name="Date" content="2022-1-26T14:32:06+02:00">',
     '<aside class="meta"><time datetime="2022-01-21">21.01.2022 - 13:30</time></aside>',
     "2022-01-21"),
    ('<meta name="dc.date" content="2022-01-26">',
     '<p><time itemprop="datePublished" datetime="2022-01-21">21.01.2022</time></p>',
     "2022-01-21"),
    # a story showing no date of its own is dated by it
    ('<meta name="date" content="2020-04-30">', "", "2020-04-30"),
])
def test_a_generic_date_meta_tag_ranks_below_the_date_the_story_shows(meta, story, day):
    page = (f"<html><head><title>Ferry back</title>{meta}</head><body><article>"
            f"<h1>Ferry back</h1>{story}{PARAGRAPHS}</article>"
            '<aside><a href="/other"><time datetime="2020-05-26">26.05.2020</time></a></aside>'
            "</body></html>")
    [a] = parse("generic.html", page.encode(), Context("generic.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


@pytest.mark.parametrize(("line", "day"), [
    ("Letzte Änderung: 31.10.2023 - 14:49:39<br>Erschienen am: 01.11.2023", "2023-11-01"),
    ("Veröffentlicht am 16.08.2019<br>Dauer: 1 Stunde 4 Minuten", "2019-08-16"),
    ("Published on March 3, 2021", "2021-03-03"),
])
def test_a_publication_line_at_the_story_end_dates_a_page_without_other_dates(line, day):
    page = ('<html><head><title>Ferry back</title></head><body><div class="content">'
            f'<h1>Ferry back</h1>{PARAGRAPHS}</div><div class="foot"><p>{line}</p></div>'
            '<div class="comments"><p>Posted on 2 March 2024</p></div>'
            "<article><h2>Other story</h2><p>Published on 5 January 2020</p></article>"
            "</body></html>")
    [a] = parse("end.html", page.encode(), Context("end.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


@pytest.mark.parametrize(("lang", "meta", "text", "day"), [
    # American English: month first
    ("en-US", '<meta property="article:published_time" content="11/01/2023 12:43:42">', "",
     "2023-11-01"),
    ("en", '<meta property="og:locale" content="en_US">'
     '<meta property="article:published_time" content="11/01/2023">', "", "2023-11-01"),
    # the page's other slashed dates read only month first
    ("de", '<meta property="article:published_time" content="11/01/2023">',
     "<p>Updated 10/25/2023</p>", "2023-11-01"),
    # the page shows the day in a way read only one way
    ("de", '<meta name="date" content="11/01/2023 12:43:42">', "<p>Stand 01.11.2023</p>",
     "2023-11-01"),
    # day first otherwise, and where the page says so
    ("en-GB", '<meta property="article:published_time" content="11/01/2023">', "",
     "2023-01-11"),
    ("en-US", '<meta property="article:published_time" content="11/01/2023">',
     "<p>Updated 25/01/2023</p>", "2023-01-11"),
])
def test_an_ambiguous_slashed_date_is_read_in_the_order_the_page_writes(lang, meta, text, day):
    page = (f'<html lang="{lang}"><head><title>Ferry back</title>{meta}</head><body>'
            f"<article><h1>Ferry back</h1>{PARAGRAPHS}{text}</article></body></html>")
    [a] = parse("slashed.html", page.encode(), Context("slashed.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


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
])
def test_a_byline_names_people_not_agencies_desks_or_the_outlet(head, byline, authors):
    [a] = parse("byline.html", _byline_page(head, byline), Context("byline.html", MTIME, TZ))
    assert a.authors == (authors or ("Sputnik International",))  # no person: the outlet


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
    # a note after the social headline the page's <h1> has not (The New York Times')
    ('<meta property="og:title" content="Ferry captain is arrested (Published 2016)">',
     "<h1>Ferry captain is arrested</h1>", "Ferry captain is arrested", ""),
])
def test_the_headline_is_the_story_s_whatever_the_template_mislabels(head, body, title, source):
    page = (f"<html><head>{head}</head><body>{body}<div class='story'>{PARAGRAPHS}</div>"
            "</body></html>")
    [a] = parse("title.html", page.encode(), Context("title.html", MTIME, UTC))
    assert (a.title, a.source) == (title, source)


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


def test_a_graph_of_hundreds_of_nodes_is_read_in_part_and_the_page_still_parses():
    nodes = [{"@type": "Thing", "@id": f"#n{i}", "name": f"n{i}", "about": {"@id": f"#n{i + 1}"}}
             for i in range(3000)]
    graph = json.dumps({"@context": "https://schema.org", "@graph": nodes})
    page = (f'<html><head><title>Graph page</title><script type="application/ld+json">{graph}'
            '</script><meta property="article:published_time" content="2024-01-01T10:00:00Z">'
            "</head><body><article><p>" + "The story itself, in words. " * 15
            + "</p></article></body></html>")
    [a] = parse("graph.html", page.encode(), Context("graph.html", MTIME, TZ))
    assert (a.title, a.published) == ("Graph page", datetime(2024, 1, 1, 10, tzinfo=UTC))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
    | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["@type", "@id", "name", "url", "headline", "@graph", "author",
                         "datePublished", "image", "publisher", "width", "caption"]),
        inner, max_size=4),
    max_leaves=12)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=JSON_VALUES, author=JSON_VALUES, date=JSON_VALUES, image=JSON_VALUES,
       graph=JSON_VALUES, meta=st.text(max_size=60), raw=st.text(max_size=60))
def test_any_json_ld_and_meta_values_give_a_sane_article_or_a_one_line_refusal(
        headline, author, date, image, graph, meta, raw):
    node = {"@type": "NewsArticle", "headline": headline, "author": author,
            "datePublished": date, "image": image, "@graph": graph}
    page = (f"<html><head><title>{html.escape(meta)}</title>"
            f'<meta property="og:title" content="{html.escape(meta)}">'
            f'<meta name="author" content="{html.escape(meta)}">'
            f'<meta property="article:published_time" content="{html.escape(meta)}">'
            f'<script type="application/ld+json">{json.dumps(node)}</script>'
            f'<script type="application/ld+json">{raw.replace("<", "")}</script>'
            f"</head><body><article><p>{html.escape(meta)} The story, told in enough words "
            "to be an article of its own.</p></article></body></html>")
    try:
        [a] = parse("page.html", page.encode(), Context("page.html", MTIME, TZ))
    except Rejected as refused:
        assert "\n" not in str(refused)
        return
    text = a.title + a.source + "".join(a.authors)  # plain text: "<" is a character here
    assert a.title and "\n" not in text and xml_safe(text) == text
    assert "<script" not in a.content_html and datetime(1990, 1, 1, tzinfo=UTC) <= a.published
    assert a.image is None or a.image.url.startswith(("http://", "https://"))



@pytest.mark.parametrize("wrapped", [
    "<![CDATA[ {} ]]>", "//<![CDATA[\n{}\n//]]>", "/*<![CDATA[*/ {} /*]]>*/"])
def test_json_ld_wrapped_in_cdata_as_xhtml_pages_write_it_is_read(wrapped):
    statement = ('{"@type": "NewsArticle", "headline": "Ferry back", '
                 '"datePublished": "2020-07-10T14:15:42+00:00"}')
    page = ('<html><head><title>Ferry back</title><script type="application/ld+json">'
            f'{wrapped.format(statement)}</script><meta property="article:modified_time" '
            'content="2025-01-07T09:08:22+00:00"></head><body><article><h1>Ferry back</h1>'
            f"{PARAGRAPHS}</article></body></html>")
    [a] = parse("cdata.html", page.encode(), Context("cdata.html", MTIME, UTC))
    assert (a.published.isoformat(), a.date_from) == ("2020-07-10T14:15:42+00:00", "stated")
