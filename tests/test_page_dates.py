"""When a saved page's story was published: its statements weighed against each other
(structured data, meta tags, the story's `<time>` elements), the date lines at its headline,
the site's clock and other stories' dates never taken for it, a page's own clock kept, and
htmldate's guess last."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from page_samples import MTIME, PARAGRAPHS, TZ, read

from articles.parse import Context, parse

PLUS_ONE = timezone(timedelta(hours=1))


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


@pytest.mark.parametrize(("address", "day"), [
    ("https://www.theguardian.com/world/2023/jul/08/rutte-resigns", "2023-07-08"),  # named
    ("https://news.example/2023/Sept/08/ferry-back", "2023-09-08"),
    ("https://news.example/2013/jan/ferry-back", "2013-01-01"),  # the month alone: its first
    ("https://news.example/2013/feb/30/ferry-back", "2013-02-01"),  # no such day
    ("https://news.example/2023/07/08/ferry-back", "2023-07-08"),  # htmldate's own reading
])
def test_an_undated_page_is_dated_by_the_day_its_address_names(address, day):
    """The Guardian's addresses name the month ("/2023/jul/08/"), which htmldate does not
    read: an undated page of theirs took the file's time, today's news at the top."""
    page = (f'<html><head><title>Ferry back</title><link rel="canonical" href="{address}">'
            "</head><body><article><h1>Ferry back</h1><p>"
            + "The ferry is back in service after a week. " * 8 + "</p></article></body></html>")
    [a] = parse("undated.html", page.encode(), Context("undated.html", MTIME, TZ))
    assert (a.published.date().isoformat(), a.date_from) == (day, "guessed")


@pytest.mark.parametrize(("line", "days"), [
    ("Published 3 days ago", 3), ("vor 2 Wochen", 14), ("il y a 3 jours", 3),
    ("hace 4 días", 4), ("5 dagen geleden", 5),
    ("3 hours ago", 0),  # the file's time is near enough
    ("Updated 5 days ago", 0),  # an update's
])
def test_an_undated_page_saying_how_old_it_is_is_dated_that_long_before_its_file(line, days):
    """A saved page showing only "3 days ago" at its headline was dated the day it was
    saved (the copies read such lines already)."""
    page = ("<html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>"
            f'<p class="meta">{line}</p><p>' + "The ferry is back in service after a week. " * 8
            + "</p></article></body></html>")
    [a] = parse("undated.html", page.encode(), Context("undated.html", MTIME, TZ))
    assert (a.published, a.date_from) == (MTIME - timedelta(days=days),
                                          "guessed" if days else "file time")


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
    # a post's meta line in parts, its categories and comments after the date; a date in
    # the story's first lines below it is the event's
    ('<h1>Ferry back, 19.5.2007</h1><p class="post-meta">von <a rel="author">Marc '
     "Scheloske</a> | <span>20. Mai 2007</span> | <a>Ergebnisse</a>, <a>Ergebnisse 2007</a> | "
     '<a href="#respond">0 Kommentare</a></p><h3>Regionalmeisterschaften<br>am 19.05.2007 in '
     "Aalen – Stadion</h3>", "2007-05-20"),
    ('<h1>Ferry back</h1><ul><li>Interview: Julia Lauter</li><li><time>31.03.2020</time></li>'
     "</ul>", "2020-03-31"),
    ('<h1>Ferry back</h1><p>Written: 2023-11-07 15:03:30 / Updated: 2023-11-08 09:30:46</p>',
     "2023-11-07"),
    ("<h1>Ferry back</h1><p>The ferry runs again.</p><p>29.11.2022 – Mehrfach hatte die "
     "Reederei gewarnt.</p>", "2022-11-29"),
    # an update's line is no publication's: the line above the heading is read
    ('<span class="meta">Accueil | Par <a class="author">Loïc Le Clerc</a> | 30 septembre 2018'
     "</span><h2>Ferry back</h2><p>Article mis à jour le 7 janvier 2020.</p>", "2018-09-30"),
    # other languages' months and digits, beside a byline in its script
    ('<h1>Ferry back</h1><div class="meta"><span>السبت ٠٨ يوليو ٢٠٢٣ - ١٠:١٥ م</span> '
     '<span class="author">بقلم: أحمد علي</span></div>', "2023-07-08"),
    ('<h1>Ferry back</h1><div class="meta">2023-07-08 10:32:15 来源：新华社 '
     '<span class="author">记者 王小明</span></div>', "2023-07-08"),
    ('<h1>Ferry back</h1><p>Cumartesi, 8 Temmuz 2023 10:15</p>', "2023-07-08"),
    ('<h1>Ferry back</h1><p>2023. július 8. 10:15</p>', "2023-07-08"),
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


def _embedding_page(before: str, after: str = "") -> bytes:
    """A post whose date shows below its headline, with `before` between them and `after`
    below its text (what else on the page carries a date)."""
    return ('<html><head><title>Ferry back</title>'
            '<link rel="canonical" href="https://blog.example/2019/01/ferry-back/"></head><body>'
            f'<div class="post"><h1>Ferry back</h1>{before}'
            '<div class="when"><span>Dienstag,</span> <span>29. Januar 2019</span></div>'
            f"{PARAGRAPHS}{after}</div></body></html>").encode()


@pytest.mark.parametrize("page", [
    # an embedded post's own time: Instagram's and X's embeds are blockquotes
    _embedding_page("", '<blockquote class="instagram-media"><p>Our new look!</p><p>'
                        '<time datetime="2018-03-12T19:30:12+00:00">Mär 12, 2018</time></p>'
                        "</blockquote>"),
    _embedding_page("", '<blockquote class="mastodon-embed"><p>Ferries are back</p>&mdash; '
                        '<a href="https://social.example/@harbour/1"><time datetime='
                        '"2018-03-03T09:00:00Z">March 3, 2018</time></a></blockquote>'),
    # a list of the blog's other posts, each with its date; the post's own item is its date
    _embedding_page('<ul class="latest"><li><a href="/2019/01/bridge-closed/">The bridge is '
                    'closed again</a> <time datetime="2018-12-30">30 Dec 2018</time></li>'
                    '<li><a href="/2019/01/ferry-back/">Ferry back in the harbour</a> '
                    '<time datetime="2019-01-29">29 Jan 2019</time></li></ul>'),
])
def test_times_of_embedded_posts_and_lists_of_other_posts_are_not_the_story_date(page):
    [a] = parse("post.html", page, Context("post.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == ("2019-01-29", "stated")


def test_the_time_in_a_page_header_holding_the_story_headline_is_the_story_s():
    """A theme that sets the post's title, byline and date over its picture at the top of
    the page, in the site's `<header>` (the site's clock is in such a header elsewhere)."""
    page = ('<html><head><title>Keep our waters clean</title></head><body>'
            '<header class="header"><nav><a href="/">SeglerBlog</a></nav>'
            '<div class="page-header"><h1 class="entry-title">Keep our waters clean'
            '<h4 class="author">Published by <a class="vcard author">SeglerBlog</a> on '
            '<time class="date published" datetime="2020-02-23T10:07:02+01:00">23 February '
            f"2020</time></h4></div></header><div class=\"post\">{PARAGRAPHS}</div>"
            '<div class="sidebar"><p>Archive: 30 October 2019</p></div></body></html>')
    [a] = parse("post.html", page.encode(), Context("post.html", MTIME, UTC))
    assert (a.published.isoformat(), a.date_from) == ("2020-02-23T10:07:02+01:00", "stated")


@pytest.mark.parametrize(("head", "line", "day"), [
    # a broadcaster's video page: its upload date; the end of its rights is no date of it
    ('<meta property="og:type" content="video"><meta itemprop="uploadDate" '
     'content="2019-10-16T18:15:00Z">', "", "2019-10-16"),
    # a story holding a video: the video's upload is not the story's publication
    ('<meta property="og:type" content="article"><meta itemprop="uploadDate" '
     'content="2019-10-16T18:15:00Z">', "<p>20 October 2019</p>", "2019-10-20"),
])
def test_a_video_page_is_dated_by_its_upload_not_by_the_end_of_its_rights(head, line, day):
    page = (f"<html><head><title>Supplements: the dubious business</title>{head}</head><body>"
            f"<h1>Supplements: the dubious business</h1>{line}<p class='available'><strong>"
            "Video verfügbar bis:</strong><br>14.10.2020 ∙ 14:00 Uhr</p>"
            f"{PARAGRAPHS}</body></html>")
    [a] = parse("video.html", page.encode(), Context("video.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


@pytest.mark.parametrize("item", [
    '<a rel="author" href="/author/jan-de-vries-smit/">Jan de Vries Smit</a>',
    '<a href="/category/harbour-and-shipping-news/">Harbour and shipping news</a>',
    '<a href="/2019/01/ferry-back/#comments">Read all 12 comments here</a>',
])
def test_the_time_in_the_story_s_own_meta_list_is_its_date(item):
    """A list item with the story's byline, its section or a link to its own comments is
    the story's, not another post's teaser."""
    page = ('<html><head><title>Ferry back</title><link rel="canonical" '
            'href="https://blog.example/2019/01/ferry-back/"></head><body><div class="post">'
            f'<h1>Ferry back</h1><ul class="meta"><li>{item} <time datetime="2019-01-29">'
            f"29 Jan 2019</time></li></ul>{PARAGRAPHS}</div></body></html>")
    [a] = parse("post.html", page.encode(), Context("post.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == ("2019-01-29", "stated")


def test_an_embedded_post_s_date_is_not_guessed_for_an_undated_page():
    """With no date of its own, a page is guessed from its text (htmldate): an embedded
    post's printed date is the post's, and the file's time is used instead."""
    page = ("<html><head><title>Prom znów pływa</title></head><body><article>"
            f"<h1>Prom znów pływa</h1>{PARAGRAPHS}<blockquote class=\"twitter-tweet\"><p>Prom "
            "wraca!</p><a href=\"https://x.com/port/status/1\"><time datetime="
            "\"2023-11-02T10:00:00Z\">2 listopada 2023</time></a>"
            f"</blockquote>{PARAGRAPHS}</article></body></html>")
    mtime = datetime(2024, 3, 10, tzinfo=UTC)
    [a] = parse("prom.html", page.encode(), Context("prom.html", mtime, UTC))
    assert (a.published, a.date_from) == (mtime, "file time")


def test_a_printed_date_before_the_month_in_the_address_is_another_things():
    """A book review's "release date" line: the blog's address says the post is of
    September, so the August date is the book's; the date the blog prints above it is read
    instead (htmldate's day, a guess within the address's month)."""
    page = ('<html><head><title>Review: Love is war</title>'
            '<link rel="canonical" href="https://lesen.example/2017/09/rezi-love-is-war.html">'
            '</head><body><h2 class="date-header"><span>Samstag, 9. September 2017</span></h2>'
            '<div class="post"><h3 class="post-title">Review: Love is war</h3>'
            "<p>Verlag: Carlsen<br>Erscheinungsdatum: 14.08.2017<br>Seiten: 400</p>"
            f"{PARAGRAPHS}</div></body></html>")
    [a] = parse("review.html", page.encode(), Context("review.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == ("2017-09-09", "guessed")


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
    # and a meta tag writing it out
    ("<meta property='article:published_time' content='1676551869'>",
     datetime(2023, 2, 16, 12, 51, 9, tzinfo=UTC)),
    ("<meta property='article:published_time' content='1676551869000'>",
     datetime(2023, 2, 16, 12, 51, 9, tzinfo=UTC)),
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
    # the story's date labelled as such, in a column beside the story
    ("<ul><li><strong>Datum</strong> 28.04.2023</li><li><strong>Autor</strong> Ivo Marx</li>"
     "</ul>", "2023-04-28"),
    ("<span>Date:</span> 14 June 2022", "2022-06-14"),
    ("<b>Fecha</b>: 03/05/2021", "2021-05-03"),
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


def test_a_wordpress_page_s_updated_time_is_its_update_not_a_sidebar_s():
    """hAtom's `<time class="updated">` beside the published one, as WordPress themes mark a
    post: the story's update; a sidebar's `updated` is another post's."""
    page = (
        '<html><head><title>Bike lanes approved</title></head><body><article>'
        '<h1 class="entry-title">Bike lanes approved</h1><div class="entry-meta">'
        '<time class="entry-date published" datetime="2023-07-08T10:00:00+02:00">July 8</time>'
        '<time class="updated" datetime="2023-07-09T08:30:00+02:00">July 9</time></div>'
        f'<div class="entry-content">{PARAGRAPHS}</div></article>'
        '<aside><time class="updated" datetime="2023-07-20T09:00:00+02:00">July 20</time>'
        '</aside></body></html>')
    [article] = parse("wp.html", page.encode(), Context("wp.html", MTIME, TZ))
    assert article.published == datetime(2023, 7, 8, 8, 0, tzinfo=UTC)
    assert article.updated == datetime(2023, 7, 9, 6, 30, tzinfo=UTC)
    sidebar_only = page.replace('<time class="updated" datetime="2023-07-09T08:30:00+02:00">'
                                'July 9</time>', "")
    [article] = parse("wp.html", sidebar_only.encode(), Context("wp.html", MTIME, TZ))
    assert article.updated is None


@pytest.mark.parametrize(("lang", "line", "day"), [
    # slashed digits that read either way, in the date line at the headline: as its zone
    # says, else as the page's locale does
    ("en", "Posted 07/08/2023 at 10:15 AM EDT", "2023-07-08"),
    ("en-US", "Posted 07/08/2023 10:15 AM", "2023-07-08"),
    ("en-US", "Posted 07/08/2023 10:15 GMT", "2023-08-07"),
    ("en-GB", "Posted 07/08/2023 10:15", "2023-08-07"),
    ("en", "07/13/2023 10:15 AM", "2023-07-13"),  # reads one way only
])
def test_a_date_line_s_slashed_digits_read_as_its_zone_or_the_page_writes_them(lang, line, day):
    page = (f'<html lang="{lang}"><head><title>Harbor reopens</title></head><body><article>'
            f'<h1>Harbor reopens</h1><p class="dateline">{line}</p>{PARAGRAPHS}</article>'
            "</body></html>")
    [a] = parse("slashed.html", page.encode(), Context("slashed.html", MTIME, UTC))
    assert (a.published.date().isoformat(), a.date_from) == (day, "stated")


@pytest.mark.parametrize(("line", "updated"), [
    ("Δημοσίευση: 08/07/2023 10:15 | Επικαιροποίηση: 08/07/2023 12:30",
     datetime(2023, 7, 8, 12, 30, tzinfo=UTC)),
    ("Written: 2023-07-08 10:15:00 / Updated: 2023-07-08 12:30:00",
     datetime(2023, 7, 8, 12, 30, tzinfo=UTC)),
    ("Publicado el 08/07/2023 10:15 | Actualizado el 08/07/2023 12:30",
     datetime(2023, 7, 8, 12, 30, tzinfo=UTC)),
])
def test_an_update_in_the_date_line_at_the_headline_is_the_story_s_update(line, updated):
    """When the page's statements give no update, the one its date line shows is it."""
    page = (f'<html><head><title>Harbour reopens</title></head><body><article>'
            f'<h1>Harbour reopens</h1><p class="meta">{line}</p>{PARAGRAPHS}</article>'
            "</body></html>")
    [a] = parse("updated.html", page.encode(), Context("updated.html", MTIME, UTC))
    assert (a.published, a.updated) == (datetime(2023, 7, 8, 10, 15, tzinfo=UTC), updated)
