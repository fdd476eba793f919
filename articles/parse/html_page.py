"""HTML `.html`/`.htm`: a saved web page, or a fragment of one.

Metadata comes from Open Graph and article meta tags, else the page's own elements:
title from `og:title`, `<title>` (less a trailing " | Site Name"), `<h1>`; date from
`article:published_time`, else a `<time datetime>` (the story's first); authors from
`<meta name=author>` and `article:author`; `link` from `<link rel=canonical>`, else
`og:url`; source from `og:site_name`. The body is the largest `<article>`, else `<main>`,
else `<body>`, without page chrome (nav, header, footer, aside, scripts, styles, forms,
buttons), sanitized with relative URLs resolved against the canonical link.
"""

from __future__ import annotations

import html
import re
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.sanitize import clean_html, clean_text, html_to_text, is_absolute_http, summarize

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]*\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
_CHROME = ("nav", "header", "footer", "aside", "script", "style", "form", "noscript", "template",
           "button")
_PUBLISHED = ("article:published_time", "date", "dc.date", "dcterms.created")


def parse(text: str, context: Context) -> list[Article]:
    try:
        markup = _XML_DECLARATION.sub("", text, count=1)  # lxml refuses it in a str
        markup = _DOCTYPE_SUBSET.sub("<!DOCTYPE html>", markup, count=1)  # entity declarations
        doc = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        raise Rejected("it has no HTML content") from None
    meta = _meta(doc)
    link = _link(doc, meta)
    site = _first(meta, "og:site_name")
    times = [*doc.xpath("//article//time/@datetime"), *doc.xpath("//main//time/@datetime"),
             *doc.xpath("//time[not(ancestor::nav or ancestor::aside)]/@datetime")]
    published = _first_date([*_all(meta, *_PUBLISHED), *times], context)
    updated = _first_date(_all(meta, "article:modified_time"), context)

    for element in doc.xpath("|".join(f"//{tag}" for tag in _CHROME)):
        element.drop_tree()
    body = _container(doc)
    if body is None:
        raise Rejected("it has no article text (the page has no <body>)")
    title = _first(meta, "og:title") or _page_title(doc, site) or _h1_text(body) or _h1_text(doc)
    if not title:
        raise Rejected("it has no title (no og:title, <title> or <h1>)")
    h1 = next(body.iter("h1"), None)
    if h1 is not None and clean_text(h1.text_content()) == title:  # no headline twice
        h1.drop_tree()
    base = doc.xpath("string(//base/@href)")
    content_html = clean_html(_inner_html(body), base_url=urljoin(link, base) or None)
    text = html_to_text(content_html)
    if not text:
        raise Rejected("it has a title but no article text")

    published = published or context.undated()
    description = _first(meta, "og:description", "description")
    return [
        Article(
            title=title,
            content_html=content_html,
            summary=summarize(description or text),
            published=published,
            updated=updated if updated and updated > published else None,
            slug=context.stem,
            authors=_unique([a for a in _all(meta, "author", "article:author")
                             if not is_absolute_http(a)]) or ((site,) if site else ()),
            source=site,
            link=link,
            tags=_unique(_all(meta, "article:tag")),
            language=_language(doc, meta),
            origin=context.name,
        )
    ]


def _meta(doc) -> dict[str, list[str]]:
    """Each `<meta>` name or property (lower case) with its contents, in page order."""
    found: dict[str, list[str]] = {}
    for element in doc.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        if key and (value := clean_text(element.get("content") or "")):
            found.setdefault(key, []).append(value)
    return found


def _all(meta: dict[str, list[str]], *keys: str) -> list[str]:
    return [value for key in keys for value in meta.get(key, [])]


def _first(meta: dict[str, list[str]], *keys: str) -> str:
    return next(iter(_all(meta, *keys)), "")


def _first_date(values: list[str], context: Context) -> datetime | None:
    """The first of `values` that is a readable date; pages carry odd ones too."""
    for value in values:
        try:
            return context.date(value)
        except Rejected:
            continue
    return None


def _link(doc, meta: dict[str, list[str]]) -> str:
    """The page's own absolute URL: its canonical link, else og:url."""
    canonical = [e.get("href", "").strip() for e in doc.iter("link")
                 if "canonical" in (e.get("rel") or "").lower().split()]
    return next((url for url in [*canonical, *_all(meta, "og:url")] if is_absolute_http(url)), "")


def _container(doc):
    """The element holding the story: the largest <article>, else <main>, else <body>."""
    articles = doc.xpath("//article")
    if articles:
        return max(articles, key=lambda e: len(e.text_content()))
    main = doc.xpath("//main")
    return main[0] if main else doc.find("body")


def _page_title(doc, site: str) -> str:
    """The <title>, less a trailing " | Site Name" (or " - ", " – ", " — ", " · ")."""
    title = clean_text(doc.findtext(".//title") or "")
    if site:
        title = re.sub(rf"\s+[|\-–—·:]\s+{re.escape(site)}$", "", title)
    return title


def _h1_text(element) -> str:
    h1 = next(element.iter("h1"), None)
    return clean_text(h1.text_content()) if h1 is not None else ""


def _inner_html(element) -> str:
    children = "".join(lxml.html.tostring(c, encoding="unicode") for c in element)
    return html.escape(element.text or "", quote=False) + children


def _language(doc, meta: dict[str, list[str]]) -> str:
    lang = (doc.get("lang") or _first(meta, "og:locale")).replace("_", "-")
    return clean_text(lang)[:35]


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))
