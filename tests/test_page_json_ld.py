"""What a saved page states about itself in JSON-LD, whatever it holds: a graph of thousands
of nodes, any values of any type, XHTML's CDATA wrapping (hypothesis for the values)."""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from page_samples import MTIME, PARAGRAPHS, TZ

from articles.model import Rejected
from articles.parse import Context, parse
from articles.sanitize import xml_safe


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
