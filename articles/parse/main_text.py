"""trafilatura's main text of a page, by the stages of its own cascade, as newsfeed asks for it.

`trafilatura.bare_extraction` runs `trafilatura_sequence`. With newsfeed's options (fast, no
comments, balanced) that is: prune the raw tree, clean and convert it, the main extractor,
the baseline on the raw tree when that found less than `min_extracted_size`, and a retry in
recall mode when the text is short and covers less than a fifth of the page's text. The
last test measures the page's text with `html2txt`, a cleaned copy of the tree: a tenth of
reading a whole saved page. Here it is measured only when it can matter: the measure is at
most twice as long as the page's non-space characters (each word, and a space after it), so
a text of at least two fifths of the page's characters cannot be under a fifth of it. The
copies `bare_extraction` and `_prepare_tree` make for stages newsfeed does not run (the
caller's tree, the comparison's backup) are not made.

The result is `bare_extraction`'s, byte for byte (but where its measure would fail on a
control character lxml refuses to write, the text found stands): `tests/test_main_text.py`
compares the two on every page of the scored corpora, so an upgrade of trafilatura that
changes its cascade fails there, not silently here.

trafilatura's XPath expressions test attributes, most with EXSLT's `re:test`, which lxml
answers by calling back into Python for every element it asks about, the attribute present
or not: a sixth of trafilatura's work on a story of plain paragraphs. Importing this module
rewrites each expression of its lists (`trafilatura.xpaths`, in place, so every module of
trafilatura sees it) to ask first whether the attribute is there (`guarded`): the same
nodes, as none of these tests holds for an absent attribute's empty string (checked for each
pattern; `tests/test_main_text.py` compares every expression with trafilatura's own on
corpus pages).
"""

from __future__ import annotations

import copy
import functools
import logging
import re

from lxml import etree
from trafilatura import xpaths
from trafilatura.baseline import baseline, html2txt
from trafilatura.core import (
    ESCALATION_ACCEPT_RATIO,
    ESCALATION_MAX_LENGTH,
    ESCALATION_PAGE_SHARE,
    _forum_thread_page,
)
from trafilatura.htmlprocessing import (
    build_html_output,
    convert_tags,
    prune_unwanted_nodes,
    tree_cleaning,
)
from trafilatura.main_extractor import extract_content
from trafilatura.metadata import Document
from trafilatura.settings import Extractor
from trafilatura.xpaths import RAW_TREE_PRUNE_XPATH, REMOVE_COMMENTS_AND_LISTS_XPATH

log = logging.getLogger("newsfeed.parse")

_ATTRIBUTES = r"@[\w-]+(?:\s*\|\s*@[\w-]+)*"  # @a, @a|@b
_LITERAL = r"\s*'[^']*'\s*"
# A test of attributes with literal arguments: `re:test(@a, 'pattern'[, 'flags'])`, or
# `contains`/`starts-with` of them (or of their `translate`) and a string that is not empty.
_ATTRIBUTE_TEST = re.compile(
    rf"re:test\(\s*(?P<tested>{_ATTRIBUTES})\s*,\s*'(?P<pattern>[^']*)'\s*(?:,(?P<flags>{_LITERAL}))?\)"
    rf"|(?:contains|starts-with)\(\s*(?:(?P<searched>{_ATTRIBUTES})"
    rf"|translate\(\s*(?P<translated>{_ATTRIBUTES})\s*,{_LITERAL},{_LITERAL}\))\s*,\s*'[^']+'\s*\)")


def guarded(path: str) -> str:
    """The XPath `path` with each test of attributes asked only where one is present:
    `(@a and re:test(@a, …))`, which libxml2 ends at a missing attribute (without calling
    lxml's Python, for `re:test`). A pattern that matches the empty string, an absent
    attribute's, is left as it is."""

    def guard(test: re.Match) -> str:
        if test["tested"]:
            flags = re.IGNORECASE if "i" in (test["flags"] or "") else 0  # as lxml reads them
            if re.search(test["pattern"], "", flags) is not None:
                return test[0]
        attributes = test["tested"] or test["searched"] or test["translated"]
        return f"({attributes} and {test[0]})"

    return _ATTRIBUTE_TEST.sub(guard, path)


def _guard_trafilatura() -> None:
    for value in vars(xpaths).values():
        if isinstance(value, list) and value and all(isinstance(x, etree.XPath) for x in value):
            value[:] = [etree.XPath(path, namespaces={"re": xpaths.REGEXP_NS})
                        if (path := guarded(x.path)) != x.path else x for x in value]


_guard_trafilatura()


@functools.cache
def options() -> Extractor:
    """newsfeed's extraction: fast (the comparison with readability's and jusText's picks
    costs a fifth of trafilatura's time and gives worse bodies on the scored corpus), the
    story's formatting, links, images and tables, no comments."""
    return Extractor(output_format="html", fast=True, comments=False, formatting=True,
                     links=True, images=True, tables=True)


def main_text(page, link: str) -> tuple[str, str] | None:
    """(the main text as HTML, as plain text) of `page`, an `<html>` tree that this changes
    (pass a copy), or None when trafilatura finds none."""
    settings = copy.copy(options())
    settings.url = settings.source = link or None
    try:
        body, text = _cascade(page, settings)
    except (TypeError, ValueError):  # as bare_extraction: no text to be had
        return None
    if len(text) < settings.min_output_size:
        return None
    document = Document()
    document.body = body
    return build_html_output(document), text


def _cascade(tree, settings: Extractor):
    if not _forum_thread_page(tree):  # a forum's posts sit where comments do
        tree = prune_unwanted_nodes(prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH),
                                    REMOVE_COMMENTS_AND_LISTS_XPATH)
    else:
        tree = prune_unwanted_nodes(tree, RAW_TREE_PRUNE_XPATH)
    body, text = _extract(tree, settings)
    if len(text) < settings.min_extracted_size:
        rescued, rescued_text, length = baseline(tree)
        if length > len(text):
            body, text = rescued, rescued_text
    if (0 < len(text) < ESCALATION_MAX_LENGTH
            and len(text) < 2 * ESCALATION_PAGE_SHARE * len(tree.text_content())
            and len(text) < ESCALATION_PAGE_SHARE * len(html2txt(tree))):
        recall = copy.copy(settings)
        recall.focus = "recall"
        retried = ""
        try:
            retried_body, retried = _extract(tree, recall)
        except Exception as error:  # as trafilatura: the retry is a bonus
            log.debug("trafilatura's recall retry failed: %s", error)
        if (len(retried) >= settings.min_extracted_size
                and len(retried) > ESCALATION_ACCEPT_RATIO * len(text)):
            body, text = retried_body, retried
    return body, text


def _extract(tree, settings: Extractor):
    cleaned = convert_tags(tree_cleaning(copy.copy(tree), settings), settings, settings.url)
    return extract_content(cleaned, settings)
