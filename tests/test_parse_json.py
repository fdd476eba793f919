"""JSON files: one article object or a list of them, tests/data/parse/json-*."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from articles.model import Image, Rejected
from articles.parse import Context, parse

DATA = Path(__file__).parent / "data" / "parse"
TZ = ZoneInfo("Europe/Amsterdam")
MTIME = datetime(2024, 1, 2, 3, 4, tzinfo=UTC)


def read(name: str):
    return parse(name, (DATA / name).read_bytes(), Context(name, MTIME, TZ))


def test_single_article_with_html_content():
    [a] = read("json-single-article-html-content.json")
    assert (a.title, a.published) == (
        "Rutte resigns", datetime(2023, 7, 8, 14, 5, tzinfo=timezone(timedelta(hours=2))))
    assert (a.authors, a.source, a.source_url, a.link, a.language) == (
        ("Jane Doe",), "News.Az", "https://news.az/", "https://news.az/news/rutte-resigns", "en")
    assert (a.id, a.slug) == ("urn:uuid:4f0a3c9e-8d55-4c1e-9a51-2b8c0d7e6f10",
                              "json-single-article-html-content")
    assert a.tags == ("Netherlands", "Politics")
    assert a.content_html == (
        "<p>Dutch Prime Minister Mark Rutte has <b>resigned</b>.</p>"
        '<p><a href="https://news.az/background" rel="noopener noreferrer">Background</a></p>')


def test_stray_controls_in_strings_are_text_not_invalid_json():
    """A form feed, a vertical tab and a \\x01 left in the strings by a word processor: the
    story is read (they become line breaks or go), not refused as invalid JSON."""
    [a] = read("json-stray-controls-in-strings.json")
    assert a.title == "Ferry timetable changes"
    assert a.content_html == "<p>The winter timetable\nstarts on Monday, the operator said.</p>"


def test_list_of_markdown_articles_each_with_its_own_slug():
    articles = read("json-list-markdown-content-slugs-and-ids.json")
    assert [(a.title, a.slug, a.id, a.published) for a in articles] == [
        ("Rutte resigns", "rutte-resigns", "", datetime(2023, 7, 8, tzinfo=TZ)),
        ("Coalition collapses", "12949363", "12949363", datetime(2023, 7, 7, tzinfo=TZ)),
        ("Elections later this year", "", "", datetime(2023, 7, 9, tzinfo=TZ)),  # store derives
    ]
    assert [a.content_html for a in articles] == [
        "<p>Dutch Prime Minister <strong>Mark Rutte</strong> has resigned.</p>",
        "<p>The four parties could not agree on <em>migration</em>.</p>",
        "<p>Elections are set to take place later this year.</p>",
    ]
    assert [a.summary for a in articles][2] == "Elections ahead."


def test_unix_time_in_seconds_and_milliseconds():
    articles = read("json-epoch-seconds-and-milliseconds.json")
    assert [a.published for a in articles] == [datetime(2023, 7, 8, tzinfo=UTC)] * 2


def test_the_lead_image_as_a_url_or_a_table_and_a_correction():
    before = datetime.now(UTC).replace(microsecond=0)
    harbour, ferry = read("json-image-url-and-table.json")
    assert harbour.image == Image(url="https://news.example/img/lock.jpg")
    assert ferry.image == Image(url="https://news.example/img/ferry.png", width=640, height=480,
                                caption="Crews return", credit="Jane Doe")
    assert harbour.corrections == () and ferry.embargo is False
    [note] = ferry.corrections  # no `updated`: dated when it was read
    assert note.note == "The strike lasted six days, not five." and note.at >= before


REFUSED = [
    ("json-image-width-not-a-number.json",
     "its image must be a URL, or a table with a url and any of width, height, type, length, "
     "caption, credit"),
    ("json-feed-not-an-article.json",
     "it is a JSON Feed, not an article; follow it as a [[source]] instead"),
    ("json-invalid-trailing-comma.json", "it is not valid JSON (Expecting property name "
                                         "enclosed in double quotes at line 1, column 46)"),
    ("json-list-second-item-no-title.json",
     "its article 2 of 2 cannot be read: it has no title (add a 'title' key)"),
    ("json-empty-list.json", "it is an empty JSON list"),
    ("json-bare-string.json", "it is JSON but neither an article object nor a list of them"),
]


@pytest.mark.parametrize(("name", "reason"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused(name, reason):
    with pytest.raises(Rejected) as refused:
        read(name)
    assert str(refused.value) == reason


def _json(doc) -> list:
    import json

    return parse("export.json", json.dumps(doc).encode(), Context("export.json", MTIME, TZ))


NEWS_ARTICLE = {
    "@type": "NewsArticle", "headline": "Rutte resigns after coalition collapses",
    "datePublished": "2023-07-08T10:15:00+02:00", "dateModified": "2023-07-08T12:00:00+02:00",
    "author": [{"@type": "Person", "name": "Jan de Vries"},
               {"@type": "Person", "givenName": "Piet", "familyName": "Jansen"}],
    "publisher": {"@type": "NewsMediaOrganization", "name": "NOS"},
    "articleBody": "The Dutch prime minister resigned on Saturday.\nHe stays on as caretaker.",
    "description": "Rutte hands in his resignation to the king.",
    "keywords": "politics, Netherlands", "inLanguage": "en",
    "image": {"@type": "ImageObject", "url": "https://nos.nl/img/rutte.jpg"},
    "url": "https://nos.nl/artikel/123",
}


def test_a_schema_org_article_as_a_cms_exports_it_is_read_by_its_own_keys():
    [article] = _json({"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "NOS Nieuws"}, NEWS_ARTICLE]})
    assert article.title == "Rutte resigns after coalition collapses"
    assert article.published == datetime(2023, 7, 8, 8, 15, tzinfo=UTC)
    assert article.updated == datetime(2023, 7, 8, 10, 0, tzinfo=UTC)
    assert (article.authors, article.source) == (("Jan de Vries", "Piet Jansen"), "NOS")
    assert article.content_html == ("<p>The Dutch prime minister resigned on Saturday.</p>\n"
                                    "<p>He stays on as caretaker.</p>")
    assert article.summary == "Rutte hands in his resignation to the king."
    assert article.tags == ("politics", "Netherlands") and article.language == "en"
    assert article.image.url == "https://nos.nl/img/rutte.jpg"
    assert article.link == "https://nos.nl/artikel/123" and article.date_from == "stated"


def test_an_untyped_object_with_a_headline_and_a_relative_image_is_read_too():
    doc = {k: v for k, v in NEWS_ARTICLE.items() if k not in ("@type", "url")}
    [article] = _json({**doc, "image": "/img/rutte.jpg",
                       "author": {"@type": "Organization", "name": "ANP"}, "publisher": None})
    assert article.title == "Rutte resigns after coalition collapses"
    assert article.image is None  # relative, with no address to resolve it on: left out
    assert (article.authors, article.source) == (("ANP",), "ANP")  # the outlet as author


def test_schema_org_that_is_no_article_is_refused_with_the_reason():
    with pytest.raises(Rejected, match="no title"):
        _json({"@type": "Recipe", "name": "Stroopwafels", "recipeIngredient": ["flour"]})


def test_a_json_feed_item_saved_as_a_file_is_read_by_its_own_keys():
    item = {"id": "https://port.example/2023/07/harbour", "title": "Harbour reopens",
            "content_html": "<p>The harbour reopened on Saturday morning.</p>",
            "summary": "The harbour reopened.", "date_published": "2023-07-08T10:15:00+02:00",
            "date_modified": "2023-07-09T08:00:00+02:00", "authors": [{"name": "Jane Doe"}]}
    [a] = parse("item.json", json.dumps(item).encode(), Context("item.json", MTIME, TZ))
    plus_two = timezone(timedelta(hours=2))
    assert (a.published, a.updated, a.date_from) == (
        datetime(2023, 7, 8, 10, 15, tzinfo=plus_two), datetime(2023, 7, 9, 8, tzinfo=plus_two),
        "stated")
    assert (a.authors, a.content_html) == (
        ("Jane Doe",), "<p>The harbour reopened on Saturday morning.</p>")


def test_posts_from_wordpress_s_rest_api_are_read_by_their_own_keys():
    posts = [{
        "id": 4711, "date": "2023-07-08T10:15:00", "date_gmt": "2023-07-08T08:15:00",
        "modified": "2023-07-09T09:00:00", "modified_gmt": "2023-07-09T07:00:00",
        "slug": "harbour-reopens", "link": "https://port.example/2023/07/harbour-reopens/",
        "guid": {"rendered": "https://port.example/?p=4711"},
        "title": {"rendered": "Harbour&#8217;s gates reopen"},
        "content": {"rendered": "<p>The harbour reopened on Saturday morning.</p>\n",
                    "protected": False},
        "excerpt": {"rendered": "<p>The harbour reopened.</p>\n"}, "author": 2,
        "_embedded": {"author": [{"id": 2, "name": "Jane Doe"}],
                      "wp:term": [[{"name": "Harbour"}], [{"name": "Storms"}]],
                      "wp:featuredmedia": [{"source_url": "https://port.example/gates.jpg"}]},
    }]
    [a] = parse("posts.json", json.dumps(posts).encode(), Context("posts.json", MTIME, TZ))
    assert (a.title, a.slug, a.id, a.link) == (
        "Harbour’s gates reopen", "harbour-reopens", "https://port.example/?p=4711",
        "https://port.example/2023/07/harbour-reopens/")
    # the instants in UTC, not the site's clock read in newsfeed's zone
    assert (a.published, a.updated, a.date_from) == (
        datetime(2023, 7, 8, 8, 15, tzinfo=UTC), datetime(2023, 7, 9, 7, tzinfo=UTC), "stated")
    assert (a.authors, a.tags, a.summary) == (
        ("Jane Doe",), ("Harbour", "Storms"), "The harbour reopened.")
    assert (a.content_html, a.image.url) == (
        "<p>The harbour reopened on Saturday morning.</p>", "https://port.example/gates.jpg")


def test_a_json_feed_item_s_plain_text_is_text_not_markdown():
    item = {"title": "Harbour reopens", "date_published": "2023-07-08T10:15:00+02:00",
            "content_text": "The *harbour* reopened.\n\n# 2 ferries sailed <at> noon."}
    [a] = parse("item.json", json.dumps(item).encode(), Context("item.json", MTIME, TZ))
    assert a.content_html == ("<p>The *harbour* reopened.</p>\n"
                              "<p># 2 ferries sailed &lt;at&gt; noon.</p>")
