"""HTML `.html`/`.htm`: a saved news page, or a fragment of one.

What the page says about itself (headline, dates, byline, outlet, lead image, language,
canonical link) is read by `page_meta`, the most trustworthy source first; the story's
text by `page_body` (trafilatura). Everything is sanitized; relative URLs are made absolute
on the page's canonical link. A page stating no publication date takes the date it says it
was last modified, else the file's modification time, and the log says so.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from articles.model import Article, Rejected
from articles.parse import page_body, page_images, page_meta
from articles.parse.context import Context
from articles.sanitize import clean_html, html_to_text, summarize

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_SMALL = 100  # pixels: an image narrower or lower is an icon or a spacer, not a lead image


def parse(text: str, context: Context) -> list[Article]:
    markup = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses it in a str
    markup = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup, count=1)  # entity declarations
    try:
        doc = lxml.html.document_fromstring(markup, parser=lxml.html.HTMLParser(
            remove_comments=True, remove_pis=True, collect_ids=False))  # as trafilatura's
    except (etree.ParserError, ValueError):
        raise Rejected("it has no HTML content") from None
    meta = page_meta.read(doc, context)
    if not meta.headline:
        raise Rejected("it has no title (no og:title, <title> or <h1>)")
    base = urljoin(meta.link, doc.xpath("string(//base/@href)")) or None
    content_html = clean_html(page_body.extract(doc, meta),
                              base_url=base)
    text = html_to_text(content_html)
    if not text:
        raise Rejected("it has a title but no article text")

    published, date_from = meta.published, "guessed" if meta.guessed else "stated"
    if published is None:
        published, date_from = context.undated(), "file time"
    image = meta.image or _first_figure(content_html, doc, meta.logos)
    return [
        Article(
            title=meta.headline,
            content_html=content_html,
            summary=summarize(meta.description or text),
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
    body = lxml.html.fragment_fromstring(content_html, create_parent="div")
    for img in body.iter("img"):
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
