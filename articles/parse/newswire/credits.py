"""Credits: the other outlets a story names as its sources, in its text or at its foot.

In the text: "X reports citing Y" (the seed), "according to Y", "Y reported", "told Y",
"Dutch broadcaster Y reported", "the Y news agency", and the same in French, German,
Spanish, Dutch and Russian ("selon l'agence Y", "wie die Nachrichtenagentur Y
berichtete", "informó la agencia Y", "meldt Y", "сообщает агентство Y", "secondo Y",
"segundo Y", "według Y" (its name declined: "Reutersa"), "Y'a göre", "σύμφωνα με Y", "وفقا
لـY", "据新华社报道", "ロイター通信によると", "로이터통신에 따르면"). An outlet
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
               r"den|dem|de)\s)[a-zà-ÿа-яё-]+[ \xa0]+){0,3}?")
_CUE = (r"(?:broadcaster|news agency|press agency|newswire|wire service|newspaper|daily|"
        r"tabloid|weekly|magazine|channel|television|radio|"
        r"agence(?: de presse)?|quotidien|journal|hebdomadaire|chaîne|télévision|"
        r"radio-télévision|nachrichtenagentur|agentur|sender|fernsehsender|zeitung|"
        r"tageszeitung|magazin|nachrichtenmagazin|rundfunk|agencia(?: de noticias)?|diario|"
        r"periódico|cadena|televisión|emisora|persbureau|omroep|krant|dagblad|zender|"
        r"nieuwsdienst|(?:информ)?агентств[оаеуом]+|телеканал\w*|газет\w*|издани\w*|"
        r"радиостанци\w*|agenzia di stampa|quotidiano|emittente|agência de notícias|jornal|"
        r"emissora|agencj\w+ (?:prasow|informacyjn)\w+|(?:tiskov|zpravodajsk)\w+ agentur\w*|"
        r"deník\w*|πρακτορείο\w*|εφημερίδα\w*|kantor berita|nyhetsbyrå\w*|nyhedsbureau\w*)")
_NAME = (r"(?P<name>[A-ZА-ЯЁ][\w.&'’-]*(?:[ ]+(?:[A-ZА-ЯЁ][\w.&'’-]*|of|de)){0,3}"
         r"(?<![.,]))")
# The first five letters of the words for kinds of outlets, to look for them cheaply.
_CUE_STEMS = frozenset((
    "broad", "agenc", "newsw", "wire", "newsp", "daily", "tablo", "weekl", "magaz", "chann",
    "telev", "radio", "quoti", "journ", "hebdo", "chaîn", "télév",
    "nachr", "agent", "sende", "ferns", "zeitu", "tages", "rundf", "diari", "perió", "caden",
    "emiso", "persb", "omroe", "krant", "dagbl", "zende", "nieuw", "агент", "инфор", "телек",
    "газет", "издан", "радио", "agenz", "emitt", "agênc", "jorna", "emiss", "tisko", "zprav",
    "deník", "πρακτ", "εφημε", "kanto", "nyhet", "nyhed"))
_CUE_STEM = re.compile(r"(?<![^\W_])(?:" + "|".join(sorted(_CUE_STEMS)) + ")")
_AFTER_CUE = re.compile(rf"(?<![\w-])(?i:{_CUE})[ \xa0]+{_ADJECTIVES}[«“„\"]?{_NAME}")  # one line
_BEFORE_CUE = re.compile(rf"\b(?:the\s+|l['’]|la\s+|le\s+)?{_NAME}\s+(?:news agency|agency|"
                         r"newspaper|broadcaster|daily|news service|news site|website)\b")
_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"  # internal dots as in "News.Az", no closing one
_OUTLET = rf"{_WORD}(?:[ ]+(?:of[ ]+|the[ ]+)?{_WORD}){{0,4}}"
_REPORTS_CITING = re.compile(rf"(?:^|[,;:]\s+|[.!?]\s+)(?P<outlet>{_OUTLET})\s+"
                             rf"(?:reports?|reported),?\s+citing\s+(?P<name>{_OUTLET})",
                             re.MULTILINE)
# Words of reporting just before an outlet's name ("according to", "meldt", "пишет"); an
# article between them is skipped.
_TRIGGERS = ("according to", "citing", "cited by", "quoted by", "told", "via", "selon", "d'après",
             "d’après", "cité par", "citée par", "rapporte", "a rapporté", "indique",
             "a indiqué", "laut", "zufolge", "berichtete", "berichtet", "meldete", "meldet",
             "según", "informó", "informa", "recoge", "publicó", "citado por", "citada por",
             "meldt", "meldde", "volgens", "aldus", "schrijft", "schreef", "сообщает",
             "сообщило", "сообщил", "передает", "передаёт", "пишет", "по данным",
             "со ссылкой на", "цитирует", "secondo", "riporta", "ha riferito", "riferisce",
             "citato da", "stando a", "segundo", "de acordo com", "informou", "conforme",
             "według", "podała", "podaje", "poinformowała", "powołując się na", "podle",
             "uvedla", "informovala", "podľa", "potrivit", "citat de", "szerint", "menurut",
             "dikutip dari", "dilansir", "seperti dilansir", "σύμφωνα με", "μετέδωσε",
             "μεταδίδει", "повідомляє", "пише", "за даними", "з посиланням на", "передає",
             "според", "съобщи", "prema", "javlja", "prenosi", "enligt", "ifølge", "melder",
             "kertoo", "وفقا لـ", "وفقاً لـ", "بحسب", "حسب", "نقلا عن", "نقلاً عن", "ذكرت",
             "أفادت", "حسبما ذكرت", "לפי", "על פי", "דיווח ב", "theo")
_ADJECTIVES_OF_OUTLETS = frozenset(("official", "state", "public", "local", "national",
                                    "independent", "private", "news"))
_ARTICLES = frozenset(("the", "le", "la", "l'", "l’", "der", "die", "dem", "des", "el", "los",
                       "de", "het", "il", "lo", "a", "o", "do", "da", "το", "η", "ο", "την",
                       "agencja", "agencji", "agentury", "agentura", "agenzia", "agência",
                       "агенція"))
_TRIGGER_AFTER = re.compile(
    r"^(?:['’](?:s|[a-zçğıöşü]{1,3}))?(?:\s+[\w-]+){0,4}?\s+(?:reported|reports|said|says|"
    r"quoted|cited|berichtete|berichtet|meldete|meldet|informó|informa|a rapporté|rapporte|"
    r"сообщает|сообщило|zufolge|göre|szerint|के अनुसार|kertoo|riporta|ha riferito|informou|"
    r"podała|poinformowała|uvedla|informovala)(?![\w])", re.IGNORECASE)
# Outlets named in scripts without capitals or spaces, and the words of reporting around
# them: "据新华社报道", "ロイター通信によると", "로이터통신에 따르면", "وفقا لرويترز".
_SCRIPT_BEFORE = ("据", "據", "援引", "根据", "根據", "据悉", "وفقا ل", "وفقاً ل", "بحسب", "حسب",
                  "نقلا عن", "نقلاً عن", "ذكرت", "أفادت", "وكالة", "לפי", "על פי")
_SCRIPT_AFTER = re.compile(r"^(?:通信|통신|社|電|电|通讯社)?\s*(?:报道|報道|報導|消息|称|稱|"
                           r"によると|によれば|が報じた|は伝えた|が伝えた|에 따르면|은 보도|"
                           r"는 보도|이 보도|가 보도|보도에 따르면)")
_TAGS = re.compile(r"^(?:[a-z]{2,5}(?:[-/][a-z]{2,5})*\s*)?\((?P<list>[^()]+)\)$")
_SLASHED = re.compile(r"^[\w.-]+(?:\s*/\s*[\w.-]+)+$")


# Where a known outlet may start: capitalized words, or the agencies written in lower case.
_CANDIDATE = re.compile(r"(?<![\w.-])(?:[A-ZÀ-ÖØ-ÞĀ-žА-ЯЁ0-9][\w.&'’-]*"
                        r"(?:[ ]+[A-ZÀ-ÖØ-ÞĀ-žА-ЯЁ][\w.&'’-]*){0,3}|"
                        r"dpa|ntv|afp|rtr|epd)")


def cited(text: str) -> list[str]:
    """The outlets a text credits, in order; paragraphs are given one a line."""
    found: list[tuple[int, str]] = []
    for m in _cued(text):
        name = _trim(m["name"])
        if m.re is _BEFORE_CUE and not (outlets.known(name) or name.isupper()
                                        or len(name.split()) > 1):
            continue  # "Dutch news agency ANP": "Dutch" is no outlet
        if name and not outlets.is_generic(name):
            found.append((m.start("name"), outlets.canonical(name)))
    reporting = None  # X of "X reports citing Y" reports, it isn't cited
    for at in _positions(text, "citing"):
        if m := _REPORTS_CITING.search(text, max(0, at - 60), at + 60):
            found.append((m.start("name"), outlets.canonical(m["name"])))
            reporting = reporting or outlets.canonical(m["outlet"])
    for start, end, name in _named(text):
        if _after_trigger(text[max(0, start - 40) : start]) or \
                _TRIGGER_AFTER.match(text[end : end + 30]):
            found.append((start, name))
    found += _named_in_scripts(text)
    return list(dict.fromkeys(name for _, name in sorted(found) if name != reporting))


def _cued(text: str) -> list[re.Match]:
    """The names after or before a word for a kind of outlet: the words are found by their
    first letters, and the patterns tried only there (the cheap way through a long text)."""
    lowered = text.lower()
    if not any(stem in lowered for stem in _CUE_STEMS):  # the cheapest look first
        return []
    if len(lowered) != len(text):  # lower case of a few letters is longer: look word by word
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    found = []
    for cue in _CUE_STEM.finditer(lowered):
        before = text.rfind(" ", 0, max(cue.start() - 1, 0)) + 1  # "news" of "news agency"
        for start in {before, cue.start()}:
            if m := _AFTER_CUE.match(text, start):
                found.append(m)
        if m := _BEFORE_CUE.search(text, max(0, cue.start() - 60), cue.end() + 15):
            found.append(m)
    return found


def _positions(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


def _after_trigger(before: str) -> bool:
    """Whether `before` ends with words of reporting: "… according to (the)"."""
    words = before.lower().rstrip(" «“„\"").replace("l’", "l' ").replace("l'", "l' ").split()
    while words and (words[-1] in _ARTICLES or words[-1] in _ADJECTIVES_OF_OUTLETS):
        words.pop()  # "according to the official …"
    tail = " ".join(words[-4:])
    return tail.endswith(_TRIGGERS) and any(tail == t or tail.endswith(" " + t) for t in _TRIGGERS)


def _named(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of the outlets `text` names: the longest known name opening a run
    of capitalized words, or a run shaped as an outlet's name ("Financieele Dagblad",
    "Korean Central News Agency")."""
    found = []
    first_words = outlets.FIRST_WORDS
    for m in _CANDIDATE.finditer(text):
        run, start = m[0], m.start()
        if " " in run and run.split()[0].casefold() in _TRIGGERS:  # "Menurut Reuters"
            start += run.index(" ") + 1
            run = run[run.index(" ") + 1 :]
        if " " not in run and not _opens_a_name(run, first_words):
            continue  # one word, and no outlet's first: most runs, sentences' first words
        words = run.split()
        first = words[1] if words[0] == "The" and len(words) > 1 else words[0]
        if _opens_a_name(first, first_words) and (opening := _known_opening(words)):
            found.append((start, start + len(opening[0]), opening[1]))
            continue
        name = run.rstrip(".,")
        if len(words) > 1 and words[-1].rstrip(".,").casefold() in outlets.OUTLET_WORDS \
                and outlets.looks_like_outlet(name) \
                and not any(outlets.known(" ".join(words[k:])) for k in range(1, len(words))):
            found.append((start, start + len(name), name))
    return found


def _opens_a_name(word: str, first_words: frozenset[str]) -> bool:
    word = word.rstrip(".,").casefold()
    return word in first_words or _DECLINED.sub("", word) in first_words


def _known_opening(words: list[str]) -> tuple[str, str] | None:
    """(phrase, outlet) of the longest known name the words open with, declined as Slavic
    languages and Turkish decline it ("Reutersa", "Reuters'a")."""
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[:n]).rstrip(".,")
        if name := outlets.known(phrase) or outlets.known(_DECLINED.sub("", phrase)):
            return phrase, name
    return None


_DECLINED = re.compile(r"(?:['’][a-zçğıöşü]{1,3}|(?<=[a-z]{4})(?:a|u|em|owi|ovi|om|ie))$",
                       re.IGNORECASE)


def _named_in_scripts(text: str) -> list[tuple[int, str]]:
    """(start, name) of the known outlets named in other scripts with a word of
    reporting before or after: there are no capitals to find them by."""
    if text.isascii():
        return []
    found = []
    for m in outlets.in_other_scripts().finditer(text):
        before = text[max(0, m.start() - 12) : m.start()].rstrip(" «“\"")
        if before.endswith(_SCRIPT_BEFORE) or _SCRIPT_AFTER.match(text[m.end() : m.end() + 12]):
            found.append((m.start(), outlets.known(m[0])))
    return found


def reporting_outlet(text: str) -> str | None:
    """X of "X reports citing Y": the outlet whose copy this is, as in the seed story."""
    if "citing" not in text:
        return None
    m = _REPORTS_CITING.search(text)
    return outlets.canonical(m["outlet"]) if m else None


def tags(line: str) -> list[str] | None:
    """The agencies of a tag line closing a story: "dh/kb (Reuters, AP, AFP)",
    "mrc/dpa/Reuters", "(AFP)"; None if the line is not one."""
    line = line.strip()
    if m := _TAGS.match(line):
        parts = [p.strip() for p in re.split(r"\s*[,;/]\s*|\s+and\s+", m["list"])]
        known = [outlets.known(p) for p in parts]
        return known if all(known) else None
    if _SLASHED.match(line):
        parts = re.split(r"\s*/\s*", line)
        if not all(outlets.known(p) or re.fullmatch(r"[a-z]{2,5}", p) for p in parts):
            return None  # "RTVE.es / AGENCIAS" is a byline
        return [k for p in parts if (k := outlets.known(p))] or None
    return None


def _trim(name: str) -> str:
    """A known outlet at the start of a matched name ("NOS Nieuws"), else the name."""
    words = name.split()
    for n in range(len(words), 0, -1):
        if outlets.known(" ".join(words[:n])):
            return " ".join(words[:n])
    return name
