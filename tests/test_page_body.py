"""The story text of an HTML page or fragment: the files of `tests/data/parse/html-*` read
whole, the article without the site's furniture, lines above it that only restate the page,
the one-<article> rule, and hostile markup (scripts, NUL bytes, deep nesting)."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest
from page_samples import MTIME, PARAGRAPHS, TZ, read

from articles.model import Rejected
from articles.parse import Context, parse

PLUS_TWO = timezone(timedelta(hours=2))


CASES = [
    ("html-full-page-opengraph.html", {
        "title": "Dutch PM Rutte resigns & coalition collapses",
        "published": datetime(2023, 7, 8, 14, 5, tzinfo=PLUS_TWO),
        "updated": datetime(2023, 7, 9, 9, 30, tzinfo=PLUS_TWO),
        "authors": ("Jane Doe", "John Roe"),  # article:author as a profile URL is no name
        "source": "News.Az", "link": "https://news.az/news/rutte-resigns",
        "tags": ("Netherlands", "Politics"), "language": "en-GB",
        "summary": "The Dutch prime minister offered his cabinet's resignation.",
        "slug": "html-full-page-opengraph"}),
    ("html-title-suffix-time-element-main.html", {
        "title": "Coalition collapses in The Hague",  # <title> less " – Dutch Daily"
        "published": datetime(2023, 7, 8, 14, 5, tzinfo=TZ),  # not the <nav>'s <time>
        "source": "Dutch Daily", "authors": ("Dutch Daily",), "link": "",
        "content_html": '<p>The four parties could not agree. <img '  # no "Published 8 July"
                        'src="https://dutchdaily.example/2023/07/chart.png" alt="chart"></p>'}),
    ("html-fragment-h1-undated.htm", {
        "title": "Rutte resigns", "published": MTIME, "authors": (), "source": "",
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned.</p>\n"
                        "<p>Elections later this year.</p>"}),
    ("html-xhtml-xml-declaration.html", {
        "title": "Rutte treedt af", "published": datetime(2023, 7, 8, tzinfo=TZ),
        "language": "nl",
        "content_html": "<p>Premier Mark Rutte is afgetreden na de val van zijn kabinet – "
                        "“onoverbrugbaar”.</p>"}),
    ("html-several-articles-related-stories.html", {
        "title": "Rutte resigns", "published": datetime(2023, 7, 8, 14, 5, tzinfo=UTC),
        "link": "https://news.example/rutte",
        "content_html": "<p>Dutch Prime Minister Mark Rutte has resigned after the collapse of "
                        "his coalition government.</p>\n"
                        "<p>Elections are set to take place later this year.</p>"}),
    ("html-doctype-entity-declarations.html", {
        "title": "Entities are not expanded", "content_html": "<p>&amp;lol3; stays as text.</p>"}),
    ("html-meta-charset-shift-jis.html", {
        "title": "オランダ首相が辞任",
        "content_html": "<p>オランダのルッテ首相が辞任した。連立政権が崩壊した。</p>"}),
    ("html-declares-utf8-but-windows-1252.html", {
        "title": "Rutte: “irreconcilable”",
        "content_html": "<p>The café closed – it cost €5.</p>"}),
]


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_html(name, expected):
    a = read(name)
    assert {key: getattr(a, key) for key in expected} == expected


def test_full_page_body_is_the_article_without_chrome_and_with_absolute_urls():
    html = read("html-full-page-opengraph.html").content_html
    assert re.findall(r"<p>(.*?)</p>", html) == [
        "Dutch Prime Minister Mark Rutte has resigned after the collapse of his coalition.",
        'Read the <a href="https://news.az/background" rel="noopener noreferrer">background</a>.',
    ]
    assert '<img src="https://news.az/img/rutte.jpg" alt="Mark Rutte">' in html
    assert "<figcaption>Mark Rutte</figcaption>" in html
    for chrome in ("<h1", "World", "Related", "Other story", "Subscribe", "©", "font-size",
                   "tracking", "alert", "onclick", "steal", "Share", "A+"):
        assert chrome not in html, chrome


REFUSED = [
    ("html-no-title.html", "it has no title (no og:title, <title>, <h1> or <h2>)"),
    ("html-title-but-only-chrome.html", "it has a title but no article text"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, reason):
    with pytest.raises(Rejected) as refused:
        read(name)
    assert str(refused.value) == reason


def test_page_body_keeps_the_story_figures_and_structure_and_drops_the_furniture():
    html = read("html-jsonld-graph-ids-figures-widgets.html").content_html
    assert html.startswith("<p>Nach drei Tagen Sturm")
    assert ('<figure><img src="https://kurier.example/img/kai.jpg" alt="Kai"><figcaption>'
            "Der beschädigte Kai. (Foto: Dora Licht)</figcaption></figure>") in html
    assert '<a href="https://kurier.example/verkehr/faehren"' in html
    for kept in ("<h2>Wie es weitergeht</h2>", "<li>Kai 3 bleibt gesperrt</li>", "<blockquote>"):
        assert kept in html
    for furniture in ("<h1", "Cookies", "Start", "Teilen", "Newsletter", "abonnieren",
                      "Mehr zum Thema", "Sturmflut", "Meistgelesen", "Kommentare", "Erster",
                      "©", "<div></div>", "<p> </p>"):
        assert furniture not in html, furniture


@pytest.mark.parametrize(("name", "authors", "first", "restated"), [
    ("html-no-article-site-line-byline-date-line-shift-jis.html", ("山田太郎",),
     "<p>長野県松本市のＪＲ松本駅で", ("朝日新聞デジタル", "山田太郎", "2020年5月20日")),
    ("html-no-article-site-line-byline-date-line.html", ("Anna Beispiel",),
     "<p>Nach drei Tagen Stillstand legen", ("Nordsee Kurier", "Anna Beispiel", "03.02.2024")),
])
def test_a_page_without_article_markup_has_its_header_line_and_byline_out_of_the_body(
        name, authors, first, restated):
    a = read(name)  # the story in a <div>, the site's name, byline and date as lines above it
    assert a.authors == authors
    assert a.content_html.startswith(first), a.content_html[:200]
    for line in restated:
        assert line not in a.content_html, line
    assert a.content_html.count("<p>") >= 5  # the story's paragraphs all stay


STORY = " ".join(f"Paragraph {n} of the ferry story says what the harbour master did next."
                 for n in range(1, 4))


def _head_page(line: str) -> bytes:
    return ("<html><head><title>Hafen öffnet wieder</title>"
            '<meta property="og:site_name" content="Nordsee Kurier">'
            '<meta name="author" content="Anna Beispiel">'
            '<meta property="article:published_time" content="2024-02-03T08:00:00+01:00">'
            f'</head><body><div class="c1"><h1>Hafen öffnet wieder</h1><p>{line}</p>'
            + "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 4)) + "</div></body></html>")


@pytest.mark.parametrize(("line", "kept"), [
    ("Von Anna Beispiel", False),
    ("ANNA BEISPIEL | Husum | 03.02.2024", False),
    ("Nordsee Kurier", False),
    ("Aktualisiert am 03.02.2024 um 10:30 Uhr", False),
    ("Hafen öffnet wieder", False),  # the headline again
    ("Anna Beispiel hat den Hafen besucht.", True),  # a sentence of the story
    ("Husum", True),  # a place or a section above the headline
    ("Freitag, 26.01.2024", True),  # a day that is not the page's: the story's own
    ("Nordsee Kurier exklusiv: Was der Hafenmeister über die Schäden am Kai sagt", True),
])
def test_a_line_above_the_story_goes_when_it_only_restates_the_page(line, kept):
    [a] = parse("head.html", _head_page(line).encode(), Context("head.html", MTIME, TZ))
    assert (f"<p>{html.escape(line, quote=False)}</p>" in a.content_html) is kept
    assert "Paragraph 1 of the ferry story" in a.content_html


def test_a_body_of_nothing_but_such_lines_is_kept_rather_than_refused():
    page = _head_page("Von Anna Beispiel").split("<p>Paragraph")[0] + "</div></body></html>"
    [a] = parse("head.html", page.encode(), Context("head.html", MTIME, TZ))
    assert "Von Anna Beispiel" in a.content_html


def _ferry_page(body: str) -> bytes:
    return ("<html><head><title>Ferries stop at dawn | Kurier</title>"
            '<meta property="article:published_time" content="2024-01-02T06:00:00+01:00">'
            f"</head><body><nav><a href='/'>Start</a> <a href='/welt'>Welt</a></nav>{body}"
            "<aside><h2>Meistgelesen</h2><ul><li><a href='/a'>Andere Geschichte eins</a></li>"
            "<li><a href='/b'>Andere Geschichte zwei</a></li></ul></aside>"
            "<footer>© Kurier</footer></body></html>").encode()


def test_the_one_article_element_of_a_page_is_read_for_the_story_and_a_teaser_is_not():
    paragraphs = "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 7))
    story = _ferry_page(f"<article><h1>Ferries stop at dawn</h1>{paragraphs}"
                        "<div class='share'><button>Teilen</button></div></article>")
    [article] = parse("ferry.html", story, Context("ferry.html", MTIME, TZ))
    text = html.unescape(re.sub(r"<[^>]+>", " ", article.content_html))
    assert "Paragraph 1 of the ferry story" in text and "(6)" in text
    for furniture in ("Start", "Meistgelesen", "Andere Geschichte", "Teilen", "Kurier"):
        assert furniture not in text, furniture
    # A page whose one <article> is a teaser of another story keeps its story from the rest.
    teaser = _ferry_page(f"<main><h1>Ferries stop at dawn</h1>{paragraphs}</main>"
                         "<article><h2>Also read</h2><p>A short teaser of another story.</p>"
                         "</article>")
    [article] = parse("ferry.html", teaser, Context("ferry.html", MTIME, TZ))
    assert "Paragraph 1 of the ferry story" in article.content_html
    assert "(6)" in article.content_html


def test_a_page_whose_one_article_element_is_a_reader_comment_keeps_its_story():
    comment = " ".join(f"I have taken this ferry for years and sentence {n} of my complaint "
                       "is about the timetable." for n in range(20))
    page = _ferry_page("<div class='story'><h1>Ferries stop at dawn</h1>"
                       + "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 7)) + "</div>"
                       f"<section id='comments'><article class='comment'><p>{comment}</p>"
                       "</article></section>")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    assert "Paragraph 1 of the ferry story" in article.content_html
    assert "(6)" in article.content_html


def test_a_story_article_left_inside_the_sidebar_by_broken_markup_is_still_read():
    paragraphs = "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 7))
    page = _ferry_page("<aside class='sidebar'><div class='main-content'>"  # never closed
                       f"<article class='article-detailed'><h1>Ferries stop at dawn</h1>"
                       f"{paragraphs}</article>")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    assert "Paragraph 1 of the ferry story" in article.content_html
    assert "(6)" in article.content_html


@pytest.mark.parametrize("wrapper", ["article", "div"])
@pytest.mark.parametrize("box", [
    "<div class='related'><h3>Related</h3><ul><li><a href='/x'>Another story</a></li></ul></div>",
    "<div class='col' style='float:left'><div class='mod related'><h3>Related Content</h3>"
    "<ul><li><a href='/x'>Another story</a></li></ul></div></div>",
    "<div class='wrap'><div id='ad-300' class='advert'><iframe src='/ad'></iframe></div></div>",
])
def test_a_lead_after_a_box_at_the_start_of_its_paragraph_is_kept(wrapper, box):
    """A `<div>` ends a `<p>`, so the lead becomes loose text after the box, which
    trafilatura drops (a Yahoo/AP page lost "SAN FRANCISCO (AP) — Steve Jobs, …"): it stays
    the story's first paragraph, links and emphasis included."""
    lead = ("HUSUM (dpa) — The ferry to the islands stopped at dawn on Tuesday after the "
            "<a href='/storm'>storm</a> damaged the quay, the <em>harbour master</em> said.")
    paragraphs = "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 7))
    page = _ferry_page(f"<{wrapper} class='story'><h1>Ferries stop at dawn</h1><div class='bd'>"
                       f"<p>{box}{lead}</p>{paragraphs}</div></{wrapper}>")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    assert article.content_html.startswith("<p>HUSUM (dpa)")  # a paragraph of its own
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.content_html)).split())
    assert text.startswith("HUSUM (dpa) — The ferry to the islands stopped at dawn on Tuesday "
                           "after the storm damaged the quay, the harbour master said. "
                           "Paragraph 1 of the ferry story")
    assert "(6)" in text and "Another story" not in text


@pytest.mark.parametrize("placeholder", ["B", "P"])
def test_a_story_react_streamed_after_the_page_is_read_where_its_scripts_put_it(placeholder):
    """A server-rendered React page sends a placeholder where a part is still loading and the
    part itself when ready, hidden (`<div hidden id="S:…">`), for a script to move: a page
    saved from the server's response holds its story there, in the order parts got ready."""
    first = "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 3))
    second = "".join(f"<p>{STORY} ({n})</p>" for n in range(3, 5))
    page = _ferry_page(
        f"<main><h1>Ferries stop at dawn</h1><template id='{placeholder}:1'></template>"
        "<div class='skeleton animate-pulse'></div><template id='B:2'></template></main>"
        f"<div hidden id='S:2'><div class='prose'>{second}</div></div>"
        f"<div hidden id='S:1'><div class='prose'>{first}</div></div>"
        "<script>$RC('B:2','S:2')</script>")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", article.content_html)).split())
    assert [text.index(f"({n})") for n in range(1, 5)] == sorted(
        text.index(f"({n})") for n in range(1, 5))
    assert "Meistgelesen" not in text


@pytest.mark.parametrize(("body", "stated", "expected"), [
    # a page its scripts write: no story in the markup, the whole of it in the data
    ("<div id='root'><div class='spinner'></div></div>",
     "The ferry to the islands stopped at dawn.\nThe harbour master said the quay is "
     "damaged.\n\nRepairs take a week.",
     "<p>The ferry to the islands stopped at dawn.</p><p>The harbour master said the quay is "
     "damaged.</p><p>Repairs take a week.</p>"),
    ("<div id='root'></div>", "<p>The ferry stopped at dawn.</p><p>Repairs take a week.</p>",
     "<p>The ferry stopped at dawn.</p><p>Repairs take a week.</p>"),
])
def test_a_page_whose_scripts_write_the_story_has_the_story_its_data_states(
        body, stated, expected):
    data = json.dumps({"@type": "NewsArticle", "headline": "Ferries stop at dawn",
                       "articleBody": stated})
    page = _ferry_page(f"<script type='application/ld+json'>{data}</script>{body}")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    assert article.content_html == expected


def test_a_page_whose_markup_has_the_story_keeps_it_over_a_shorter_stated_one():
    data = json.dumps({"@type": "NewsArticle", "headline": "Ferries stop at dawn",
                       "articleBody": "The ferry stopped."})
    paragraphs = "".join(f"<p>{STORY} ({n})</p>" for n in range(1, 5))
    page = _ferry_page(f"<script type='application/ld+json'>{data}</script>"
                       f"<article><h1>Ferries stop at dawn</h1>{paragraphs}</article>")
    [article] = parse("ferry.html", page, Context("ferry.html", MTIME, TZ))
    assert "(4)" in article.content_html and "The ferry stopped." not in article.content_html


def test_markup_and_scripts_in_a_page_never_reach_the_article():
    a = read("html-meta-markup-and-scripts.html")
    text = " ".join(str(getattr(a, f)) for f in ("title", "summary", "authors", "source", "image"))
    for bad in ("<", "script", "alert", "onerror", "javascript"):
        assert bad not in text, bad
    for bad in ("<script", "steal", "onclick", "onerror", "javascript:"):
        assert bad not in a.content_html, bad


def test_a_page_padded_with_a_few_nul_bytes_is_read_and_a_binary_one_is_refused():
    page = ('<html><head><title>Ferry back</title></head><body><article><h1>Ferry back</h1>'
            '<a href="/ad"><img src="/ad.gif" alt="">\x00\x00\x00</a>'
            f"{PARAGRAPHS * 5}</article></body></html>").encode()  # 3 NULs in 6 KB
    [a] = parse("padded.html", page, Context("padded.html", MTIME, UTC))
    assert a.title == "Ferry back" and "\x00" not in a.content_html
    for name, data in (("padded.txt", page), ("utf16.html", page.decode().encode("utf-16-le")),
                       ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + page)):
        with pytest.raises(Rejected, match="binary file, not text"):
            parse(name, data, Context(name, MTIME, UTC))


def test_a_page_nested_thousands_deep_becomes_an_article_or_is_refused_in_one_line():
    deep = ("<html><head><title>Deep page</title></head><body><p>" + "Words of the story. " * 20
            + "</p>" + "<div>" * 5000 + "<p>Deep text.</p>" + "</div>" * 5000 + "</body></html>")
    [a] = parse("deep.html", deep.encode(), Context("deep.html", MTIME, TZ))
    assert a.title == "Deep page" and a.content_html.startswith("<p>Words of the story.")

