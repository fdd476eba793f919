"""What a saved web page says about itself: headline, dates, byline, outlet, lead image, language.

Each field is read from the most trustworthy place that gives it, in this order:
schema.org JSON-LD (an article node, inside `@graph` or lists; extruct reads it), schema.org
microdata (extruct), Open Graph and `article:*`, Twitter cards, Dublin Core, Parse.ly and
Sailthru meta tags, then the page's own elements (`<time datetime>`, `rel=author`,
`itemprop=author` and byline classes, `<h1>`, `<figure>`), and only then guesses (htmldate's
reading of the URL and the text, the `<title>`, the host name). Every value is plain text,
cleaned of markup. Collecting the statements themselves (meta tags, JSON-LD and microdata
nodes) is `page_statements`'; which date the story was published `page_dates`'; who wrote
it `page_bylines`'; the lead image and the captions and credits of figures `page_images`'.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from articles.model import Image
from articles.parse import page_bylines, page_date_values, page_dates, page_images
from articles.parse.context import Context
from articles.parse.page_statements import (
    ARTICLE_TYPES,
    SEPARATORS,
    as_list,
    as_name,
    as_text,
    is_organization,
    keywords,
    meta_all,
    meta_first,
    meta_tags,
    node_types,
    squash,
    structured_nodes,
    unique,
)
from articles.sanitize import clean_text, is_absolute_http

_LOGO = re.compile(r"(?:^|[\s_-])logo(?:$|[\s_-])", re.I)
# hAtom's time of the last change, as WordPress themes mark it beside the published one:
# `<time class="entry-date published" …><time class="updated" datetime="…">`
_UPDATED_TIMES = etree.XPath('//time[contains(concat(" ", normalize-space(@class), " "), '
                             '" updated ")][not(ancestor::nav or ancestor::aside or '
                             'ancestor::footer)]/@datetime')
_LEGAL_FORM = re.compile(r"\b(?:GmbH|AG|S\.?L\.?|S\.?A\.?|Inc\.?|LLC|Ltd\.?|plc|Verlag\w*|"
                         r"Media Group|Corporation|Company)\b|&\s*Co\b")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_LINK_TARGETS = etree.XPath(".//a/@href")


@dataclass(frozen=True)
class PageMeta:
    headline: str
    published: datetime | None
    modified: datetime | None
    guessed: bool  # `published` is htmldate's reading of the page's text, stated nowhere
    authors: tuple[str, ...]
    outlet: str
    image: Image | None
    language: str
    link: str
    description: str
    tags: tuple[str, ...]
    logos: frozenset[str] = frozenset()  # the site's logo images: never a story's picture
    text: str = ""  # the story's text as the article node states it (`articleBody`)


def read(doc, context: Context, address: str = "") -> PageMeta:
    """The page's statements about itself, each from the most trustworthy source giving it.
    `address`: where the page was saved from, as its saved file says (the last word on its
    link)."""
    meta = meta_tags(doc)
    nodes = structured_nodes(doc)
    article = next((n for n in nodes if node_types(n) & ARTICLE_TYPES and n.get("headline")),
                   None) or next((n for n in nodes if node_types(n) & ARTICLE_TYPES), {})
    link = _link(doc, meta, article, address)
    h1 = _heading(doc)
    outlet = _outlet(doc, meta, nodes, article, link, h1)
    headline = _headline(doc, meta, article, outlet, h1)
    outlets = {squash(page_bylines.AFFILIATION.sub("", n)) for n in (
        outlet, *_outlet_candidates(meta, nodes, article), urlsplit(link).hostname or "") if n}
    authors = tuple(page_bylines.authors(doc, meta, article, outlets))
    modified = page_date_values.first_date([*as_list(article.get("dateModified")),
                            *meta_all(meta, "article:modified_time", "og:updated_time",
                                  "og:article:modified_time", "dcterms.modified",
                                  "last-modified"), *_UPDATED_TIMES(doc)], context)
    published, guessed = page_dates.published(
        doc, meta, article, link, context, modified, headline, (*authors, outlet))
    if modified is None and published is not None:  # on the clock of the publication's
        modified = page_dates.line_update(doc, meta, article, headline, (*authors, outlet),
                                          replace(context, tz=published.tzinfo))
    return PageMeta(
        headline=headline,
        published=published,
        modified=modified,
        guessed=guessed,
        authors=authors,
        outlet=outlet,
        image=page_images.declared(doc, meta, article, link,
                                    logos := page_images.logos(nodes, article, link)),
        language=_language(doc, meta, article),
        link=link,
        description=as_text(article.get("description")) or meta_first(
            meta, "og:description", "description", "twitter:description", "dc.description"),
        tags=unique([*meta_all(meta, "article:tag"), *keywords(article.get("keywords"))]),
        logos=frozenset(logos),
        text=next((t for t in as_list(article.get("articleBody")) if isinstance(t, str)), ""),
    )


# --- fields --------------------------------------------------------------------------------

def _link(doc, meta: dict[str, list[str]], article: dict, address: str) -> str:
    """The page's own absolute URL: canonical link, og:url, the article's url, the address
    it was saved from (Save Page WE's `savepage-url`, else the saved file's own)."""
    canonical = [e.get("href", "").strip() for e in doc.iter("link")
                 if "canonical" in (e.get("rel") or "").lower().split()]
    candidates = [*canonical, *meta_all(meta, "og:url"), *as_list(article.get("url")),
                  *meta_all(meta, "savepage-url"), address]  # Save Page WE's note
    return next((_ARCHIVED.sub("", u) for u in candidates
                 if isinstance(u, str) and is_absolute_http(u)), "")


# The Wayback Machine's address of a page it archived, before the page's own: a page saved
# from it links to its copy ("https://web.archive.org/web/20190112101258/https://…").
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/\d{4,14}(?:[a-z]{2}_)?/(?=https?://)")


def _outlet(doc, meta, nodes: list[dict], article: dict, link: str, h1: str) -> str:
    """The site's name: og:site_name, the publisher, the application name, Dublin Core and
    Parse.ly publishers, a WebSite or Organization node, then the end of the <title>; the
    first of them naming the host ("Reuters" on reuters.com) before one that does not (a
    section such as "U.S.", the paper a story was syndicated from), a company's legal name
    last and without its legal form; else the host name. The story's headline, which a
    template may give as the site's name ("Story | Site" as og:site_name, the headline as
    the application name), is none; nor is the end of a `<title>` that the `<h1>` repeats
    whole ("“Only One” Lyrics : PJ Morton", a headline with a separator in it)."""
    host = (urlsplit(link).hostname or "").removeprefix("www.")
    label = squash(_site_label(host))
    title = as_text(doc.findtext(".//title") or "")
    headlines = {squash(t) for t in (title, *meta_all(meta, "og:title", "twitter:title"))
                 if len(t.split()) >= 3}
    social = [t for t in map(squash, meta_all(meta, "og:title", "twitter:title"))
              if t != squash(title)]  # a social headline without the <title>'s site name
    title_parts = [p for p in SEPARATORS.split(title)[1:] if 2 <= len(p) <= 40 and ">" not in p
                   and not (len(p.split()) >= 3 and any(squash(p) in t for t in social))
                   ] if not h1 or squash(h1) != squash(title) else []  # not the headline's end
    candidates = []
    for candidate in [*_outlet_candidates(meta, nodes, article), *reversed(title_parts)]:
        candidate = SEPARATORS.split(candidate)[0].strip(" /").removeprefix("www.")
        if (candidate and len(candidate) <= 80 and not is_absolute_http(candidate)
                and squash(candidate) not in headlines):
            candidates.append(candidate)
    naming_host = [c for c in candidates if (len(label) >= 3 and label in squash(c))
                   or squash(host) == squash(c)]
    pool = sorted(naming_host or candidates, key=lambda c: bool(_LEGAL_FORM.search(c)))
    if not pool:
        return host
    first = pool[0]
    if first == first.lower() and " " not in first:  # "usatoday": "USA TODAY" if given
        first = next((c for c in pool[1:] if squash(c) == squash(first)
                      and not (c == c.lower() and " " not in c)), first)
    return _LEGAL_FORM.sub("", first).strip(" ,") or first


def _site_label(host: str) -> str:
    """The name in a host: "otempo" of www.otempo.com.br, "bbc" of news.bbc.co.uk."""
    labels = host.split(".")
    if len(labels) > 2 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        labels = labels[:-1]
    return labels[-2] if len(labels) > 1 else host


# The second-level domains of countries' registries: "com" in .com.br, "co" in .co.uk.
_SECOND_LEVEL = frozenset(("com", "co", "org", "net", "gov", "ac", "edu", "or", "ne", "go",
                           "gob", "nic", "info", "biz"))


def _outlet_candidates(meta, nodes: list[dict], article: dict) -> list[str]:
    publisher = [as_name(p) for p in as_list(article.get("publisher"))
                 if not (isinstance(p, dict) and "Person" in node_types(p))]  # a blogger
    websites = [as_text(n.get("name")) for n in nodes if node_types(n) & {"WebSite"}]
    organizations = [as_text(n.get("name")) for n in nodes
                     if is_organization(n) and n is not article]
    return [c for c in (*meta_all(meta, "og:site_name"), *publisher,
                        *meta_all(meta, "application-name", "apple-mobile-web-app-title",
                              "dc.publisher", "dcterms.publisher", "publisher",
                              "parsely-publisher"), *websites, *organizations) if c]


def _headline(doc, meta, article: dict, outlet: str, h1: str) -> str:
    """The story's own headline, without the site's name around it."""
    structured = [as_text(article.get("headline")), as_text(article.get("name"))]
    og = meta_all(meta, "og:title", "twitter:title")
    candidates = [*structured, *og, *meta_all(meta, "dc.title", "dcterms.title", "parsely-title",
                                          "sailthru.title", "title", "headline"),
                  h1, as_text(doc.findtext(".//title") or "")]
    names = {n.casefold() for n in (outlet, *meta_all(meta, "og:site_name")) if n}
    if squash(h1) in map(squash, names):  # the site's logo: "매일 경제" for 매일경제
        h1 = ""
    titles = [t for t in (_without_site(c, names, h1) for c in candidates) if t]
    social = next((t for t in (_without_site(c, names, h1) for c in og) if t), "")
    if h1 and h1.casefold() in (social.casefold(), as_text(article.get("name")).casefold()):
        return h1  # og:title or the structured name and the <h1> agree: over a lone structured
        # headline that says otherwise (a lead, or a description, marked as headline)
    for i, title in enumerate(titles):
        stem = title.rstrip(".… ")
        if stem != title:  # "… should be essential reading for Hong Kong leader..." cut short
            title = next((t for t in titles[i + 1:] if t.startswith(stem)), title)
        else:  # a meta value cut at its first quote mark: '…Biden de "incapacitado"'
            title = next((t for t in (h1, titles[-1]) if t.startswith(title)
                          and _OPENING_QUOTE.match(t[len(title):])), title)

        # a marked-up headline that took in a kicker and the page's own buttons
        inner = next((t for t in og if len(t) >= 10 and t in title
                      and not title.startswith(t)), "")
        if (not inner and h1 and _AFTER_HEADING.match(title[len(h1):])
                and squash(title[: len(h1)]) == squash(h1)):
            return h1  # the <h1> and a note after it: "… Bombings (Published 2016)"
        return inner or title
    # Nothing names the story but its heading, one level down: a theme whose <h1> is the
    # site's logo, under a <title> that is the site's name alone
    return "" if h1 else _without_site(_heading(doc, "h2"), names, "")


def _without_site(title: str, names: set[str], h1: str) -> str:
    """`title` less a site name before or after a separator ("Story | Site", "Site: Story"),
    or after it in parentheses ("Story (Site)"), and less a separator left at its end where
    a template had no site name to give ("Story -")."""
    title = _BARE_SEPARATOR.sub("", title)
    if (site := _SITE_IN_PARENTHESES.search(title)) and squash(site[1]) in map(squash, names):
        title = title[: site.start()]
    if not title:
        return ""
    parts = SEPARATORS.split(title)
    if len(parts) == 1:
        return _without_joined_site(title, names) if title.casefold() not in names else ""
    if h1 and squash(h1) in map(squash, parts):  # "Story | Section | Site" where the page's
        return h1  # <h1> is the story (its apostrophes and case may be the page's own)
    site_last = len(parts) > 1 and _is_site(parts[-1], names)
    while len(parts) > 1 and _is_site(parts[-1], names):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], names):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0]
    if site_last and all(len(p) <= _SECTION_NAME and 2 * len(p) <= len(parts[0])
                         for p in parts[1:]):
        return parts[0]  # "Story | Section | Subsection | Site": the site's sections after it
    separators = SEPARATORS.findall(title)
    kept = title
    for name in names:  # cut at the separator before or after a known name, keeping the rest
        for sep in separators:
            if kept.casefold().endswith((sep + name).casefold()):
                kept = kept[: -len(sep + name)]
            if kept.casefold().startswith((name + sep).casefold()):
                kept = kept[len(name + sep):]
    return kept.strip()


_SECTION_NAME = 16  # characters: the longest a section's name in a <title> is taken to be
_BARE_SEPARATOR = re.compile(r"\s+[|–—·•:»/\\-]+$")
_SITE_IN_PARENTHESES = re.compile(r"\s+\(([^()]{2,60})\)$")
_OPENING_QUOTE = re.compile(r"\s*[\"“”„«»'‘’‚]\w")
_AFTER_HEADING = re.compile(r"\s+\([^()]{2,40}\)$")  # a note in parentheses after a headline
_JOINER = r"\s*[|｜:：\-–—·•/»«\\]+\s*"  # punctuation joining a site's name on
_JOINED_END = re.compile(_JOINER + "$")
_JOINED_START = re.compile(_JOINER)


def _without_joined_site(title: str, names: set[str]) -> str:
    """`title` less a known site name joined on by punctuation the separators don't split
    at ("台風7号、東海に上陸の恐れ：朝日新聞デジタル"); a name joined by a space stays, as in
    "Readers write to The Guardian"."""
    folded = title.casefold()
    for name in names:
        if len(title) <= len(name):
            continue
        end = folded.endswith(name) and _JOINED_END.search(title[: -len(name)])
        if end and end.start() > 0:
            return title[: end.start()].strip()
        start = folded.startswith(name) and _JOINED_START.match(title, len(name))
        if start and start.end() < len(title):
            return title[start.end():].strip()
    return title


def _is_site(part: str, names: set[str]) -> bool:
    folded = part.casefold().strip()
    return any(folded == n or folded.removeprefix("www.") == n.removeprefix("www.")
               or (len(n) > 3 and folded.replace(" ", "") == n.replace(" ", "")) for n in names)


def _heading(doc, tag: str = "h1") -> str:
    """The first `<h1>` (or `tag`) with text that is not in a menu nor the site's logo (a
    heading linking to the home page, or classed as a logo), nor Google Translate's box
    ("Original text") that a page saved from a translating browser holds."""
    for h1 in doc.iter(tag):
        if _LOGO.search(f"{h1.get('class', '')} {h1.get('id', '')}") or any(
                a.tag in ("nav", "aside", "footer") or a.get("id") == "goog-gt-tt"
                for a in h1.iterancestors()) or any(
                urlsplit(href.strip()).path in ("", "/") and not urlsplit(href.strip()).query
                for href in _LINK_TARGETS(h1) if not href.strip().startswith("#")):
            continue
        if text := clean_text(h1.text_content()):
            return text
    return ""


def _language(doc, meta, article: dict) -> str:
    for value in (doc.get("lang"), doc.get("{http://www.w3.org/XML/1998/namespace}lang"),
                  *as_list(article.get("inLanguage")), meta_first(meta, "og:locale"),
                  meta_first(meta, "content-language"), meta_first(meta, "dc.language"),
                  meta_first(meta, "language")):
        if isinstance(value, str) and (code := _language_tag(value)):
            return code
    return ""


def _language_tag(value: str) -> str:
    """A BCP 47 tag in its usual case ("en-GB", "pt-BR", "zh-Hant-TW"), or ""."""
    value = value.strip().replace("_", "-").split(",")[0].strip()
    if not _LANGUAGE.match(value):
        return ""
    first, *rest = value.split("-")
    return "-".join([first.lower(), *(
        p.upper() if len(p) == 2 else p.title() if len(p) == 4 else p for p in rest)])


