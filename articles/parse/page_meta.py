"""What a saved web page says about itself: headline, dates, byline, outlet, lead image, language.

Each field is read from the most trustworthy place that gives it, in this order:
schema.org JSON-LD (an article node, inside `@graph` or lists; extruct reads it), schema.org
microdata (extruct), Open Graph and `article:*`, Twitter cards, Dublin Core, Parse.ly and
Sailthru meta tags, then the page's own elements (`<time datetime>`, `rel=author`,
`itemprop=author` and byline classes, `<h1>`, `<figure>`), and only then guesses (htmldate's
reading of the URL and the text, the `<title>`, the host name). Every value is plain text,
cleaned of markup. Collecting the statements themselves (meta tags, JSON-LD and microdata
nodes) is `page_statements`'; which date the story was published `page_dates`'; the
lead image and the captions and credits of figures `page_images`'.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from articles.model import Image
from articles.parse import page_dates, page_images
from articles.parse.context import Context
from articles.parse.newswire.bylines import ordinary_case
from articles.parse.page_statements import (
    ARTICLE_TYPES,
    ORGANIZATION_TYPES,
    as_list,
    as_name,
    as_text,
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

_SEPARATORS = re.compile(r"\s+[|–—·•:»«/\\-]{1,2}\s+|\s+::\s+|\s*[|｜]\s*")
_LABEL = r"(?:texte?|interview|fotos?|photos?|bilder|recherche|reportage|kommentar|words)"
_BYLINE_PREFIX = re.compile(
    rf"^(?:by|von|par|por|di|door|av|af|from|de|{_LABEL}(?:\s+(?:und|and|&|et|y)\s+{_LABEL})?|"
    r"autor(?:in)?|author|"
    r"auteur|piše|napisao|yazar|автор|текст|著者|"
    r"written by|reporting by|posted by|escrito por|publié par|a cura di)\s*[:|]?(?:\s+|$)",
    re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?:and|und|et|y|e)\s+|,|;|\s&\s|\s+and\s+|\s+und\s+|"
                         r"\s+et\s+|\s+y\s+|\s+e\s+|"
                         r"\s+og\s+|\s+en\s+|\s+i\s+|\s+\|\s+)\s*", re.IGNORECASE)
_ROLE_AFTER = re.compile(  # "Christoph Hein Chefredakteur", "Ana Ruiz, periodista"
    r"(?:^|\s+)(?:(?:staff|senior|contributing|chief|deputy|special|associate|managing|"
    r"political|politics|culture|science|business|sports?|foreign|national|vice|executive|"
    r"general)\s+)*"
    r"(?:chef)?(?:redakteur(?:in)?|korrespondent(?:in)?|journalist(?:in|e)?|"
    r"reporter(?:in)?|editor|correspondent|columnist|writer|periodista|redactora?|"
    r"rédact(?:eur|rice)|correspondante?|president|director|(?:co-?)?founder|ceo|manager|"
    r"officer|analyst|producer)$|"
    r"\s+(?:twitter|facebook|instagram|linkedin|email|e-mail)$",  # a profile's links
    re.IGNORECASE)
_HANDLE = re.compile(r"\s*@\w+")
_EDGES = " ,;|-–—•·"  # around a name in a byline: "Bruno Campos -", "By Stripe •"
_COMPANY = re.compile(r"\b(?:GmbH|AG|KG|Inc\.?|LLC|Ltd\.?|plc)(?!\w)")
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))", re.IGNORECASE)
_DATE_WORD = re.compile(r"\s+(?:le|am|on|el|den|vom|du|del|il|op|at|à)$", re.IGNORECASE)
_AFFILIATION = re.compile(r"\s+for\s+(?:the\s+)?[A-Z].*$|\s*\(.*\)$", re.IGNORECASE)
_REPORTER = re.compile(r"^[^=]{1,20}=|\s*(?:기자|記者|特派員)$")
_ONE_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ'’.-]+$")  # a Latin-script word alone
_HOST = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?$", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"\b(?:staff|agenc(?:y|ies)|redaktion|redazione|redacci[oó]n|r[ée]daction|newsroom|"
    r"editorial|editors?|desk|team|reports?|news|wire|sports?|ministr(?:y|ies)|admin|"
    r"no author|anonymous|an[oó]nim[oa]|anonyme?|author|unknown|menu|nachrichten|noticias|"
    r"not[ií]cias|nouvelles|actualit[ée]s|notizie|nieuws|nyheter|nyheder|uutiset|haberler|"
    r"новости|"
    r"navigation|skip|login|sign in|subscribe|share|home|english|foto|photos?|image|bild|"
    r"фото|connect|follow|website|contact|read more|see all|view all)\b|συντακτικ|"
    r"^the\s|^\W|/|:$|\w\.(?:com|net|org|ca|de|fr|ch|at|uk|it|es)\b",
    re.IGNORECASE)
# News agencies: a byline naming only one names no person ("Reuters", "PTI"); one after a
# name is its affiliation ("Jill Lawless Associated Press").
_AGENCY = re.compile(
    r"(?:^|\s)(?:the\s+)?(?:reuters|afp|ap|associated press|dpa|apa|efe|ansa|pti|ians|upi|"
    r"xinhua|kyodo|yonhap|tass|ria novosti|interfax|anadolu|bloomberg|keystone-sda|belga|anp|"
    r"ntb|ritzau|stt|pap|mti|agerpres|bernama|antara|aap|canadian press)"
    r"(?:\s+in\s+\w[\w.'’-]*(?:\s+\w[\w.'’-]*){0,2})?$",  # "Associated Press in Valencia"
    re.IGNORECASE)
_BYLINE_TOKEN = re.compile(r"^(?:[\w-]*[-_])?(?:byline|author|autor|auteur|writer|reporter|"
                           r"creator)(?:name)?s?(?:[-_][\w-]*)?$", re.I)  # "authorname"
_WIRE = re.compile(r"\b(?:wire|staff|newsroom|news desk)\b", re.I)
_HIDDEN = re.compile(r"(?:^|\s)(?:hidden|is_blind|(?:[\w-]*[-_])?(?:sr-only|visually-hidden|"
                     r"screen-reader-(?:text|only)))(?=$|\s)", re.I)  # not "field-label-hidden"
_LOGO = re.compile(r"(?:^|[\s_-])logo(?:$|[\s_-])", re.I)
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "metaInfoAuthorList": meta-Info-Author-List
_NOT_BYLINE_CLASS = re.compile(  # not a class denying it: "hasnt-bio", "no-comments"
    r"(?<!hasnt-)(?<!no-)(?<!not-)(?:comment|avatar|bio\b|related|footer|about-the|share|social)",
    re.I)
_LEGAL_FORM = re.compile(r"\b(?:GmbH|AG|S\.?L\.?|S\.?A\.?|Inc\.?|LLC|Ltd\.?|plc|Verlag\w*|"
                         r"Media Group|Corporation|Company)\b|&\s*Co\b")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")
_LINK_TARGETS = etree.XPath(".//a/@href")
_BYLINE_CANDIDATES = etree.XPath(  # what may hold a byline: an author link, item or class
    './/a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'
    '|.//a[contains(@href, "/aut")]'
    '|.//*[@itemprop="author"]|.//*[@class or @id][not(self::body or self::html)]')
# a link to a writer's page ("/author/jane-doe/", "/autoren/name/max-kolter"), or to the
# site's own account ("/author/admin/"), whose display name is no byline
_AUTHOR_PATH = r"/(?:authors?|autor(?:en|es|e|i)?|auteurs?)/"
_AUTHOR_PAGE = re.compile(_AUTHOR_PATH + r"[^/?#]", re.I)
_SITE_ACCOUNT = re.compile(_AUTHOR_PATH + r"(?:admin|administrator|webmaster)/?(?=$|[?#\s])", re.I)
_ITEMPROP_NAMES = etree.XPath('.//*[@itemprop="name"]')


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


def read(doc, context: Context) -> PageMeta:
    """The page's statements about itself, each from the most trustworthy source giving it."""
    meta = meta_tags(doc)
    nodes = structured_nodes(doc)
    article = next((n for n in nodes if node_types(n) & ARTICLE_TYPES and n.get("headline")),
                   None) or next((n for n in nodes if node_types(n) & ARTICLE_TYPES), {})
    link = _link(doc, meta, article)
    h1 = _h1(doc)
    outlet = _outlet(doc, meta, nodes, article, link, h1)
    headline = _headline(doc, meta, article, outlet, h1)
    outlets = {squash(_AFFILIATION.sub("", n)) for n in (
        outlet, *_outlet_candidates(meta, nodes, article), urlsplit(link).hostname or "") if n}
    authors = tuple(_authors(doc, meta, article, outlets))
    modified = page_dates.first_date([*as_list(article.get("dateModified")),
                            *meta_all(meta, "article:modified_time", "og:updated_time",
                                  "og:article:modified_time", "dcterms.modified",
                                  "last-modified")], context)
    published, guessed = page_dates.published(
        doc, meta, article, link, context, modified, headline, (*authors, outlet))
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

def _link(doc, meta: dict[str, list[str]], article: dict) -> str:
    """The page's own absolute URL: canonical link, og:url, the article's url."""
    canonical = [e.get("href", "").strip() for e in doc.iter("link")
                 if "canonical" in (e.get("rel") or "").lower().split()]
    candidates = [*canonical, *meta_all(meta, "og:url"), *as_list(article.get("url"))]
    return next((u for u in candidates if isinstance(u, str) and is_absolute_http(u)), "")


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
    label = squash(host.split(".")[-2] if host.count(".") >= 1 else host)
    title = as_text(doc.findtext(".//title") or "")
    title_parts = [p for p in _SEPARATORS.split(title)[1:] if 2 <= len(p) <= 40 and ">" not in p
                   ] if not h1 or squash(h1) != squash(title) else []
    headlines = {squash(t) for t in (title, *meta_all(meta, "og:title", "twitter:title"))
                 if len(t.split()) >= 3}
    candidates = []
    for candidate in [*_outlet_candidates(meta, nodes, article), *reversed(title_parts)]:
        candidate = _SEPARATORS.split(candidate)[0].strip(" /").removeprefix("www.")
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


def _outlet_candidates(meta, nodes: list[dict], article: dict) -> list[str]:
    publisher = [as_name(p) for p in as_list(article.get("publisher"))
                 if not (isinstance(p, dict) and "Person" in node_types(p))]  # a blogger
    websites = [as_text(n.get("name")) for n in nodes if node_types(n) & {"WebSite"}]
    organizations = [as_text(n.get("name")) for n in nodes
                     if _organization(n) and n is not article]
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
    return ""


def _without_site(title: str, names: set[str], h1: str) -> str:
    """`title` less a site name before or after a separator ("Story | Site", "Site: Story"),
    or after it in parentheses ("Story (Site)"), and less a separator left at its end where
    a template had no site name to give ("Story -")."""
    title = _BARE_SEPARATOR.sub("", title)
    if (site := _SITE_IN_PARENTHESES.search(title)) and squash(site[1]) in map(squash, names):
        title = title[: site.start()]
    if not title:
        return ""
    parts = _SEPARATORS.split(title)
    if len(parts) == 1:
        return _without_joined_site(title, names) if title.casefold() not in names else ""
    if h1 and squash(h1) in map(squash, parts):  # "Story | Section | Site" where the page's
        return h1  # <h1> is the story (its apostrophes and case may be the page's own)
    while len(parts) > 1 and _is_site(parts[-1], names):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], names):
        parts.pop(0)
    if len(parts) == 1:
        return parts[0]
    separators = _SEPARATORS.findall(title)
    kept = title
    for name in names:  # cut at the separator before or after a known name, keeping the rest
        for sep in separators:
            if kept.casefold().endswith((sep + name).casefold()):
                kept = kept[: -len(sep + name)]
            if kept.casefold().startswith((name + sep).casefold()):
                kept = kept[len(name + sep):]
    return kept.strip()


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


def _h1(doc) -> str:
    """The first `<h1>` with text that is not in a menu nor the site's logo (a heading
    linking to the home page, or classed as a logo), nor Google Translate's box ("Original
    text") that a page saved from a translating browser holds."""
    for h1 in doc.iter("h1"):
        if _LOGO.search(f"{h1.get('class', '')} {h1.get('id', '')}") or any(
                a.tag in ("nav", "aside", "footer") or a.get("id") == "goog-gt-tt"
                for a in h1.iterancestors()) or any(
                urlsplit(href.strip()).path in ("", "/") and not urlsplit(href.strip()).query
                for href in _LINK_TARGETS(h1) if not href.strip().startswith("#")):
            continue
        if text := clean_text(h1.text_content()):
            return text
    return ""


def _authors(doc, meta, article: dict, outlets: set[str]) -> list[str]:
    """People named as authors: the article node's author, the meta tags, then bylines
    marked in the page. Organizations, the outlet among them, are not people."""
    stated = article.get("author") or article.get("creator")
    people = _not_outlets(_people(stated), outlets)
    if people or _agency_only([as_name(v) if isinstance(v, dict) else v for v in as_list(stated)]):
        return people
    for keys in (("author", "article:author"), ("parsely-author",), ("sailthru.author",),
                 ("dc.creator", "dcterms.creator"), ("byl", "byline"), ("cxenseparse:author",)):
        values = [v for v in meta_all(meta, *keys) if not _outlets_own(v, outlets)]
        names = _not_outlets([n for value in values for n in _split_names(value)
                              if not is_absolute_http(n)], outlets)
        if names or _agency_only(meta_all(meta, *keys)):
            return names
    return _not_outlets(_marked_bylines(doc), outlets)


def _outlets_own(value: str, outlets: set[str]) -> bool:
    """Whether an author value is the outlet's label, led by its name: "hessenschau.de,
    Frankfurt, Germany" names a place after it, not people."""
    first = _NAME_SPLIT.split(clean_text(value), maxsplit=1)[0]
    return squash(first) in outlets and first != clean_text(value)


def _agency_only(values: list) -> bool:
    """Whether a byline names a news agency and no one else ("Reuters", "AP", "AFP"): then
    the page names no person, and what else it calls an author is not looked for."""
    parts = [_BYLINE_PREFIX.sub("", part).strip(" ,;|") for value in values
             if isinstance(value, str) for part in _NAME_SPLIT.split(clean_text(value))]
    return any(_AGENCY.fullmatch(part) for part in parts) and not any(
        _split_names(part) for part in parts)


def _not_outlets(names, outlets: set[str]) -> list[str]:
    """`names` without the outlet: neither alone ("CNN") nor after a name ("Finian
    Cunningham. Sputnik International")."""
    people = []
    for name in names:
        if squash(name) in outlets:
            continue
        words = name.split()
        if any(squash(" ".join(words[:k])) in outlets for k in range(1, len(words))) and \
                len(words) <= 3:  # the outlet's desk: "CNN Business", "BBC News Online"
            continue
        tail = next((k for k in range(1, len(words)) if squash(" ".join(words[k:])) in outlets),
                    None)
        if tail is not None:
            name = " ".join(words[:tail]).strip(" .,;|-–—")
        head = next((k for k in range(1, len(words) - 1) if words[k] in ("-", "–", "—", "|")
                     and squash(" ".join(words[:k])) in outlets), None)
        if head is not None:  # "unocero - Alberto Ávila"
            name = " ".join(words[head + 1:])
        if name and squash(name) not in outlets:
            people.append(name)
    return list(unique(people))


def _organization(node: dict) -> bool:
    """Whether a schema.org node is an organization's; one typed both Person and
    Organization (as a one-person site's SEO plugin types its owner) is a person's."""
    types = node_types(node)
    return bool(types & ORGANIZATION_TYPES) and "Person" not in types


def _people(value) -> list[str]:
    names: list[str] = []
    for item in as_list(value):
        if isinstance(item, dict):
            if _organization(item) or _SITE_ACCOUNT.search(
                    f"{item.get('url') or ''} {item.get('@id') or ''}"):
                continue
            names.extend(_split_names(as_name(item)))
        elif isinstance(item, str) and not is_absolute_http(item.strip()):
            names.extend(_split_names(as_text(item)))
    return list(unique(names))


def _marked_bylines(doc) -> tuple[str, ...]:
    """Names in `rel=author` links, `itemprop=author` elements or byline-classed elements,
    the first in page order that holds only names (not a date, a bio or a menu)."""
    h1 = next(doc.iter("h1"), None)
    scope = next((a for a in h1.iterancestors("article", "main")), doc) if h1 is not None else doc
    candidates = _BYLINE_CANDIDATES(scope)
    for element in candidates[:5000]:
        marked = ((element.tag == "a" and ("author" in (element.get("rel") or "")
                                            or _AUTHOR_PAGE.search(element.get("href", ""))))
                  or element.get("itemprop") == "author"
                  or any(_BYLINE_TOKEN.match(_CAMEL_CASE.sub("-", token)) for token in
                         f"{element.get('class', '')} {element.get('id', '')}".split()))
        if not marked or any(_SITE_ACCOUNT.search(a.get("href", "")) for a in element.iter("a")) \
                or any(a.tag in ("nav", "footer", "aside") or _NOT_BYLINE_CLASS.search(
                    f"{a.get('class', '')} {a.get('id', '')}")
                for a in element.iterancestors() if a.tag not in ("body", "html")):
            continue  # (the page's own classes, "inline-comments", say what it has, not where)
        if element.get("itemprop") == "author":
            named = _ITEMPROP_NAMES(element)
            text = (named[0].get("content") or named[0].text_content()) if named else (
                element.get("content") or element.text_content())
        else:  # blocks apart: "<div>By Jill Lawless</div><div>Associated Press</div>"
            text = " ".join(_shown_text(element))
        dated = bool(re.search(r"\d", text))
        if dated:  # the names before the date: "<b>Patricio Candia</b> | Palma | 08/01/2014"
            pieces = itertools.takewhile(lambda piece: not re.search(r"\d", piece),
                                         _shown_text(element))
            text = _DATE_WORD.sub("", _SEPARATORS.split(" ".join(pieces).strip(" |"))[0])
        text = clean_text(text)
        if not text or len(text) > 100 or re.search(r"\d|@|https?:", text):
            continue
        names = [n for n in _split_names(text) if _written_as_name(n)]
        credit = _BYLINE_PREFIX.sub("", text)
        if not names and (_AGENCY.search(credit) or _WIRE.search(credit)):
            return ()  # the byline credits a wire or a desk ("By: CNN Wire"), no person
        parts = [p for p in _NAME_SPLIT.split(credit) if p.strip()]
        if names and not (dated and len(names) < len(parts)):  # a dated line: names only
            return unique(names)
    return ()


def _written_as_name(name: str) -> bool:
    """Whether a page prints `name` as a name: its first and last words capitalized, where
    its script has capitals ("Ursula von der Leyen"; not a kicker, "Olvasói szavazás")."""
    words = name.split()
    return all(not w[0].islower() for w in (words[0], words[-1]))


def _shown_text(element) -> Iterator[str]:
    """The text of `element` as a reader sees it: without what is there for screen readers
    only ("<span class="u-visually-hidden">capital</span> von Jemima Kelly")."""
    if not isinstance(element.tag, str) or _HIDDEN.search(element.get("class") or ""):
        return  # a comment, or hidden
    if element.text:
        yield element.text
    for child in element:
        yield from _shown_text(child)
        if child.tail:
            yield child.tail


def _split_names(value: str) -> list[str]:
    """The people a byline value names: without labels ("Interview:"), roles after a name
    ("Chefredakteur"), handles ("@wperdomod"); none in a company's name or address
    ("Olympia-Verlag GmbH, Nürnberg, Germany", "Copyright Haufe-Lexware GmbH")."""
    value = _BYLINE_PREFIX.sub("", clean_text(value)).strip(" ,;|")
    value = _AFFILIATION.sub("", value)
    if not value or len(value) > 120 or _COMPANY.search(value) or _COPYRIGHT.match(value):
        return []
    names = []
    parts = _NAME_SPLIT.split(value)
    for i, part in enumerate(parts):
        part = _REPORTER.sub("", _BYLINE_PREFIX.sub("", part)).strip(_EDGES)
        part = _HANDLE.sub("", part).strip(_EDGES)
        if (role := _ROLE_AFTER.search(part)) and len(part[: role.start()].split()) != 1:
            part = part[: role.start()].strip(_EDGES)  # not "Rasender Reporter", a pen name
            if not part and i == len(parts) - 2:  # "Brian Stevens, Vice President, Google
                break  # Cloud": the role's organization ends the byline
        if (person := _AGENCY.sub("", part).strip(_EDGES)) != part:
            part = person if len(person.split()) > 1 else ""  # "Agencia EFE" names none
        if (part and len(part.split()) <= 5 and not part.isdigit() and not _HOST.match(part)
                and not _NOT_A_NAME.search(part)):
            names.append(part)
    if any(len(name.split()) > 1 for name in names):  # "Victor Tangermann, Futurism": a
        names = [n for n in names if not _ONE_WORD.match(n)]  # partner, a place, not a person
    # "By JEFFREY GETTLEMAN", as the Times' byline tag gives it (one word may be an acronym)
    return [ordinary_case(n) if " " in n else n for n in names]


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


