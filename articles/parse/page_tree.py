"""A page's markup as an lxml tree of `lxml.html` elements, parsed the fastest way lxml offers.

The markup goes to lxml as UTF-8 bytes, which libxml2 reads a quarter faster than a `str`.
Every element is an `HtmlElement`, chosen by lxml's own lookup: `lxml.html`'s default asks a
Python method for each element's class (a form's, an input's), a twentieth of reading a page,
and no reader here uses those classes. Comments and processing instructions are dropped, as
trafilatura's parser drops them. A parser serves one parse: lxml's are not shared by threads.
"""

from __future__ import annotations

import lxml.html
from lxml import etree

_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement, comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction, entity=lxml.html.HtmlEntity)


def document(markup: str):
    """The whole page (an `<html>` element); raises `etree.ParserError` or `ValueError` when
    it holds no markup."""
    return lxml.html.document_fromstring(markup.encode("utf-8", "replace"), parser=_parser())


def _parser() -> lxml.html.HTMLParser:
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False,
                                  encoding="utf-8")
    parser.set_element_class_lookup(_LOOKUP)
    return parser
