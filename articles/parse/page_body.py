"""The story's own text out of a saved page: trafilatura finds it, we put back what it drops.

trafilatura (its main text as HTML) keeps paragraphs, headings, lists, quotes, tables, links
and images, and leaves out navigation, share and comment widgets, newsletter boxes,
"related" and "most read" lists and cookie banners. Here its images get back the caption
and credit of the page's `<figure>`, a first heading repeating the headline goes, and empty
wrappers go. The lines above the story that only restate what `page_meta` read go too: the
site's name (a page without `<header>` markup prints it as a line), the byline, the date
line. A page trafilatura finds no text in (a fragment, a very short story) falls back to its
`<article>`, else `<main>`, else `<body>`, without the page's chrome.
"""

from __future__ import annotations

import copy
import html
import itertools
import logging
import re
import unicodedata
from datetime import date, timedelta
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from articles.parse import page_tree
from articles.parse.newswire import date_forms, date_lines
from articles.parse.page_images import caption_and_credit
from articles.parse.page_meta import PageMeta
from articles.sanitize import clean_text, srcset_urls

log = logging.getLogger("newsfeed.parse")

_CHROME = ("nav", "header", "footer", "aside", "script", "style", "form", "noscript", "template",
           "button", "iframe", "svg", "dialog")
_CHROME_ELEMENTS = etree.XPath("|".join(f"//{tag}" for tag in _CHROME))
_ARTICLES, _MAINS = etree.XPath("//article"), etree.XPath("//main")
_FURNITURE = re.compile(r"comment|related|teaser|sidebar|promo|recommend", re.IGNORECASE)
_ARTICLE = 1000  # characters: an <article> with less text is a teaser, not the story
_SHORT = 250  # characters: below, trafilatura's pick is less sure than the page's own elements
_ICON_TABLE_TEXT = 80  # characters: a table with images and fewer words is icons and logos
_KEEP_EMPTY = {"img", "br", "hr", "td", "th", "source", "video", "audio", "picture"}
_LINE_TAGS = frozenset(("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "address", "section",
                        "header", "center"))
_PASSED = frozenset(("ul", "ol", "dl", "table", "figure", "blockquote", "pre"))  # story blocks
_TEXT_BLOCKS = ("div", "section", "aside", "figure", "table", "ul", "ol", "dl", "blockquote",
                "h2", "h3", "h4", "h5", "h6", "p")  # blocks whose tail may be a paragraph
_BREAKS = _LINE_TAGS | _PASSED | {"aside", "nav", "footer", "form", "hr", "br", "script",
                                  "style", "article", "main", "li", "dd", "dt"}
_LOOSE_TEXT = 80  # characters: a shorter tail is a separator or a label, not a paragraph
_HEAD_LINES = 6  # the lines at the top of a body where a page's header, byline and date sit
_LEFT_WORDS = 2  # words a line restating the page may have besides (a place, "Von", a role)
_CJK_WORD = 8  # characters: a longer run of CJK letters is prose, not a place or a role
_MARKUP = re.compile(r"<(?:p|br|div|h[2-6]|ul|ol|blockquote)\b", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_PROSE = re.compile(r"[。！？]|[.!?](?:\s|$)")


def extract(doc, meta: PageMeta) -> str:
    """The body of the story as HTML (not yet sanitized): trafilatura's, else the fallback's."""
    figures = _figures(doc)
    _loose_text_as_paragraphs(doc)
    try:
        found = _trafilatura(doc, meta.link)
    except (ValueError, TypeError, RecursionError, etree.LxmlError) as error:
        log.info("trafilatura could not read the page (%s); using its main element", error)
        found = None
    body = _fragment(found) if found else None
    if body is None or _short(clean_text(body.text_content())):
        body = _container(doc)
        shown = len(clean_text(body.text_content())) if body is not None else 0
        if shown < len(clean_text(meta.text)) / 2:
            return _stated_text(meta.text)
        if body is None:
            return ""
    _tidy(body, meta, figures)
    return _inner_html(body)


def _short(text: str) -> bool:
    """Whether `text` is under `_SHORT`, a Chinese, Japanese or Korean character counting
    as three (a word's worth of letters: "新线路开通运营" says "the new line opens")."""
    return len(text) < _SHORT and len(text) + 2 * len(date_forms.CJK_LETTER.findall(text)) < _SHORT


def _stated_text(text: str) -> str:
    """The story as the page's data states it (`articleBody`), for a page whose scripts
    write the story: its markup as given, else a paragraph a line."""
    if _MARKUP.search(text):
        return text
    return "".join(f"<p>{html.escape(line.strip(), quote=False)}</p>"
                   for line in text.splitlines() if line.strip())


def _loose_text_as_paragraphs(doc) -> None:
    """Text left between the blocks of a container of paragraphs, as the tail of a block
    with the inline elements after it, made a paragraph: trafilatura reads paragraphs and
    drops such text with the block before it. An HTML parser leaves a story's lead there
    when a box sits at the start of its first paragraph, since a `<div>` ends a `<p>`:
    `<p><div class="related">…</div>SAN FRANCISCO (AP) — …</p>`."""
    for block in list(doc.iter(*_TEXT_BLOCKS)):
        parent = block.getparent()
        if (not block.tail or not block.tail.strip() or parent is None
                or parent.tag in _PASSED or parent.tag == "p" or parent.find("p") is None):
            continue
        run = list(itertools.takewhile(_inline, block.itersiblings()))
        text = block.tail + "".join(
            "".join(element.itertext()) + (element.tail or "") for element in run)
        if len(text.strip()) < _LOOSE_TEXT:
            continue
        paragraph = block.makeelement("p")
        paragraph.text, block.tail = block.tail.lstrip(), None
        paragraph.extend(run)  # each with its tail
        last = run[-1] if run else None
        if last is None:
            paragraph.text = paragraph.text.rstrip()
        elif last.tail:
            last.tail = last.tail.rstrip()
        block.addnext(paragraph)


def _inline(element) -> bool:
    """Whether `element` runs on in a line of text (a link, an emphasis), not a block."""
    return isinstance(element.tag, str) and element.tag not in _BREAKS


def _trafilatura(doc, link: str) -> str | None:
    """trafilatura's main text of the page as HTML: of its one `<article>` when it has one
    holding a story, else of the whole page (trafilatura's work grows with the page; on the
    scored corpus both give the same bodies). `doc` stays whole."""
    from articles.parse.main_text import main_text  # on the first page (page_statements)

    story = _the_article(doc)
    if story is not None:
        found = main_text(story, link)
        if found is not None and not _short(found[1]):
            return found[0]
    found = main_text(copy.deepcopy(doc), link)
    return found[0] if found is not None else None


def _the_article(doc):
    """A page of one `<article>` holding a story's worth of text: that element alone, as a
    page of its own (copied), else None. One named as the page's furniture (a comment, a
    block of related stories), or in such a list, is not the story; the elements further
    out are not asked (broken markup can leave a page's story inside its sidebar)."""
    found = _ARTICLES(doc)
    if len(found) != 1 or any(
            _FURNITURE.search(f"{element.get('class', '')} {element.get('id', '')}")
            for element in (found[0], found[0].getparent()) if element is not None):
        return None
    story = copy.deepcopy(found[0])
    etree.strip_elements(story, "script", "style", "noscript", "template", with_tail=False)
    if len(clean_text(story.text_content())) < _ARTICLE:
        return None
    page = doc.makeelement("html")  # of the page's parser: its elements' lookup (page_tree)
    etree.SubElement(page, "body").append(story)
    return page


def _fragment(markup: str):
    try:
        document = page_tree.document(markup)
    except (etree.ParserError, ValueError):
        return None
    return document.find("body")


def _container(doc):
    """The element holding the story: the largest <article>, else <main>, else <body>, each
    without navigation, scripts, forms and the like (of a copy: the page stays whole)."""
    doc = copy.deepcopy(doc)
    for element in _CHROME_ELEMENTS(doc):
        element.drop_tree()
    articles = _ARTICLES(doc)
    if articles:
        return max(articles, key=lambda e: len(e.text_content()))
    main = _MAINS(doc)
    return main[0] if main else doc.find("body")


def _figures(doc) -> dict[str, tuple[str, str]]:
    """Caption and credit of each `<figure>` of the page, by the file name of its images."""
    found: dict[str, tuple[str, str]] = {}
    for figure in doc.iter("figure"):
        caption, credit = caption_and_credit(figure)
        if not (caption or credit):
            continue
        for image in figure.iter("img", "source"):
            for url in (image.get("src"), image.get("data-src"),
                        *srcset_urls(image.get("srcset")), *srcset_urls(image.get("data-srcset"))):
                if url and (name := _file_name(url.strip())):
                    found.setdefault(name, (caption, credit))
    return found


def _file_name(url: str) -> str:
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]


def _tidy(body, meta: PageMeta, figures: dict[str, tuple[str, str]]) -> None:
    """Drop a leading heading that repeats the headline, the lines above the story that
    restate the page, layout tables and empty wrappers; give images their figure's caption
    and credit."""
    heading = next(body.iter("h1", "h2", "h3"), None)
    if (heading is not None
            and clean_text(heading.text_content()).casefold() == meta.headline.casefold()):
        heading.drop_tree()
    _drop_restating_lines(body, meta)
    _drop_layout_tables(body)
    for image in list(body.iter("img")):
        caption, credit = figures.get(_file_name(image.get("src") or ""), ("", ""))
        if not (caption or credit):
            continue
        figure = etree.Element("figure")
        holder = image.getparent()
        lone = (holder is not None and holder is not body and holder.tag == "p"
                and not clean_text(holder.text_content()) and len(holder) == 1)
        target = holder if lone else image
        target.addprevious(figure)
        tail, image.tail = image.tail, None
        figure.append(image)
        figcaption = etree.SubElement(figure, "figcaption")
        figcaption.text = " ".join(filter(None, (caption, credit and f"({credit})"
                                                 if caption else credit)))
        figure.tail = tail
        if lone:
            target.drop_tree()
    for element in reversed(list(body.iter())):
        if (element is not body and isinstance(element.tag, str)
                and element.tag not in _KEEP_EMPTY and not len(element)
                and not (element.text or "").strip()):
            element.drop_tree()


def _drop_restating_lines(body, meta: PageMeta) -> None:
    """Of the first lines of the body, those that say only what the page says about itself:
    the outlet's name (the site's header line), the byline ("Von Anna Beispiel, Husum",
    "編集委員 中沢克二"), the page's date ("2020年5月20日 10時30分"), or these together, with at
    most two other words. The story's own lines say more."""
    names = _names_of(meta)
    # The longest a restating line can be: every name (the link stands for the host), a
    # long date line and two words; or the headline again.
    longest = max(sum(map(len, (*meta.authors, meta.outlet, meta.link))) + 100,
                  len(meta.headline))
    texts = ((line, clean_text(line.text_content()))
             for line in itertools.islice(_lines(body), 4 * _HEAD_LINES))
    lines = list(itertools.islice(((line, text) for line, text in texts if text), _HEAD_LINES))
    restating = [line for line, text in lines
                 if len(text) <= longest and _restates(text, names, meta)]
    if len(restating) < len(lines):  # a body of nothing else is left as it is
        for line in restating:
            line.drop_tree()


def _lines(element):
    """The blocks of `element` holding no other block, top down; lists, tables, figures and
    quotes are the story's and passed over."""
    for child in element:
        if not isinstance(child.tag, str) or child.tag in _PASSED:
            continue
        if child.tag in _LINE_TAGS and not any(
                isinstance(d.tag, str) and (d.tag in _LINE_TAGS or d.tag in _PASSED)
                for d in child.iterdescendants()):
            yield child
        else:
            yield from _lines(child)


def _names_of(meta: PageMeta) -> list[tuple[str, re.Pattern]]:
    """The names a restating line is made of: the authors, the outlet, the site's host; each
    casefolded (a line without it is not searched) and as a pattern."""
    host = (urlsplit(meta.link).hostname or "").removeprefix("www.")
    names = sorted({n for n in (*meta.authors, meta.outlet, host) if len(n) > 1}, key=len,
                   reverse=True)
    return [(n.casefold(), re.compile(("" if _wide(n[0]) else r"(?<!\w)") + re.escape(n)
                                      + ("" if _wide(n[-1]) else r"(?!\w)"), re.IGNORECASE))
            for n in names]


def _restates(text: str, names: list[tuple[str, re.Pattern]], meta: PageMeta) -> bool:
    """Whether a line is the headline, or names and the page's date with at most two other
    words and no sentence."""
    folded = text.casefold()
    if folded == meta.headline.casefold():
        return True
    rest, said = text, False
    for name, pattern in names:
        if name in folded:
            rest, found = pattern.subn(" ", rest)
            said = said or bool(found)
    if re.search(r"\d", rest):
        found = date_lines.read(rest.strip(" |,;:·•-–—/"))
        if found is None or not found.dates or not all(
                _on_the_page_day(d, meta) for d in found.dates):
            return False
        rest, said = found.words, True
    if not said:
        return False
    words = _WORD.findall(rest)
    return not _PROSE.search(rest) and len(words) <= _LEFT_WORDS and not any(
        _wide(word[0]) and len(word) > _CJK_WORD for word in words)


def _on_the_page_day(stated: date_forms.Stated, meta: PageMeta) -> bool:
    """Whether a date line's date is the day the page was published or modified (a day
    either side: the line may be in another zone)."""
    for when in filter(None, (meta.published, meta.modified)):
        for reading in (stated, stated.month_first()):  # "03.02.2024" may be 2 March in the US
            try:
                day = date(reading.year or when.year, reading.month, reading.day)
            except ValueError:
                continue
            if abs(day - when.date()) <= timedelta(days=1):
                return True
    return False


def _wide(character: str) -> bool:
    """A character of a script written without spaces between words (CJK)."""
    return unicodedata.east_asian_width(character) in "WF"


def _drop_layout_tables(body) -> None:
    """Tables an old page is laid out with: one of icons and logos (images, hardly any words)
    goes; one holding the story's paragraphs gives way to its cells' contents. Tables of data
    (words in cells, no paragraphs) stay."""
    for table in reversed(list(body.iter("table"))):
        if table.getparent() is None:
            continue
        if len(clean_text(table.text_content())) < _ICON_TABLE_TEXT and table.find(".//img") \
                is not None:
            table.drop_tree()
        elif table.find(".//p") is not None:
            for cell in table.iter("td", "th"):
                cell.tag = "div"
            for element in list(table.iter("tbody", "thead", "tfoot", "tr", "table")):
                element.drop_tag()


def _inner_html(element) -> str:
    children = "".join(lxml.html.tostring(c, encoding="unicode") for c in element)
    return html.escape(element.text or "", quote=False) + children
