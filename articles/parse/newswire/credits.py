"""Credits: the other outlets a story names as its sources, in its text or at its foot.

In the text: "X reports citing Y" (the seed), "according to Y", "Y reported", "told Y",
"Dutch broadcaster Y reported", "the Y news agency", and the same in French, German,
Spanish, Dutch and Russian ("selon l'agence Y", "wie die Nachrichtenagentur Y
berichtete", "informó la agencia Y", "meldt Y", "сообщает агентство Y"). An outlet
named after a word for a kind of outlet (broadcaster, Nachrichtenagentur, агентство …)
is credited whatever its name; a known outlet (`outlets.KNOWN`) also after or before a
word of reporting. At the foot: agency tags ("dh/kb (Reuters, AP)", "mrc/dpa/Reuters",
"(AFP)").
"""

from __future__ import annotations

import re

from articles.parse.newswire import outlets

# Words between a kind of outlet and its name ("la télévision publique NOS"); not
# prepositions or articles, which start something else ("a station in Amsterdam").
_ADJECTIVES = (r"(?:(?!(?:in|on|at|of|for|to|from|with|by|and|or|the|a|an|that|which|en|à|au|"
               r"dans|im|am|um|für|и|в|на|que|qui|dat|die|het|y|el|los|las|le|les|la|des|der|"
               r"den|dem|de)\s)[a-zà-ÿа-яё-]+\s+){0,3}?")
_CUE = (r"(?:broadcaster|news agency|press agency|newswire|wire service|newspaper|daily|"
        r"tabloid|weekly|magazine|channel|television|radio|"
        r"agence(?: de presse)?|quotidien|journal|hebdomadaire|chaîne|télévision|"
        r"radio-télévision|nachrichtenagentur|agentur|sender|fernsehsender|zeitung|"
        r"tageszeitung|magazin|nachrichtenmagazin|rundfunk|agencia(?: de noticias)?|diario|"
        r"periódico|cadena|televisión|emisora|persbureau|omroep|krant|dagblad|zender|"
        r"nieuwsdienst|агентство|агентства|информагентство|телеканал|телеканала|газета|"
        r"газеты|издание|издания|радиостанция)")
_NAME = (r"(?P<name>[A-ZА-ЯЁ][\w.&'’-]*(?:\s+(?:[A-ZА-ЯЁ][\w.&'’-]*|of|de)){0,3}"
         r"(?<![.,]))")
_AFTER_CUE = re.compile(rf"(?<![\w-])(?i:{_CUE})\s+{_ADJECTIVES}[«“„\"]?{_NAME}")
_BEFORE_CUE = re.compile(rf"\b(?:the\s+|l['’]|la\s+|le\s+)?{_NAME}\s+(?:news agency|agency|"
                         r"newspaper|broadcaster|daily|news service)\b")
_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"  # internal dots as in "News.Az", no closing one
_OUTLET = rf"{_WORD}(?:\s+(?:of\s+|the\s+)?{_WORD}){{0,4}}"
_REPORTS_CITING = re.compile(rf"(?:^|[,;:]\s+|[.!?]\s+)(?P<outlet>{_OUTLET})\s+"
                             rf"(?:reports?|reported),?\s+citing\s+(?P<name>{_OUTLET})")
_TRIGGER_BEFORE = re.compile(
    r"(?:according to|citing|cited by|quoted by|told|via|selon|d['’]après|citée? par|"
    r"rapporte|a rapporté|indique|a indiqué|laut|zufolge|berichtete|berichtet|meldete|meldet|"
    r"según|informó|informa|recoge|publicó|citad[oa] por|meldt|meldde|volgens|aldus|schrijft|"
    r"schreef|сообщает|сообщило|сообщил|передает|передаёт|пишет|по данным|со ссылкой на|"
    r"цитирует(?:\s+\w+)?)\s+(?:the|le|la|l['’]|der|die|dem|des|el|los|de|het)?\s*$",
    re.IGNORECASE)
_TRIGGER_AFTER = re.compile(
    r"^['’]?s?\s+(?:reported|reports|said|says|quoted|cited|berichtete|berichtet|meldete|"
    r"meldet|informó|informa|a rapporté|rapporte|сообщает|сообщило|zufolge)\b", re.IGNORECASE)
_TAGS = re.compile(r"^(?:[a-z]{2,5}(?:[-/][a-z]{2,5})*\s*)?\((?P<list>[^()]+)\)$")
_SLASHED = re.compile(r"^[\w.-]+(?:\s*/\s*[\w.-]+)+$")


def _known_pattern() -> re.Pattern:
    names = {n for name, aliases in outlets.KNOWN.items() for n in (name, *aliases)}
    long = sorted((n for n in names if len(n) > 4), key=len, reverse=True)
    short = sorted({v for n in names if len(n) <= 4 for v in (n, n.upper())}, key=len,
                   reverse=True)
    return re.compile(r"(?<![\w.-])(?:(?i:" + "|".join(map(re.escape, long)) + ")|"
                      + "|".join(map(re.escape, short)) + r")(?![\w-])")


_KNOWN = _known_pattern()


def cited(text: str) -> list[str]:
    """The outlets a paragraph credits, in order."""
    found: list[tuple[int, str]] = []
    for pattern in (_AFTER_CUE, _BEFORE_CUE, _REPORTS_CITING):
        for m in pattern.finditer(text):
            name = _trim(m["name"])
            if pattern is _BEFORE_CUE and not (outlets.known(name) or name.isupper()):
                continue  # "Dutch news agency ANP": "Dutch" is no outlet
            if name and not outlets.is_generic(name):
                found.append((m.start("name"), outlets.canonical(name)))
    for m in _KNOWN.finditer(text):
        if _TRIGGER_BEFORE.search(text[max(0, m.start() - 40) : m.start()]) or \
                _TRIGGER_AFTER.match(text[m.end() : m.end() + 30]):
            found.append((m.start(), outlets.canonical(m[0])))
    reporting = reporting_outlet(text)  # X of "X reports citing Y" reports, it isn't cited
    return list(dict.fromkeys(name for _, name in sorted(found) if name != reporting))


def reporting_outlet(text: str) -> str | None:
    """X of "X reports citing Y": the outlet whose copy this is, as in the seed story."""
    m = _REPORTS_CITING.search(text)
    return outlets.canonical(m["outlet"]) if m else None


def tags(line: str) -> list[str] | None:
    """The agencies of a tag line closing a story: "dh/kb (Reuters, AP, AFP)",
    "mrc/dpa/Reuters", "(AFP)"; None if the line is not one."""
    line = line.strip()
    if m := _TAGS.match(line):
        names = outlets.names(m["list"])
        return names if names and all(outlets.known(n) for n in names) else None
    if _SLASHED.match(line):
        known = [outlets.canonical(p) for p in re.split(r"\s*/\s*", line) if outlets.known(p)]
        return known or None
    return None


def _trim(name: str) -> str:
    """A known outlet at the start of a matched name ("NOS Nieuws"), else the capitalized
    words up to the first that is ordinary in a sentence."""
    words = name.split()
    for n in range(len(words), 0, -1):
        if outlets.known(" ".join(words[:n])):
            return " ".join(words[:n])
    return " ".join(words[:2]) if len(words) > 2 else name
