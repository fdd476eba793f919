"""HTML `.html`/`.htm`: a saved news page, or a fragment of one.

What the page says about itself (headline, dates, byline, outlet, lead image, language,
canonical link) is read by `page_meta`, the most trustworthy source first; the story's
text by `page_body` (trafilatura). Everything is sanitized; relative URLs are made absolute
on the page's canonical link. A page stating no publication date takes the date it says it
was last modified, else the file's modification time, and the log says so. A page a browser
saved tells where it was saved from (Chrome's and Edge's `<!-- saved from url=… -->`,
SingleFile's header, the address of a `.mhtml` or `.webarchive`): its link when the page
states none.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import urljoin

from lxml import etree

from articles.model import Article, Rejected
from articles.parse import page_body, page_images, page_meta, page_tree
from articles.parse.context import Context
from articles.sanitize import clean_html, has_text, html_to_text, summarize

# Imported before a backlog's parsing workers start, which then begin with them (see load).
PRELOAD = ("articles.parse.main_text",)  # trafilatura
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r"<img\s([^>]*)>")
_ATTRIBUTE = re.compile(r'([^\s=]+)="([^"]*)"')
_SMALL = 100  # pixels: an image narrower or lower is an icon or a spacer, not a lead image
_BASE_HREF = etree.XPath("string(//base/@href)")
# Where a page was saved from, as the saver notes it at its top: the "mark of the web" of
# Chrome and Edge (its length, its URL), the SingleFile extension's header comment.
_SAVED_FROM = re.compile(r"<!--\s*(?:saved from url=\(\d+\)|(?:Page saved with|Archive "
                         r"processed by) SingleFile\s+url:\s*)(https?://[^\s>]+?)\s*(?:-->|\n)",
                         re.IGNORECASE)
_SAVED_FROM_WITHIN = 8000  # characters: the mark is at the top of the file


def parse(text: str, context: Context, address: str = "") -> list[Article]:
    """The page's article; `address`: where it was saved from, if its container says."""
    if not address and (saved := _SAVED_FROM.search(text, 0, _SAVED_FROM_WITHIN)):
        address = saved[1]
    markup = _XML_DECLARATION.sub("", text, count=1)  # its encoding is no longer the text's
    markup = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup, count=1)  # entity declarations
    try:
        doc = page_tree.document(markup)
    except (etree.ParserError, ValueError):
        raise Rejected("it has no HTML content") from None
    page_images.settle_pictures(doc)
    meta = page_meta.read(doc, context, address)
    if not meta.headline:
        raise Rejected("it has no title (no og:title, <title>, <h1> or <h2>)")
    base = urljoin(meta.link, _BASE_HREF(doc)) or None
    content_html = clean_html(page_body.extract(doc, meta),
                              base_url=base)
    if not has_text(content_html):
        raise Rejected("it has a title but no article text")

    published, date_from = meta.published, "guessed" if meta.guessed else "stated"
    if published is None:
        published, date_from = context.undated(), "file time"
    image = meta.image or _first_figure(content_html, doc, meta.logos)
    return [
        Article(
            title=meta.headline,
            content_html=content_html,
            summary=summarize(meta.description or html_to_text(content_html)),
            published=published,
            updated=meta.modified if meta.modified and meta.modified > published else None,
            slug=context.stem,
            authors=meta.authors or ((meta.outlet,) if meta.outlet else ()),
            source=meta.outlet,
            link=meta.link,
            tags=meta.tags,
            language=meta.language,
            origin=context.name,
            image=image,
            date_from=date_from,
        )
    ]


def _first_figure(content_html: str, doc, logos: frozenset[str]):
    """The article's first picture (not an icon, a spacer, a vector logo or the site's
    declared logo), when the page declares none."""
    for tag in _IMG.finditer(content_html):  # sanitized: attributes double-quoted, escaped
        img = {name: html.unescape(value) for name, value in _ATTRIBUTE.findall(tag[1])}
        src = img.get("src") or ""
        width, height = _size(img.get("width")), _size(img.get("height"))
        if (src.startswith(("http://", "https://")) and not src.lower().endswith(".svg")
                and src not in logos
                and not (0 < width < _SMALL or 0 < height < _SMALL)):
            found = page_images.figure_image(doc, src)
            return replace(found, width=width, height=height)
    return None


def _size(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) <= 5 else 0
