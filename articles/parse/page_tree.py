"""A page's markup as an lxml tree of `lxml.html` elements, parsed the fastest way lxml offers.

The markup goes to lxml as UTF-8 bytes, which libxml2 reads a quarter faster than a `str`.
Every element is an `HtmlElement`, chosen by lxml's own lookup: `lxml.html`'s default asks a
Python method for each element's class (a form's, an input's), a twentieth of reading a page,
and no reader here uses those classes. Comments and processing instructions are dropped, as
trafilatura's parser drops them. A parser serves one parse: lxml's are not shared by threads.
The notes a saving extension adds of the day it saved the page are no part of it.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def document(markup: str):
    """The whole page (an `<html>` element); raises `etree.ParserError` or `ValueError` when
    it holds no markup."""
    doc = lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=_parser())
    if "S:" in markup and _STREAMED_MARK.search(markup):  # the substring first: C speed
        _streamed_in_place(doc)
    if "savepage-" in markup:
        for note in _SAVING_DAY(doc):
            note.drop_tree()
    return doc


# Save Page WE's notes of the day it saved the page (and `document.lastModified`, which is
# that day for most pages): not the page's, and read by htmldate as its date.
_SAVING_DAY = etree.XPath('//meta[@name="savepage-date" or @name="savepage-pubdate"]')


_STREAMED_MARK = re.compile(r"""\sid=["']?S:[0-9a-f]+["'\s>]""")
_STREAMED = etree.XPath('//div[@hidden][starts-with(@id, "S:")]')
_PLACE = etree.XPath("//template[@id = $boundary or @id = $segment]")


def _streamed_in_place(doc) -> None:
    """Parts of the page React streamed after it (`<div hidden id="S:1a">`), put where its
    scripts put them: in place of their `<template id="B:1a">` (a boundary's) or `"P:1a"` (a
    segment's). A page saved from the server's response, without running its scripts, holds
    its story there (the loading placeholders beside a template have no text)."""
    for part in _STREAMED(doc):
        key = part.get("id")[2:]
        found = _PLACE(doc, boundary="B:" + key, segment="P:" + key)
        if not found or any(a is part for a in found[0].iterancestors()):
            continue
        template = found[0]
        template.extend(part)  # each child with its tail
        template.text, template.tag = part.text, "div"
        part.drop_tree()


def _parser() -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                                  encoding="utf-8")
    parser.set_element_class_lookup(_LOOKUP)
    return parser
