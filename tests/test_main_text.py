"""`articles.parse.main_text` runs trafilatura's cascade by its stages, measuring the page's
text only when it can matter: its result must be `bare_extraction`'s, byte for byte, on every
saved page of the scored corpora, whole and as the one `<article>` newsfeed hands it. An
upgrade of trafilatura that changes its cascade fails here."""

from __future__ import annotations

import copy
import functools
import importlib.util
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from page_corpus import dated_pages, pages
from trafilatura import bare_extraction, xpaths
from trafilatura.baseline import html2txt
from trafilatura.htmlprocessing import build_html_output

from articles.encoding import decode, html_charset
from articles.parse import main_text, page_body, page_tree

LINK = "https://news.example/2024/05/story"


def _bare(tree):
    """trafilatura's own answer, as newsfeed asked for it before main_text."""
    settings = copy.copy(main_text.options())
    settings.url = settings.source = LINK
    document = bare_extraction(copy.deepcopy(tree), options=settings)
    return None if document is None else (build_html_output(document), document.raw_text)


def _non_space(tree) -> int:
    """The page's non-space characters: main_text bounds the measure by twice its characters."""
    return sum(map(len, tree.text_content().split()))


@functools.cache
def _trees() -> tuple:
    """(name, tree) of every corpus page, whole and as its `<article>`: copy one to change it."""
    trees = []
    for page in (*pages(), *dated_pages()):
        if not page.name.endswith((".html", ".htm")):
            continue
        doc = page_tree.document(decode(page.data, html_charset(page.data), markup=True))
        trees.append((page.name, doc))
        story = page_body._the_article(doc)
        if story is not None:
            trees.append((f"{page.name} <article>", story))
    return tuple(trees)


def test_same_text_as_bare_extraction_on_every_corpus_page(monkeypatch):
    stages = Counter()
    for name in ("html2txt", "baseline"):  # count the stages run, to know they were tried
        real = getattr(main_text, name)
        monkeypatch.setattr(main_text, name,
                            lambda tree, real=real, name=name: stages.update([name]) or real(tree))
    differ, trees = [], 0
    for name, tree in _trees():
        trees += 1
        assert len(html2txt(tree)) <= 2 * _non_space(tree), name
        if main_text.main_text(copy.deepcopy(tree), LINK) != _bare(tree):
            differ.append(name)
    assert trees > 400
    assert not differ, f"{len(differ)} of {trees} differ from bare_extraction: {differ[:5]}"
    # The page's text was measured on some pages and not on others, and the baseline ran.
    assert stages["html2txt"] > 50 and stages["baseline"] > 5, stages


def test_the_page_text_is_measured_only_when_it_can_decide():
    """The bench's page, read as its one `<article>`: its text is most of the page, so the
    recall retry cannot be due and the page's text is not measured."""
    paragraphs = "".join(f"<p>{'Officials said the talks would resume. ' * 6}</p>"
                         for _ in range(6))
    doc = page_tree.document(f"<html><body><article><h1>Talks</h1>{paragraphs}</article>"
                             "</body></html>")
    measured = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(main_text, "html2txt", lambda tree: measured.append(tree) or "")
        found = main_text.main_text(copy.deepcopy(doc), LINK)
    assert found is not None and "Officials said" in found[1]
    assert measured == []
    assert found == _bare(doc)


_BLOCKS = ("p", "div", "li", "h2", "td", "span", "b")
_TEXT = st.text(st.sampled_from("ab \u00a0\n\t\x01\u2003é"), max_size=6)


@st.composite
def _markup(draw, depth=0):
    parts = [draw(_TEXT)]
    for _ in range(draw(st.integers(0, 0 if depth > 3 else 4))):
        tag = draw(st.sampled_from(_BLOCKS))
        parts.append(f"<{tag}>{draw(_markup(depth + 1))}</{tag}>{draw(_TEXT)}")
    return "".join(parts)


@given(_markup())
def test_the_page_text_measure_is_at_most_twice_its_non_space_characters(markup):
    """What main_text's skip rests on: html2txt's words, a space apart, of the page's own
    non-space characters (every block spaced apart, control characters dropped)."""
    tree = page_tree.document(f"<html><body><div>{markup}</div></body></html>")
    assert len(html2txt(tree)) <= 2 * _non_space(tree)


def _pristine_xpaths():
    """trafilatura's expressions as it ships them: its `xpaths` module run again, apart."""
    spec = importlib.util.spec_from_file_location("pristine_xpaths", xpaths.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_guarded_expressions_find_what_trafilaturas_own_find_on_corpus_pages():
    pristine = _pristine_xpaths()
    pairs = []  # (trafilatura's expression, the one its lists hold now)
    for name, shipped in vars(pristine).items():
        if isinstance(shipped, list) and shipped and isinstance(shipped[0], etree.XPath):
            assert [x.path for x in getattr(xpaths, name)] == [
                main_text.guarded(x.path) for x in shipped], name
            pairs += [(old, new) for old, new in zip(shipped, getattr(xpaths, name), strict=True)
                      if old.path != new.path]
    assert len(pairs) >= 15  # the body, boilerplate, comment and teaser expressions
    differ, found = [], 0
    # Every fourth whole page (each element of a page is asked; its `<article>` is in it):
    # 90 pages of many sites' markup, in a tenth of a minute.
    wholes = [(name, tree) for name, tree in _trees() if not name.endswith("<article>")]
    for name, tree in wholes[::4]:
        for old, new in pairs:
            nodes = old(tree)  # kept alive, an element is the same object when found again
            found += len(nodes)
            if list(map(id, new(tree))) != list(map(id, nodes)):
                differ.append((name, old.path[:60]))
    assert found > 500  # they matched something, often
    assert not differ, differ[:5]


def test_tests_of_attributes_are_guarded_by_the_attributes():
    assert main_text.guarded("//*[re:test(@id|@class, 'nav', 'i')]") == (
        "//*[(@id|@class and re:test(@id|@class, 'nav', 'i'))]")
    assert main_text.guarded("//p[contains(translate(@id, 'T', 't'), 'teaser') or "
                             "starts-with(@class, 'ad-')]") == (
        "//p[(@id and contains(translate(@id, 'T', 't'), 'teaser')) or "
        "(@class and starts-with(@class, 'ad-'))]")


def test_a_test_that_holds_for_an_absent_attribute_is_left_unguarded():
    assert main_text.guarded("//*[contains(@class, '')]") == "//*[contains(@class, '')]"
    anything = "//*[re:test(@class, '^(?:x|)$')]"  # an absent class is "", which it matches
    assert main_text.guarded(anything) == anything
    doc = etree.fromstring("<r><p/></r>")
    test = etree.XPath(main_text.guarded(anything), namespaces={"re": xpaths.REGEXP_NS})
    assert [e.tag for e in test(doc)] == ["r", "p"]
