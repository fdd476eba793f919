"""Bylines: who wrote the story, and the outlets a byline names.

"By X and Y", "BY MIKE CORDER" (capitals become "Mike Corder"), "Text by: …", "Par
Jean-Pierre Stroobants (Bruxelles, correspondant)", "Von Thomas Gutschker, Brüssel",
"Por …", "Door … 10 juli 2023, 10:20" (a date after the names is left for the date
lines), "Автор …", "بقلم …", "מאת …", "Oleh …", "Yazan …", the reporter's title of Chinese,
Japanese and Korean beside names written without spaces ("新华社记者 王小明", "（山田太郎記者）",
"홍길동·김철수 기자"), a name with its role ("Jon Henley Europe correspondent", "Jennifer
Rankin in Brussels"), and the credit lines at the foot ("Reporting by …; Editing by …",
"Reporter: …", "Additional reporting: Reuters, AFP", "Con información de EFE").
A byline naming outlets ("By Euronews with AP", "Par Le Figaro avec AFP", "Door
NU.nl/ANP", "By Hannah Ritchie, CNN") gives them in order, the first being the publisher;
"NEWS WIRES" and "Redacción" name nobody.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from articles.parse.newswire import date_forms, date_lines, outlets

_GENRES = ("kolumne", "kommentar", "ein kommentar", "analyse", "essay", "interview", "column",
           "commentary", "analysis", "opinion", "chronique", "tribune", "analisi", "commento",
           "opinión", "columna", "análisis")
_PREFIXES = (  # what opens a byline, declared once for the pattern and its cheap first look
    *(f"{genre} {by}" for genre in _GENRES for by in ("von", "by", "de", "par", "di")),
    "by", "written by", "words by", "text by", "posted by", "reported by", "story by",
    "author of the article", "authors", "author", "autorin/autorin", "autorin/autor",
    "autor/autorin", "autor/autor", "autorin", "autor", "di", "texte par", "par", "von", "por",
    "door", "af", "av", "per", "text und interview", "text und fotos", "text und bilder", "text",
    "texto", "testo", "autori", "autors", "autorius", "авторы", "автор", "автори",
    "reporter", "editor", "edited by", "redactie",
    "autorka", "autorzy", "tekst", "szerző", "yazan", "yazar", "haber", "oleh", "penulis",
    "tác giả", "γράφει ο", "γράφει η", "γράφει", "מאת", "כתב", "بقلم", "كتب",
    "كتبت", "إعداد", "حوار", "लेखक", "द्वारा")
_PREFIX = re.compile(rf"^(?:{'|'.join(map(re.escape, _PREFIXES))})(?:\s*[:：]\s*|\s*[-–]\s+|\s+)",
                     re.IGNORECASE)
_PREFIX_WORDS = frozenset(p.split()[0] for p in _PREFIXES)  # most lines open with none
_LABEL_ONLY = re.compile(r"^(?:text by|texte par|written by|by|par|von|por|door|автор|"
                         r"author of the article)\s*:?$", re.IGNORECASE)
_OF_DATE = re.compile(r"\s+[Vv]om\s+(?=\d)")  # German "of" before a date
_DASH_DATE = re.compile(r"\s+[-–—|·]\s*(?=\d)")
# What stands between the names and a date after them: a dash, "on", "am", "le", "el", "il"…
_BEFORE_DATE = re.compile(r"(?:\s+(?:[-–—|·•]|on|am|le|el|il|op|em|den))+\s*$", re.IGNORECASE)
_GLUED_BY = re.compile(r"^[Bb][Yy](?=[A-ZÀ-ÞА-Я][a-zà-ÿа-я.])")  # "bySauli Giliard", "ByJ.R. Stone"
# A writer's address or handle beside the name, glued or not, or as a part of its own:
# "Chaim Gartenberg@cgartenberg", "Mariano Martín mmartin@ambito.com.ar", "By GRACE
# ZOKOVITCH | gzokovitch@bostonherald.com"
_HANDLE = re.compile(r"\s*(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+?(?=[A-Z][a-z]|\W|$))")
_SEPARATORS = re.compile(r"\s*(?:,|;|/|\||·|•|\band\b|&|\bet\b|\bund\b|\by\b|\ben\b|\bи\b|\bwith\b|"
                         r"\bavec\b|\bmit\b|\bcon\b|\bmet\b)\s*", re.IGNORECASE)
# Words no name has, capitalized as a page's labels are: "On This Day", "Next Post",
# "By Any Means Necessary", "National Desk".
_NOT_NAMES = frozenset(("on", "this", "that", "these", "those", "in", "of", "and", "for",
                        "with", "from", "at", "is", "are", "was", "next", "previous", "our",
                        "your", "any", "all", "most", "see", "how", "why", "what", "when",
                        "where", "desk", "staff", "login", "subscribe", "register", "sign"))
_PARTICLES = frozenset(("van", "von", "de", "der", "den", "del", "della", "di", "da", "du",
                        "la", "le", "ter", "ten", "bin", "al", "el", "'t", "y", "dos", "das"))
_ROLE = re.compile(r"\b(?:correspondent|reporter|editor|writer|journalist|columnist|analyst|"
                   r"contributor|producer|corresponsal|correspondant|correspondante|korrespondent|"
                   r"korrespondentin|redakteur|redakteurin|verslaggever|redacteur|envoyée?|"
                   r"enviad[oa]|sonderkorrespondent\w*|"
                   r"корреспондент|обозреватель)\b", re.IGNORECASE)
_PLACE = re.compile(r"\s+(?:in|à|aus)\s+[A-ZÀ-ÞА-Я].*$")
_PLACE_NAME = re.compile(r"^[A-ZÀ-ÞА-Я][\w'’.-]*(?:\s+(?:[A-ZÀ-ÞА-Я][\w'’.-]*|d[aeo]s?|de la|del))"
                         r"{0,3}$")  # "Haia", "Nova York", "Rio de Janeiro", "Ciudad de México"
# Names in scripts written without spaces between them, by the reporter's title: Chinese
# before the names, Japanese and Korean after ("特派員", "특파원": correspondent).
_HAN = r"[\u4e00-\u9fff]"
_CJK_NAMES = rf"{_HAN}{{2,4}}(?:\s*[、&＆\s]\s*{_HAN}{{2,4}})*"  # not "，": a sentence's comma
_CJK_BEFORE = re.compile(
    rf"^[（(【\[]?\s*(?P<outlet>{_HAN}{{2,5}}?)?\s*(?:特约|首席|驻{_HAN}{{1,6}})?"
    rf"(?:(?:记者|記者|通讯员|通訊員)\s*[：:/／|｜︱]?|(?:作者|撰文|执笔|執筆|文)\s*[：:/／|｜︱\s])"
    rf"\s*(?P<names>{_CJK_NAMES})"  # "文" only before a mark: "文化芸能" is a section
    r"\s*(?:[／/]?\s*(?:即时|即時)?(?:报道|報導)|摄|攝)?\s*[）)】\]]?$")
_CJK_AFTER = re.compile(
    rf"^[（(【\[]?\s*(?:(?P<outlet>[가-힣A-Za-z0-9]{{2,10}})\s*=\s*|(?:[가-힣]{{1,4}},?\s+)+)?"
    rf"(?P<names>{_HAN}{{1,4}}\s?[\u4e00-\u9fff\u3040-\u30ff]{{1,4}}"
    r"|[가-힣]{2,4}(?:\s*[·ㆍ,]\s*[가-힣]{2,4})*)\s*(?:선임|수석|객원|전문|인턴)?"
    r"(?:記者|特派員|編集委員|論説委員|支局長|기자|특파원)(?:\s*외\s*\d+명)?[）)】\]]?"
    r"(?:\s+[\w.+-]+@[\w.-]+)?\s*=?$")  # "스포츠조선=선수민 기자", "순천, 광양 구현모 기자"
# A name and its outlet across a slash: "石佳/中国青年报", "上報快訊／范姜佳鈺" (a desk's flash)
_CJK_NAME_OUTLET = re.compile(
    rf"^(?:(?P<names>{_CJK_NAMES})\s*[/／]\s*(?P<outlet>{_HAN}{{2,8}}(?:报|報|网|網|社|台|新闻|新聞))"
    rf"|(?P<desk>{_HAN}{{2,6}}?)(?:快訊|快讯)\s*[/／]\s*(?P<names2>{_CJK_NAMES}))$")
# What a page prints after a byline's name, run into it when the page is copied: a profile's
# links, the section's label, a comment count ("Emma MackenzieLifestyle", "Rachel Brazil0",
# "Sarah LazareTwitter", "Victoria O’Regan Follow", "Max Kolter20.10.2025").
_LABELS = (r"Staff|Follow|Twitter|Facebook|Instagram|LinkedIn|Email|E-mail|News|Lifestyle|Travel|"
           r"Sport|Sports|Politics|Business|Money|Opinion|World|Entertainment|Culture|Health|"
           r"Tech|Science|Showbiz|Football|Updated|Published")
_GLUED_LABEL = re.compile(rf"(?<=[a-zà-ÿ’'])(?=(?:{_LABELS})\b)")
_GLUED_DIGITS = re.compile(r"(?<=[^\W\d_])(?=\d)")
_GLUED_MONTH = re.compile(r"(?<=[a-zà-ÿ])(?=(?:January|February|March|April|May|June|July|"
                          r"August|September|October|November|December)\b)")  # "MohrFebruary"
_GLUED_ROLE = re.compile(r"\b(Writer|Reporter|Editor|Contributor|Correspondent)(?=[A-Z])")
_DOUBLED = re.compile(r"^(.{5,}?)\s*\1$")  # "Adam RogersAdam Rogers": two blocks of one name
_AFTER_NAME = re.compile(rf"(?:\s+(?:{_LABELS}|\d+))+$")
_AFFILIATION = re.compile(r"\s+(?i:for)\s+(?:(?i:the)\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\s*$")
_OUR = re.compile(r"^(?:our|onze|notre|nuestr[oa]|unser\w*|наш\w*)\s+\w+\s+", re.IGNORECASE)
_FOOT = re.compile(r"^(?P<kind>(?:additional )?reporting by|writing by|reporting|"
                   r"additional reporting|editing by|with assistance from|reporter|"
                   r"con información de|avec|mit material von|with)\s*:?\s*(?P<names>.+)$",
                   re.IGNORECASE)
_CONTRIBUTED = re.compile(r"\bcontributed(?: reporting| to this report)?\.?$|"
                          r"^\(?updates? with .*\)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Byline:
    people: tuple[str, ...] = ()
    outlets: tuple[str, ...] = ()
    rest: str = ""  # what follows the names on the line: a date, for the date lines


def read_marked(line: str) -> Byline | None:
    """A byline of names in Chinese, Japanese or Korean, marked by the reporter's title:
    "记者 王小明 李华", "新华社记者王小明" (the agency's reporter), "（山田太郎記者）",
    "홍길동 기자 hong@yna.co.kr"."""
    if len(line) > 40 or line.isascii():
        return None
    if m := _CJK_BEFORE.match(line):
        outlet = m["outlet"] or ""
        found = outlets.canonical(outlet) if outlet and outlet not in outlets.OWN_PAPER else None
        return Byline(tuple(re.split(r"\s*[、&＆\s]\s*", m["names"])), (found,) if found else ())
    if m := _CJK_AFTER.match(line):
        outlet = (outlets.canonical(m["outlet"]),) if m["outlet"] else ()
        return Byline(tuple(re.split(r"\s*[·ㆍ,]\s*", m["names"])), outlet)
    if m := _CJK_NAME_OUTLET.match(line):
        outlet = outlets.canonical(m["outlet"] or m["desk"])
        return Byline(tuple(re.split(r"\s*[、&＆\s]\s*", m["names"] or m["names2"])), (outlet,))
    return None


def is_label(line: str) -> bool:
    """"Text by:" alone on its line: the names are on the next."""
    return bool(_LABEL_ONLY.match(line.strip()))


def read(line: str) -> Byline | None:
    """The byline a line opening with "By", "Par", "Von", "Por", "Door", "Автор" … holds."""
    first = head[0].rstrip(":").casefold() if (head := line[:20].split(None, 1)) else ""
    m = (_PREFIX.match(line) if first in _PREFIX_WORDS else None) or _GLUED_BY.match(line)
    if not m:
        return None
    rest = line[m.end() :]
    if again := _PREFIX.match(rest):  # "Author of the article: By Denise Paglinawan"
        rest = rest[again.end() :]
    return _names(rest)


def read_bare(line: str) -> Byline | None:
    """A name with its role or place and no "By": "Jon Henley Europe correspondent"."""
    if len(line.split()) > 8:
        return None
    role = _ROLE.search(line)
    place = _PLACE.search(line)
    if not role and not place:
        return None
    cut = min(m.start() for m in (role, place) if m)
    tokens = line[:cut].split()
    if outlet := outlets.known(" ".join(tokens)):  # "Associated Press in The Hague"
        return Byline((), (outlet,))
    if role and (not place or role.start() < place.start()) and len(tokens) >= 3:
        tokens = tokens[:-1]  # "Europe" in "Jon Henley Europe correspondent"
    name = person(" ".join(tokens))
    return Byline((name,)) if name else None


def is_role(line: str) -> bool:
    """A role on its own line under a name: "Political reporter @alixculbertson"."""
    return bool(_ROLE.search(_GLUED_ROLE.sub(r"\1 ", line))) and len(line.split()) <= 6 \
        and not line.endswith(".")


def person(text: str) -> str | None:
    """`text` as a person's name (two to five words), capitals made ordinary, or None."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip(" ,.;:")
    text = _AFTER_NAME.sub("", _GLUED_ROLE.sub(r"\1 ", text))
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or outlets.known(text) or outlets.is_generic(text) \
            or outlets.looks_like_outlet(text) \
            or _ROLE.search(text):  # "Former Contributor", "Writer Los Angeles"
        return None
    if not all(name_word(t) or t.lower() in _PARTICLES for t in tokens) \
            or _NOT_NAMES.intersection(t.casefold() for t in tokens):
        return None
    if not name_word(tokens[0]) or {tokens[0].lower(), tokens[-1].lower()} & _PARTICLES \
            or tokens[0].lower() == "the":  # "La Haya", "The Hague" are places
        return None
    return ordinary_case(text)


def outlets_only(line: str) -> Byline | None:
    """A byline of outlets without "By": "20 Minutes avec agences", "RTVE.es / AGENCIAS", a
    newsroom's "Redacción EL PAÍS" (one name alone is a signature or a header); or a wire
    story's place and outlet, as Folha and other papers print them under the headline: "Haia
    | Reuters", "São Paulo | Folhapress" (the place is no outlet)."""
    if len(line.split()) > 6:
        return None
    if outlet := outlets.of_newsroom(line):  # "Redacción EL PAÍS", "Redazione ANSA"
        return Byline((), (outlet,))
    place, bar, wire = line.partition("|")
    if (bar and (outlet := outlets.known(wire.strip(" ."))) and not outlets.known(place)
            and not outlets.is_domain(place.strip()) and _PLACE_NAME.match(place.strip())):
        return Byline((), (outlet,))
    items = [i.strip(" .") for i in _SEPARATORS.split(line) if i.strip(" .")]
    while len(items) > 2 and re.fullmatch(r"[a-z]{2,5}", items[0]):
        items.pop(0)  # the initials of a wire's editors: "red, ORF.at/Agenturen"
    if len(items) < 2 or not all(outlets.known(i) or outlets.is_generic(i) for i in items[1:]):
        return None
    first = items[0]
    if not (outlets.known(first) or outlets.is_domain(first)
            or (re.match(r"^[\w.-]+$", first) and (first[0].isupper() or first[0].isdigit()))):
        return None  # "20minutos / Agencias": a name of one word before agencies
    return Byline((), tuple(outlets.canonical(i) for i in items if not outlets.is_generic(i)))


def foot(line: str) -> Byline | None:
    """A credit line at the foot: "Reporting by A and B; Editing by C" (A and B wrote it),
    "Additional reporting: Reuters, AFP", "Con información de EFE", "… contributed"."""
    text = line.strip().strip("()")
    if ("contributed" in text or text[:6].lower().startswith("update")) \
            and _CONTRIBUTED.search(text):
        return Byline()
    if not _FOOT.match(text):
        return None
    people: list[str] = []
    names: list[str] = []
    for part in re.split(r"\s*;\s*", text):
        m = _FOOT.match(part)
        if not m:
            return None
        kind = m["kind"].lower()
        if kind.startswith(("editing", "with assistance")):
            continue
        for item in _SEPARATORS.split(m["names"]):
            if known := outlets.known(item):
                names.append(known)
            elif (name := person(item)) and kind in ("reporting by", "writing by", "reporter"):
                people.append(name)
            elif item and not outlets.is_generic(item) and not person(item):
                return None
    return Byline(tuple(people), tuple(names))


def _names(text: str) -> Byline | None:
    if outlet := outlets.of_newsroom(text):  # "Por Redação g1": before "g1" is taken apart
        return Byline((), (outlet,))
    text = _HANDLE.sub(", ", re.sub(r"\s*\([^)]*\)", "", text)).strip(" ,")
    text = _OUR.sub("", text)  # "Door onze correspondent Jan Jansen"
    text = _GLUED_DIGITS.sub(" ", _GLUED_LABEL.sub(" ", _GLUED_MONTH.sub(" ", text)))  # copied
    text = _DOUBLED.sub(r"\1", _GLUED_ROLE.sub(r"\1 ", text))
    text = _AFFILIATION.sub("", text)
    rest = ""
    if dash := _DASH_DATE.search(text) or _OF_DATE.search(text):
        text, rest = text[: dash.start()], text[dash.end() :]  # "Carla Siepmann - 28.04.2024
        # um 08:52 Uhr - …", "Jule Radeck Vom 3. Februar 2022"
    for m in re.finditer(r"(?:^|\s)(?=\S)", text):  # a date after the names is not a name
        after = text[m.end() :]
        if m.end() and (date_forms.begins(after) or date_lines.labelled_first(after)) \
                and date_lines.read(after):  # "… published 19 May 2026"
            text, rest = text[: m.start()], f"{text[m.end() :]} {rest}".strip()
            text = _BEFORE_DATE.sub("", text)  # "By Cheryl Baehr on Wed, Nov 8, 2023"
            break
    text = _PLACE.sub("", _without_role(text))
    people: list[str] = []
    found: list[str] = []
    items = [i for i in _SEPARATORS.split(text) if i.strip()]
    if not items:
        return None
    for item in items:
        item = item.strip(" .")
        if known := outlets.known(item):
            found.append(known)
        elif outlets.is_generic(item):
            continue
        elif studio := _outlet_of_studio(item):  # "ARD-Studio Brüssel"
            found.append(studio)
        elif split := _name_and_outlet(item):  # "MIKE CORDER Associated Press"
            people.append(split[0])
            found.append(split[1])
        elif (people or len(items) == 1) and outlets.looks_like_outlet(item):
            found.append(item)  # "By X | Boston Herald", "By European Space Agency"
        elif name := person(item):
            people.append(name)
        elif outlets.is_domain(item) or (not people and any(map(outlets.known, items))
                                         and item[:1].isupper()):
            found.append(outlets.canonical(item))  # "Par Le Parisien avec AFP"
        elif len(item.split()) == 1 and name_word(item):
            continue  # a place: "Von Thomas Gutschker, Brüssel"
        elif people and len(item.split()) <= 4 and name_word(item.split()[0]):
            found.append(item)  # the writer's outlet: "By Aaron Kliegman | Fox News"
        else:
            return None
    if not people and not found and not any(outlets.is_generic(i) for i in items):
        return None
    return Byline(tuple(dict.fromkeys(people)), tuple(found), rest)  # a name given twice once


def _outlet_of_studio(item: str) -> str | None:
    """The known outlet a studio or office is named after: "ARD-Studio Brüssel"."""
    first = re.split(r"[\s-]", item, maxsplit=1)[0]
    return outlets.known(first) if first != item else None


def _name_and_outlet(item: str) -> tuple[str, str] | None:
    """A person's name followed by an outlet's, without a comma between: a known outlet, or
    two capitalized words ending with a newspaper's word ("Paul Steinhauser Fox News")."""
    words = item.split()
    for k in range(2, len(words)):
        if (outlet := outlets.known(" ".join(words[k:]))) and (name := person(" ".join(words[:k]))):
            return name, outlet
    tail = words[-2:]
    if len(words) >= 4 and all(w[:1].isupper() for w in tail) \
            and tail[-1].casefold() in outlets.OUTLET_WORDS \
            and (name := person(" ".join(words[:-2]))):
        return name, " ".join(tail)
    return None


def _without_role(text: str) -> str:
    """The names before a role: "Rosalía Sánchez, Corresponsal en Berlín", "Jon Henley
    Europe correspondent" (the word before the role belongs to it)."""
    role = _ROLE.search(text)
    if not role:
        return text
    before = text[: role.start()]
    if "," in before:
        return before.rsplit(",", 1)[0]
    tokens = before.split()
    return " ".join(tokens[:-1] if len(tokens) >= 3 else tokens)


def name_word(token: str) -> bool:
    """A word of a person's name: a capital first ("Łukasz", "Ξένια", "İlker"), an initial
    ("A."), or a word of a script without capitals written with spaces between words
    ("أحمد", "אבי", "राहुल"), its marks included."""
    first = token[0]
    if not (first.isupper() or (first.isalpha() and first.lower() == first.upper()
                                and _SPACED_SCRIPTS.match(first))):
        return False
    return all(c.isalnum() or c in "'’.-" or unicodedata.category(c)[0] == "M"
               for c in token[1:])


# Arabic, Hebrew, the Indic scripts, Thai, Georgian, Ethiopic: caseless, spaced.
_SPACED_SCRIPTS = re.compile(r"[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0e7f\u10d0-\u10ff"
                             r"\u1200-\u137f]")


def ordinary_case(name: str) -> str:
    """A name written in capitals as a name is written ("JILL LAWLESS", "KENNETH P. VOGEL"
    -> "Jill Lawless", "Kenneth P. Vogel"); any other as it is, and so a script without
    capitals."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters):
        return name
    return re.sub(r"[^\W\d_]+", lambda m: m[0].capitalize(), " ".join(name.lower().split()))
