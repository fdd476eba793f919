"""Making an `Article` fit to publish, whatever was stored: the last line of defence before
feedgen and lxml, which raise on XML-illegal characters, and before feed readers.

Text loses XML-illegal characters and C1 controls; markup is cleaned by nh3 with relative
URLs made absolute; links (and the lead image) must be absolute http(s) or are dropped; ids
must be URIs or are replaced by a URN derived from them, the same every time; a language
must be a language tag.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import mimetypes
import re
import uuid
from collections.abc import Sequence
from datetime import UTC
from urllib.parse import quote, urljoin, urlsplit

from articles.model import Article, Enclosure, Image
from articles.sanitize import (
    clean_html,
    clean_text,
    html_to_text,
    is_absolute_http,
    summarize,
    xml_safe,
)

ID_NAMESPACE = uuid.UUID("3a7e0c55-1f0b-4d8e-9c2a-6b5d4e3f2a10")  # URNs for ids that are not URIs
_C1 = re.compile("[\x7f-\x9f]")
# What `_text` changes: controls, XML-illegal characters, whitespace other than single spaces.
_UNCLEAN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]|[^\\S ]|  |^ | $")
_URI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$")
_URL_SAFE = "%/:=&?~#+!$,;'@()*[]"  # what stays as it is in a URL; the rest is %-encoded
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # a BCP 47 tag, for xml:lang
_IMAGE_TYPE = re.compile(r"^image/[\w.+-]+$")
_TYPES = mimetypes.MimeTypes()  # Python's own table, not the system's: the same everywhere


def correction_html(a: Article) -> str:
    """The latest correction note, as the entry's last paragraph in every format (the
    article's page shows them all); "" without one."""
    if not a.corrections:
        return ""
    note = a.corrections[-1]
    text = html.escape(_text(note.note), quote=False)
    return f'<p class="correction"><em>Correction, {note.at:%-d %B %Y}:</em> {text}</p>'


@functools.lru_cache(maxsize=256)  # each format of a document asks for the same articles
def safe(a: Article, base_url: str) -> Article:
    """`a` fit to publish: text without XML-illegal characters, markup cleaned with relative
    URLs made absolute (on the article's own link, else the site), links absolute or dropped."""
    link = _url(a.link)
    base = link or base_url
    content = _C1.sub("", clean_html(a.content_html, base)) + correction_html(a)
    title = _text(a.title) or _text(summarize(html_to_text(content), 100)) or "Untitled"
    source_url = _url(a.source_url)
    enclosures = []
    for e in a.enclosures:
        if url := _url(e.url, base):
            enclosures.append(Enclosure(url, _text(e.type) or "application/octet-stream",
                                        max(e.length, 0)))
    return dataclasses.replace(
        a,
        image=safe_image(a.image, base),
        id=_id(a.id),
        title=title,
        summary=_text(a.summary),
        content_html=content,
        published=a.published.astimezone(UTC),
        updated=(a.updated or a.published).astimezone(UTC),
        authors=_names(a.authors),
        cites=_names(a.cites),
        tags=_names(a.tags),
        source=_text(a.source),
        source_url=source_url,
        source_id=_id(a.source_id) if a.source_id else source_url,
        link=link,
        language=a.language if _LANGUAGE.match(a.language) else "",
        enclosures=tuple(enclosures),
    )


def safe_image(image: Image | None, base: str) -> Image | None:
    """The lead image with an absolute http(s) URL (else none), plain text, an image media
    type (the one its name says when it gives none) and sizes that are not negative."""
    url = _url(image.url, base) if image and image.url.strip() else ""
    if not url:
        return None
    kind = _text(image.type).lower() or _TYPES.guess_type(urlsplit(url).path)[0] or ""
    return Image(url=url, width=max(image.width, 0), height=max(image.height, 0),
                 type=kind if _IMAGE_TYPE.match(kind) else "", length=max(image.length, 0),
                 caption=_text(image.caption), credit=_text(image.credit))


def _url(url: str, base: str = "") -> str:
    """`url` made absolute on `base` and %-encoded where needed, or "" when not http(s)."""
    try:
        url = urljoin(base, _text(url)) if base else _text(url)
        return quote(url, safe=_URL_SAFE) if is_absolute_http(url) else ""
    except ValueError:  # e.g. a broken IPv6 host
        return ""


def _id(text: str) -> str:
    """`text` if it is a URI fit for XML, else a URN made from it (the same every time)."""
    clean = _C1.sub("", xml_safe(text))
    web = clean.lower().startswith(("http:", "https:"))
    if _URI.match(clean) and (_url(clean) == clean if web else True):
        return clean
    return f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, clean)}"


def _text(text: str) -> str:
    """One line of text without XML-illegal characters, nor the C1 controls that are
    mojibake in practice (and that feedparser reads as Windows-1252)."""
    if not _UNCLEAN.search(text):  # most text: one search rather than two subs and a split
        return text
    return clean_text(_C1.sub("", text))


def _names(names: Sequence[str]) -> tuple[str, ...]:
    return tuple(n for n in (_text(n) for n in names) if n)
