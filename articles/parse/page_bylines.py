"""Who wrote a saved page's story: the people its article node, its meta tags or its marked
bylines name (`rel=author` links, `itemprop=author`, byline classes, links to a writer's
page), the most trustworthy first; not the outlet, a news agency, a desk, the site's own
account or the words around a name (labels, roles, handles, what only screen readers get).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator

from lxml import etree

from articles.parse.newswire import bylines, date_lines
from articles.parse.newswire.bylines import ordinary_case
from articles.parse.page_date_lines import lines_near
from articles.parse.page_statements import (
    SEPARATORS,
    as_list,
    as_name,
    as_text,
    is_organization,
    meta_all,
    squash,
    unique,
)
from articles.sanitize import clean_text, is_absolute_http

_LABEL = r"(?:texte?|interview|fotos?|photos?|bilder|recherche|reportage|kommentar|words)"
_BYLINE_PREFIX = re.compile(
    rf"^(?:by|von|par|por|di|door|av|af|from|de|{_LABEL}(?:\s+(?:und|and|&|et|y)\s+{_LABEL})?|"
    r"autor(?:in|i|e|es|ka|s|ius)?|author|(?:ein\s+)?(?:artikel|beitrag)\s+von|"
    r"auteur|piše|napisao|yazar|yazan|автор|текст|著者|szerző|oleh|penulis|γράφει(?:\s+[οη])?|"
    r"מאת|بقلم|كتب|كتبت|إعداد|लेखक|作者|撰文|文|"
    r"written by|reporting by|posted by|escrito por|publié par|a cura di)"
    r"\s*(?:[:|：]\s*|[/／]\s*|\s+|$)|"
    r"^(?:[\u4e00-\u9fff]{1,6}(?:快訊|快讯)\s*[／/]|(?:本报|本報)?(?:特约)?(?:记者|記者))\s*[:：/／]?\s*",
    re.IGNORECASE)  # Chinese: "記者林宸誼", "上報快訊／范姜佳鈺"
# After a Chinese name, the reporter's place: "記者林宸誼／台北報導"
_REPORTED_FROM = re.compile(r"\s*[／/]\s*[\u4e00-\u9fff]{0,4}(?:報導|报道)$")
# After a name in a script without capitals, the place: "حسام أبو العلا - القاهرة"
_PLACE_AFTER = re.compile(r"^(?P<name>\S+(?:\s\S+)+?)\s+[-–]\s+\S+(?:\s\S+)?$")
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
# Where a writer reports from, after the name or the role: "in Kyiv", "à Kiev", "aus Berlin".
_PLACE = r"\s+(?:in|à|aus|en|em|a)\s+(?=[^\W\d_])[\w'’.-]+(?:[\s-][\w'’.-]+){0,2}"
# After a name and a comma, the writer's beat, role and place: ", Industry Correspondent",
# ", Middle East Editor", ", Transport Correspondents" (of the names before), ", envoyée
# spéciale à Kiev", ", Korrespondentin in Brüssel"; up to the next name.
_BEAT_ROLE = re.compile(
    r",\s*(?:[^\W\d][\w&'’.-]*\s+){0,4}?(?:redakteur(?:in)?|korrespondent(?:in)?|"
    r"journalist(?:in|e)?|reporter(?:in)?|editor|correspondent|columnist|writer|periodista|"
    r"redactora?|rédact(?:eur|rice)|correspondante?|corresponsal|envoyée?|enviad[oa]|"
    r"inviat[oa])s?(?:\s+(?:sp[ée]ciale?|speciale|especial))?"
    rf"(?:{_PLACE})?(?=\s*(?:[,;|]|$|\s(?:and|und|et|y)\s))",
    re.IGNORECASE)
_NAME_IN_PLACE = re.compile(rf"(?<=\w){_PLACE}$")  # "Jane Doe in Kyiv"
_HANDLE = re.compile(r"\s*@\w+")
_EDGES = " ,;|-–—•·"  # around a name in a byline: "Bruno Campos -", "By Stripe •"
_COMPANY = re.compile(r"\b(?:GmbH|AG|KG|Inc\.?|LLC|Ltd\.?|plc)(?!\w)")
_COPYRIGHT = re.compile(r"^(?:copyright|©|\(c\))", re.IGNORECASE)
_DATE_WORD = re.compile(r"\s+(?:le|am|on|el|den|vom|du|del|il|op|at|à)$", re.IGNORECASE)
AFFILIATION = re.compile(r"\s+for\s+(?:the\s+)?[A-Z].*$|\s*\(.*\)$", re.IGNORECASE)
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
    r"фото|connect|follow|website|contact|read more|see all|view all|developed by|"
    r"designed by|powered by)\b|συντακτικ|^name$|"
    r"^the\s|^\W|/|:$|\w\.(?:com|net|org|ca|de|fr|ch|at|uk|it|es)\b|"
    r"^(?:null|undefined|none|nan|false|true)$",  # a template's empty value: content="null"
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
                           r"penulis|creator)(?:name)?s?(?:[-_][\w-]*)?$", re.I)  # "authorname"
_WIRE = re.compile(r"\b(?:wire|staff|newsroom|news desk)\b", re.I)
_HIDDEN = re.compile(r"(?:^|\s)(?:hidden|is_blind|(?:[\w-]*[-_])?(?:sr-only|visually-hidden|"
                     r"screen-reader-(?:text|only)))(?=$|\s)", re.I)  # not "field-label-hidden"
_SECTION = re.compile(r"categor|section|rubri|kicker|topic", re.I)  # a byline block's parts
_CAMEL_CASE = re.compile(r"(?<=[a-z])(?=[A-Z])")  # "metaInfoAuthorList": meta-Info-Author-List
_NOT_BYLINE_CLASS = re.compile(  # not a class denying it: "hasnt-bio", "no-comments"
    r"(?<!hasnt-)(?<!no-)(?<!not-)(?:comment|avatar|bio\b|related|footer|about-the|share|social)",
    re.I)
_BYLINE_CANDIDATES = etree.XPath(  # what may hold a byline: an author link, item or class
    './/a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'
    '|.//a[contains(@href, "/aut") or contains(@href, "/redaktion/") or '
    'contains(@href, "/penulis/")]'
    '|.//*[@itemprop="author"]|.//*[@class or @id][not(self::body or self::html)]')
# a link to a writer's page ("/author/jane-doe/", "/autoren/name/max-kolter"), or to the
# site's own account ("/author/admin/"), whose display name is no byline
_AUTHOR_PATH = r"/(?:authors?|autor(?:en|es|e|i)?|auteurs?|redaktion|penulis)/"
_AUTHOR_PAGE = re.compile(_AUTHOR_PATH + r"[^/?#]", re.I)
_SITE_ACCOUNT = re.compile(_AUTHOR_PATH + r"(?:admin|administrator|webmaster)/?(?=$|[?#\s])", re.I)
_ITEMPROP_NAMES = etree.XPath('.//*[@itemprop="name"]')


def authors(doc, meta, article: dict, outlets: set[str]) -> list[str]:
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
    marked = _marked_bylines(doc)
    return _not_outlets(_line_under_headline(doc) if marked is None else marked, outlets)


def _line_under_headline(doc) -> tuple[str, ...]:
    """The people of a byline printed without markup at the headline ("<p>By Jane Doe</p>",
    "<div>Von Anna Beispiel, Husum</div>", "<p>記者 山田太郎</p>"), or after the date of its
    date line ("2023-07-08 10:15 来源：新华社 作者：王磊"), read as the copies read theirs."""
    h1 = next(doc.iter("h1"), None)
    for line in lines_near(h1)[:_HEAD_LINES] if h1 is not None else ():
        if found := bylines.read(line) or bylines.read_marked(line):
            return found.people
        if (dated := date_lines.read(line)) and dated.byline and (
                found := bylines.read(dated.byline) or bylines.read_marked(dated.byline)):
            return found.people
    return ()


_HEAD_LINES = 4  # lines by the headline where a byline stands


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


def _people(value) -> list[str]:
    names: list[str] = []
    for item in as_list(value):
        if isinstance(item, dict):
            if is_organization(item) or _SITE_ACCOUNT.search(
                    f"{item.get('url') or ''} {item.get('@id') or ''}"):
                continue
            names.extend(_split_names(as_name(item)))
        elif isinstance(item, str) and not is_absolute_http(item.strip()):
            names.extend(_split_names(as_text(item)))
    return list(unique(names))


def _marked_bylines(doc) -> tuple[str, ...] | None:
    """Names in `rel=author` links, `itemprop=author` elements or byline-classed elements,
    the first in page order that holds only names (not a date, a bio or a menu); () when
    a marked byline names nobody (a wire, the site's own account), None when none does."""
    h1 = next(doc.iter("h1"), None)
    scope = next((a for a in h1.iterancestors("article", "main")), doc) if h1 is not None else doc
    candidates = _BYLINE_CANDIDATES(scope)
    nobody = None
    for element in candidates[:5000]:
        marked = ((element.tag == "a" and ("author" in (element.get("rel") or "")
                                            or _AUTHOR_PAGE.search(element.get("href", ""))))
                  or element.get("itemprop") == "author"
                  or any(_BYLINE_TOKEN.match(_CAMEL_CASE.sub("-", token)) for token in
                         f"{element.get('class', '')} {element.get('id', '')}".split()))
        if marked and any(_SITE_ACCOUNT.search(a.get("href", "")) for a in element.iter("a")):
            nobody = ()  # the site's own account ("/author/admin/"): its name is no byline
            continue
        if not marked or any(a.tag in ("nav", "footer", "aside") or _not_a_byline_block(
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
            text = _DATE_WORD.sub("", SEPARATORS.split(" ".join(pieces).strip(" |"))[0])
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
    return nobody


def _not_a_byline_block(names: str) -> bool:
    """Whether an element's class or id says it holds no byline (comments, a bio, related
    stories); an avatar's holds one when it is the author's ("coauthor-avatar-container")."""
    found = _NOT_BYLINE_CLASS.search(names)
    return bool(found) and not (found[0].lower() == "avatar" and "author" in names.lower())


def _written_as_name(name: str) -> bool:
    """Whether a page prints `name` as a name: its first and last words capitalized, where
    its script has capitals ("Ursula von der Leyen"; not a kicker, "Olvasói szavazás")."""
    words = name.split()
    return all(not w[0].islower() for w in (words[0], words[-1]))


def _shown_text(element) -> Iterator[str]:
    """The text of `element` as a reader sees it: without what is there for screen readers
    only ("<span class="u-visually-hidden">capital</span> von Jemima Kelly"), nor the
    section or category a byline's block may link to ("<span class="assigned-section">
    Internacional</span>")."""
    if not isinstance(element.tag, str) or _HIDDEN.search(element.get("class") or ""):
        return  # a comment, or hidden
    if element.text:
        yield element.text
    for child in element:
        if not (isinstance(child.tag, str) and _SECTION.search(child.get("class") or "")):
            yield from _shown_text(child)
        if child.tail:
            yield child.tail


@functools.lru_cache(maxsize=4096)  # a backlog's bylines repeat: its reporters' names
def _split_names(value: str) -> tuple[str, ...]:
    """The people a byline value names: without labels ("Interview:"), roles after a name
    ("Chefredakteur"), handles ("@wperdomod"); none in a company's name or address
    ("Olympia-Verlag GmbH, Nürnberg, Germany", "Copyright Haufe-Lexware GmbH")."""
    value = _BYLINE_PREFIX.sub("", clean_text(value)).strip(" ,;|")
    value = _BEAT_ROLE.sub("", AFFILIATION.sub("", value))
    if not value or len(value) > 120 or _COMPANY.search(value) or _COPYRIGHT.match(value):
        return ()
    names = []
    parts = _NAME_SPLIT.split(value)
    for i, part in enumerate(parts):
        part = _REPORTER.sub("", _BYLINE_PREFIX.sub("", _REPORTED_FROM.sub("", part))).strip(_EDGES)
        if (place := _PLACE_AFTER.match(part)) and not part[0].isascii() and not part[0].isupper():
            part = place["name"]
        part = _HANDLE.sub("", part).strip(_EDGES)
        if (place := _NAME_IN_PLACE.search(part)) and place[0].split()[1][0].isupper():
            part = part[: place.start()]
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
    return tuple(ordinary_case(n) if " " in n else n for n in names)
