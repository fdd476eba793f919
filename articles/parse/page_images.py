"""A saved page's pictures: its declared lead image, the site's logos (never a story's
picture), and the caption and credit of the `<figure>` showing an image.

`page_meta` asks for the lead image; `page_body` and `html_page` for a figure's caption and
credit, told apart however the page marks them (a credit class, its own `<span>`, `<small>`
or `<cite>`, "Foto: …" or "(Name/Agency)" written into the caption).
"""

from __future__ import annotations

import mimetypes
import re
from urllib.parse import urlsplit

from lxml import etree

from articles.folder_files import SAVED_PAGE_FOLDER
from articles.model import Image
from articles.parse.page_statements import (
    MICRODATA,
    ORGANIZATION_TYPES,
    absolute_url,
    as_int,
    as_list,
    as_name,
    as_text,
    meta_all,
    meta_first,
    node_types,
)
from articles.sanitize import clean_text, srcset_urls

# A credit written into a caption: "… a press conference. (Matt Stone/Boston Herald)",
# "… am Kai. Foto: Dora Licht"
_CREDIT_IN_CAPTION = re.compile(
    r"\s(?:\((?P<paren>[^()]{0,60}(?:/|©|\b(?:photo|foto|getty|reuters|afp|ap|epa|dpa)\b)"
    r"[^()]{0,60})\)|(?P<label>(?:photo|foto|bild|image|credit)s?\s?:\s?[^.:]{2,60}))$",
    re.IGNORECASE)
# A piece of a caption that is a credit: a photographer's or an agency's mark, an agency in
# parentheses after a name, or a name in capitals.
_CREDIT_LOOK = re.compile(
    r"(?<=[^\W\d_])\s?/\s?(?=[^\W\d_])|©|\(c\)|\b(?:photos?|fotos?|bild|image|credit|courtesy|"
    r"getty|reuters|afp|ap|epa|dpa|efe|ansa|anp|apa|pa|shutterstock|istock|imago|keystone|"
    r"via)\b|\([^()\d]{2,40}\)$", re.IGNORECASE)
_CREDIT_LABEL = re.compile(r"^(?:photo|foto|bild|image|credit)s?\s?:\s?\w", re.IGNORECASE)
_CAPITALS = re.compile(r"^[A-ZÀ-ÖØ-ÞА-ЯЁ][A-ZÀ-ÖØ-ÞА-ЯЁ .'’-]+$")
_PIECES = frozenset(("span", "small", "cite", "em", "i", "p", "div"))
_CREDIT = 80  # characters: a longer piece of a caption is the caption's
_IMAGE_SRC_LINKS = etree.XPath('//link[@rel="image_src"]')
_PICTURES = etree.XPath("//img|//source")
# A file in the folder a browser saved beside the page: "./Story_files/photo.jpg".
_SAVED_BESIDE = re.compile(r"^(?![a-z][a-z0-9+.-]*:|/)(?:\./)?(?:[^/?#]*/)*[^/?#]*"
                           + re.escape(SAVED_PAGE_FOLDER) + "/", re.IGNORECASE)
_FIGCAPTIONS, _SMALL_OR_CITE = etree.XPath(".//figcaption"), etree.XPath(".//small|.//cite")


def settle_pictures(doc) -> None:
    """The page's pictures as a reader saw them. One a lazy loader had yet to show (a `data:`
    placeholder in `src`, its address in `data-src`) gets its address. One the browser saved
    with the page goes: beside it ("Webpage, complete" writes `<img src="./Story_files/
    photo.jpg">`, an address on the saver's disk, a broken picture anywhere else) or into it
    (SingleFile's `data:` URIs, which no feed carries). The page's declared lead image
    (`og:image`) keeps its web address."""
    for element in _PICTURES(doc):
        src = element.get("src") or ""
        if (not src or src.lstrip().lower().startswith("data:")) and (
                lazy := _lazy_address(element)):
            element.set("src", lazy)
            if later := element.get("data-srcset"):
                element.set("srcset", later)
        sources = [s for s in (element.get("src") or "", *srcset_urls(element.get("srcset")))
                   if s]
        inlined = sources and all(s.lstrip().lower().startswith("data:") for s in sources)
        if any(_SAVED_BESIDE.match(source) for source in sources) or (
                inlined and not srcset_urls(element.get("data-srcset"))):
            element.drop_tree()


def _lazy_address(element) -> str:
    """The web address a lazy loader keeps for a picture (`data-src`, `data-lazy-src`,
    `data-original`), if any."""
    for name in _LAZY:
        value = (element.get(name) or "").strip()
        if value and not value.lower().startswith("data:"):
            return value
    return ""


_LAZY = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src",
         "data-full-src")


def declared(doc, meta, article: dict, link: str, logos: set[str]) -> Image | None:
    """The page's declared lead image, with what the page says of it: the JSON-LD article's,
    else the Open Graph or Twitter card image, else the microdata article's; else None (the
    body's first figure is the caller's fallback). Microdata comes after the cards here: it
    marks whatever picture the article shows first, the cards the one chosen to stand for it.
    The site's logo (its publisher's, declared as a story's image when it has no picture) is
    none of them."""
    declared = [] if article.get(MICRODATA) else as_list(article.get("image"))[:5]
    if image := _declared_image(doc, declared, link, logos):
        return image
    for key in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
                "twitter:image:src", "image", "thumbnail", "parsely-image-url",
                "sailthru.image.full"):
        for value in meta_all(meta, key):
            if (url := absolute_url(value, link)) and url not in logos:
                return figure_image(doc, url, width=as_int(meta_first(meta, "og:image:width")),
                                    height=as_int(meta_first(meta, "og:image:height")),
                                    type=meta_first(meta, "og:image:type"))
    if image := _declared_image(doc, as_list(article.get("image"))[:5], link, logos):
        return image
    for element in _IMAGE_SRC_LINKS(doc):
        if (url := absolute_url(element.get("href", ""), link)) and url not in logos:
            return figure_image(doc, url)
    return None


def _declared_image(doc, items: list, link: str, logos: set[str]) -> Image | None:
    """The first of a schema.org `image` value's items (URLs or ImageObjects) with a URL that
    is not one of the site's `logos`."""
    for item in items:
        url = absolute_url(as_text(item.get("url") or item.get("contentUrl"))
                        if isinstance(item, dict) else as_text(item), link)
        if url and url not in logos:
            info = item if isinstance(item, dict) else {}
            return figure_image(doc, url, width=as_int(info.get("width")),
                                height=as_int(info.get("height")),
                                type=as_text(info.get("encodingFormat")),
                                caption=as_text(info.get("caption")),
                                credit=as_text(info.get("creditText")) or as_name(
                                    info.get("copyrightHolder")) or as_name(info.get("author")))
    return None


def logos(nodes: list[dict], article: dict, link: str) -> set[str]:
    """The site's logos: the image and logo of the article's publisher and of the page's
    organization nodes."""
    owners = [p for p in as_list(article.get("publisher")) if isinstance(p, dict)]
    owners += [n for n in nodes if node_types(n) & ORGANIZATION_TYPES and n is not article]
    urls = set()
    for owner in owners:
        for item in (*as_list(owner.get("logo")), *as_list(owner.get("image"))):
            url = as_text(item.get("url") or item.get("contentUrl")) if isinstance(
                item, dict) else as_text(item)
            if url := absolute_url(url, link):
                urls.add(url)
    return urls


def figure_image(doc, url: str, *, width: int = 0, height: int = 0, type: str = "",
                 caption: str = "", credit: str = "") -> Image:
    """An `Image` of `url`, its caption and credit taken from the page's `<figure>` showing it
    where the metadata gives none."""
    if not (caption and credit):
        found_caption, found_credit = figure_caption(doc, url)
        caption, credit = caption or found_caption, credit or found_credit
    media_type = type if type.startswith("image/") else (
        mimetypes.guess_type(urlsplit(url).path)[0] or "")
    return Image(url=url, width=width, height=height,
                 type=media_type if media_type.startswith("image/") else "",
                 caption=caption[:500], credit=credit[:200])


def figure_caption(doc, url: str) -> tuple[str, str]:
    """The caption and credit of the `<figure>` whose image is `url` (same file name)."""
    stem = _file_stem(url)
    if not stem:
        return "", ""
    for figure in doc.iter("figure"):
        sources = " ".join(" ".join(filter(None, (i.get("src"), i.get("data-src"),
                                                  i.get("srcset"), i.get("data-srcset"))))
                           for i in figure.iter("img", "source"))
        if stem not in sources:
            continue
        return caption_and_credit(figure)
    return "", ""


def caption_and_credit(figure) -> tuple[str, str]:
    """A figure's caption text and its credit line, apart."""
    credit = ""
    for element in figure.iter():
        if not isinstance(element.tag, str):
            continue
        marker = f"{element.get('class', '')} {element.get('itemprop', '')}".lower()
        if re.search(r"credit|copyright|byline|source|photographer|author", marker):
            credit = clean_text(element.text_content()).strip(" |·•")
            if credit:
                break
    captions = _FIGCAPTIONS(figure)
    caption = clean_text(captions[0].text_content()) if captions else ""
    if not credit and caption:
        credit = _credit_element(captions[0], caption)
    if credit and caption.endswith(credit):
        caption = caption[: -len(credit)].strip(" |·•")
    elif credit and caption.startswith(credit):
        caption = caption[len(credit) :].strip(" |·•")
    elif not credit and (match := _CREDIT_IN_CAPTION.search(caption)):
        caption = caption[: match.start()].strip()
        credit = match.group("paren") or match.group("label")
    return caption, credit


def _credit_element(figcaption, caption: str) -> str:
    """The credit a caption holds in an element of its own without a credit class: its one
    `<small>` or `<cite>`, or its last piece when that reads as a credit ("NATACHA PISARENKO
    (AP)", "David McNew—Getty Images", "Leonhard Foeger / Reuters file"): `<figcaption>
    <span>caption</span><span>credit</span></figcaption>`."""
    marked = _SMALL_OR_CITE(figcaption)
    if len(marked) == 1:
        text = clean_text(marked[0].text_content())
        return text if 0 < len(text) <= _CREDIT and text != caption else ""
    node = figcaption  # through wrappers holding nothing else
    while (len(node) == 1 and isinstance(node[0].tag, str) and not (node.text or "").strip()
           and not (node[0].tail or "").strip()):
        node = node[0]
    pieces = [child for child in node if isinstance(child.tag, str)]
    if not pieces:
        return ""
    first = clean_text(pieces[0].text_content())  # "<span>Photo: Jean Roux</span> caption"
    if (pieces[0].tag in _PIECES and not (node.text or "").strip() and len(first) <= _CREDIT
            and _CREDIT_LABEL.match(first) and first != caption):
        return first
    if pieces[-1].tag not in _PIECES or (pieces[-1].tail or "").strip():
        return ""
    text = clean_text(pieces[-1].text_content())
    if (not text or text == caption or len(text) > _CREDIT or text.endswith(".")
            or not (_CREDIT_LOOK.search(text) or _CAPITALS.match(text))):
        return ""
    return text


def _file_stem(url: str) -> str:
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0]
    return stem if len(stem) >= 4 else ""
