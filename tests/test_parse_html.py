"""HTML pages and fragments: the real-world-shaped files in tests/data/parse/html-*."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.model import Rejected
from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "parse"
TZ = ZoneInfo("Europe/Amsterdam")
PLUS_TWO = timezone(timedelta(hours=2))
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def read(name: str):
    [article] = parse(name, (DATA / name).read_bytes(), Context(name, MTIME, TZ))
    return article


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
        "content_html": '<p>Published <time datetime="2023-07-08 14:05">8 July, 14:05</time></p>\n'
                        '<p>The four parties could not agree. <img '
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
    ("html-no-title.html", "it has no title (no og:title, <title> or <h1>)"),
    ("html-title-but-only-chrome.html", "it has a title but no article text"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, reason):
    with pytest.raises(Rejected) as refused:
        read(name)
    assert str(refused.value) == reason
