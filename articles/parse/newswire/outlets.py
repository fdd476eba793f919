"""The outlet a copy names as its publisher, and the names of outlets as they spell them.

A copy names its outlet in a closing signature ("News.Az", "==Kyodo", "© 2023 AFP",
"Коммерсантъ"), a source line ("Source: Al Jazeera and news agencies", "Quelle: dpa",
"Bron: ANP", "Источник: Meduza"), a header ("KYODO NEWS - Jan 2, 2024 - 19:47 | World",
"NOS Nieuws•Politiek•"), the line under a byline ("BBC News, The Hague"), a copyright
footer ("© 2023 Deutsche Welle | Privacy Policy") or "Why you can trust Sky News".

`KNOWN` spells the news organisations copies most often name, each under the name it
uses for itself, with the other ways copies write it; any other name is kept as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

KNOWN: dict[str, tuple[str, ...]] = {
    # Agencies
    "Reuters": ("thomson reuters", "rtr", "路透社", "路透", "ロイター", "로이터", "رويترز",
                "רויטרס"),
    "AP": ("associated press", "the associated press", "ap news", "美联社", "美聯社", "ap通信",
           "ap통신", "أسوشيتد برس"),
    "AFP": ("agence france-presse", "agence france presse", "france-presse", "法新社",
            "afp通信", "afp통신", "فرانس برس", "أ ف ب", "ا ف ب"),
    "dpa": ("deutsche presse-agentur", "dpa-infocom", "dpa-afx", "د ب أ"),
    "EFE": ("agencia efe",),
    "ANP": ("algemeen nederlands persbureau",),
    "Belga": (),
    "ANSA": (),
    "Europa Press": (),
    "Kyodo News": ("kyodo", "共同通信", "共同", "교도통신"),
    "Jiji Press": ("jiji", "時事通信", "時事"),
    "Xinhua": ("新华社", "新華社", "新华网", "신화통신", "شينخوا"),
    "China News Service": ("中新社", "中新网", "中國新聞社"),
    "Newsis": ("뉴시스",),
    "News1": ("뉴스1",),
    "Anadolu Agency": ("anadolu", "anadolu ajansı", "الأناضول"),
    "Emirates News Agency": ("وام", "wam"),
    "Saudi Press Agency": ("واس",),
    "Kuwait News Agency": ("كونا",),
    "Qatar News Agency": ("قنا", "qna"),
    "Middle East News Agency": ("أ ش أ",),
    "IRNA": ("ایرنا", "إرنا"),
    "ANA-MPA": ("απε-μπε", "athens-macedonian news agency"),
    "Ukrinform": ("укрінформ",),
    "UNIAN": ("уніан",),
    "ČTK": ("ctk",),
    "TASS": ("itar-tass", "塔斯社"),
    "ТАСС": (),
    "РИА Новости": ("риа", "ria.ru"),
    "RIA Novosti": ("ria",),
    "Interfax": ("интерфакс", "interfax.ru"),
    "Trend": ("trend news agency",),
    "APA": (),
    "KNA": (),
    "epd": (),
    "PAP": (),
    "STA": (),
    "Bloomberg": ("bloomberg news",),
    "Lusa": ("agência lusa", "agencia lusa"),
    "Folhapress": (),
    "Agência Brasil": ("agencia brasil",),
    "Estadão Conteúdo": ("estadao conteudo",),
    "UPI": ("united press international",),
    "PTI": ("press trust of india",),
    "IANS": (),
    "AAP": ("australian associated press",),
    "The Canadian Press": ("canadian press",),
    "Keystone-SDA": ("sda", "keystone-ats"),
    "NTB": (),
    "Ritzau": (),
    "TT": (),
    "STT": (),
    "MTI": (),
    "Agerpres": (),
    "Bernama": (),
    "Antara": (),
    "TTXVN": ("vna", "vietnam news agency", "thông tấn xã việt nam"),
    # Broadcasters
    "BBC News": ("bbc", "the bbc"),
    "Sky News": (),
    "CNN": (),
    "Al Jazeera": (),
    "DW": ("deutsche welle", "dw news"),
    "Euronews": (),
    "France 24": ("france24",),
    "RFI": ("radio france internationale",),
    "NOS": ("nos nieuws", "nos.nl"),
    "RTL Nieuws": (),
    "NHK": (),
    "ERT": (),
    "RTVE": ("rtve.es",),
    "ZDF": (),
    "ARD": (),
    "ntv": ("n-tv", "ntv.de", "n-tv.de"),
    "RT": (),
    # Papers and sites
    "The Guardian": ("guardian",),
    "The New York Times": ("new york times", "nyt"),
    "The Washington Post": ("washington post",),
    "Financial Times": ("the financial times", "ft"),
    "Politico": ("politico europe",),
    "Le Monde": (),
    "Le Figaro": (),
    "Libération": ("liberation",),
    "20 Minutes": (),
    "Le Soir": (),
    "Le Parisien": (),
    "Ouest-France": (),
    "ORF": ("orf.at",),
    "Yonhap": ("yonhap news agency", "연합뉴스", "聯合ニュース", "韩联社", "韓聯社"),
    "CCTV": ("央视", "央视新闻", "央视网"),
    "People's Daily": ("人民日报", "人民網", "人民网"),
    "Handelsblatt": (),
    "Financieele Dagblad": ("het financieele dagblad", "fd"),
    "The Times": (),
    "Euractiv": ("euractiv.com",),
    "Der Spiegel": ("spiegel", "spiegel online"),
    "Süddeutsche Zeitung": ("sz", "süddeutsche"),
    "F.A.Z.": ("faz", "frankfurter allgemeine zeitung", "frankfurter allgemeine"),
    "Die Zeit": ("zeit online",),
    "Die Welt": ("welt",),
    "Bild": (),
    "El País": ("el pais",),
    "El Mundo": (),
    "ABC": (),
    "La Vanguardia": (),
    "De Telegraaf": ("telegraaf",),
    "De Volkskrant": ("volkskrant",),
    "NRC": ("nrc handelsblad",),
    "AD": ("algemeen dagblad",),
    "NU.nl": ("nu.nl",),
    "NL Times": (),
    "News.Az": (),
    "Коммерсантъ": ("коммерсант",),
    "РБК": ("rbc",),
    "Известия": (),
    "Meduza": ("медуза",),
}

def _key(name: str) -> str:
    key = " ".join(name.strip(" .,;:()[]=-–—").split()).casefold()
    # "Guardian staff" and "Redazione ANSA" are the Guardian and ANSA
    return _NEWSROOM.sub("", _STAFF.sub("", key))


# A paper's word for itself, opening its own dateline or byline: "本报记者" (our reporter)
OWN_PAPER = frozenset(("本报", "本報", "本台", "本刊", "本网", "本網"))
_STAFF = re.compile(r"\s+(?:staff|reporters|redactie|redaktion)$")
_NEWSROOM = re.compile(r"^(?:redazione|redacción|redaccion|redação|redacao|redaktion|"
                       r"rédaction|redactie|(?:tim\s+)?redaksi)\s+(?=\S)", re.IGNORECASE)


_ALIASES = {_key(alias): name for name, aliases in KNOWN.items() for alias in (name, *aliases)}
# The first words of known names ("the" skipped), to pass over other words fast.
FIRST_WORDS = frozenset(alias.removeprefix("the ").split()[0] for alias in _ALIASES)
# What stands for no outlet in particular: "news agencies", "NEWS WIRES", "Redacción".
GENERIC = frozenset(("news agencies", "agencies", "agency", "wires", "news wires",
                     "wire services", "staff", "agences", "agencias", "redacción", "redaccion",
                     "redazione", "redação", "redacao", "redactie", "redaktion", "agenturen",
                     "newsroom", "agencies and staff", "ajanslar",
                     # the web, compiled, this site, agencies, sites, exclusive:
                     "网络", "互联网", "综合", "综合报道", "本站", "本网", "網路", "綜合",
                     "وكالات", "وكالات الأنباء", "مواقع", "خاص"))
_SIGNATURE_WORD = re.compile(r"^(?:[A-ZА-ЯЁ0-9][\w.&'’-]*|of|the|and|&)$")
_SOURCE_LABEL = (r"(?:sources?|quelles?|fuentes?|bron(?:nen)?|источники?|джерело|източник|"
                 r"fonte|kaynak|sumber|nguồn|πηγή|źródło|zdroj|forrás|sursa|izvor|המקור|מקור|"
                 r"المصدر|स्रोत|来源|來源|出典|출처)\s*[:：]\s*(?P<names>[^|]+?)"
                 r"(?:\s+(?:(?:作者|记者|記者|编辑|編輯|责任编辑|責任編輯)\s*[:：].*|举报|舉報|分享|"
                 r"收藏|打印|字号.*))?$")
_SOURCE = re.compile(rf"^{_SOURCE_LABEL}", re.IGNORECASE)
_SOURCE_AFTER = re.compile(rf"(?<=\s){_SOURCE_LABEL}", re.IGNORECASE)
_DOMAIN = re.compile(r"^[\w-]+(?: [\w-]+){0,2}\.(?:com|net|org|de|nl|es|fr|ru|az|be|ch|at|it|"
                     r"co\.uk|eu)$", re.IGNORECASE)  # "tagesschau.de", "Le Point.fr"
_HOLDER = r"(?P<name>[^|.,:–—(]+?)(?:\s*[|.,:–—(-].*)?$"  # the name, then what follows it
_COPYRIGHT = re.compile(r"^(?:copyright\s*)?©\s*(?:copyright\s*)?(?P<year>(?:19|20)\d\d)?\s*"
                        rf"(?:copyright\s*)?{_HOLDER}", re.IGNORECASE)
# The word alone, as wires close a story: "Copyright 2023 The Associated Press. All Rights
# Reserved." (a sentence may begin with the word: only a known outlet's name makes it one)
_COPYRIGHT_WORD = re.compile(rf"^copyright\s+(?:19|20)\d\d\s+{_HOLDER}", re.IGNORECASE)
_TRUST = re.compile(r"^why you can trust (?P<name>.+)$", re.IGNORECASE)
# A name in a script without capitals: "网易科学人", "البيان" (no sentence: short, unpunctuated)
_CASELESS_NAME = re.compile(r"^[\u0600-\u06ff\u4e00-\u9fff\u3040-\u30ff가-힣]"
                            r"[\w\u0600-\u06ff ]{1,24}$")
_CJK_PARTS = re.compile(r"\s+|[-－—]\s*(?:\S*(?:频道|頻道))?")  # names, a channel after one
_SEPARATOR = re.compile(r"\s*(?:[|•·]|\s[-–—]\s)\s*")
_LIST = re.compile(r"\s*(?:,|/|;|\band\b|\bund\b|\bet\b|\by\b|\ben\b|\bи\b|\bwith\b|\bavec\b|"
                   r"\bmit\b|\bcon\b|\bmet\b|\+|&)\s*", re.IGNORECASE)


@lru_cache(maxsize=4096)  # asked of every capitalized run of a story: names repeat
def known(name: str) -> str | None:
    """The outlet's own name if `name` is one of the known outlets, however written."""
    key = _key(name)
    return _ALIASES.get(key) or _ALIASES.get(key.removeprefix("the "))


@lru_cache(maxsize=1)
def in_other_scripts() -> re.Pattern:
    """A pattern of the known names written in scripts other than Latin: "新华社", "رويترز"."""
    names = sorted((a for a in _ALIASES if not a[0].isascii() and not a[0].isupper()
                    and a[0].lower() == a[0].upper()), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def canonical(name: str) -> str:
    """An outlet's name as it spells it: a known one's own name, else as written."""
    name = " ".join(name.strip(" ,;:()[]=-–—").split())
    return known(name) or name


# Last words of outlets' names: "Ukrainska Pravda", "Financieele Dagblad", "Korean Central
# News Agency".
OUTLET_WORDS = frozenset((
    "news", "nieuws", "nachrichten", "times", "post", "herald", "tribune", "gazette", "journal",
    "zeitung", "dagblad", "courant", "krant", "telegraph", "pravda", "gazeta", "presse", "press",
    "agency", "tv", "radio", "today", "daily", "express", "observer", "monitor", "standard",
    "chronicle", "independent", "diario", "periódico", "rundschau", "anzeiger", "kurier",
    "allgemeine", "magazine", "weekly", "review", "broadcasting", "corporation"))


def looks_like_outlet(name: str) -> bool:
    """A name of capitalized words ending with a word outlets' names end with."""
    words = name.split()
    return len(words) >= 2 and words[-1].casefold() in OUTLET_WORDS \
        and all(w[:1].isupper() for w in words)


def is_domain(name: str) -> bool:
    """A site's address standing for its outlet: "EURACTIV.com", "ntv.de"."""
    return bool(_DOMAIN.match(name.strip()))


def of_newsroom(name: str) -> str | None:
    """The outlet whose newsroom signs: "Redação g1", "Redacción EL PAÍS", "Tim Redaksi
    Kompas" (a known outlet's own spelling, the words after it left out, else as written)."""
    m = _NEWSROOM.match(name := name.strip(" ,.:"))
    rest = name[m.end():].split() if m else []
    if 0 < len(rest) <= 4 and all(w[0].isalpha() and not set(w) & set(",;|/") for w in rest):
        return next((outlet for n in range(len(rest), 0, -1)  # "Redazione ANSA ROMA": its
                     if (outlet := known(" ".join(rest[:n])))), " ".join(rest))  # city left out
    return None


def is_generic(name: str) -> bool:
    return " ".join(name.split()).casefold().strip(" .") in GENERIC


def names(text: str) -> list[str]:
    """The outlets of a list such as "SZ/dpa/Reuters/kast" or "Reuters, AP and AFP"; the
    reporters' initials ("kast", "mli") and generic words are left out."""
    out = []
    parts = _LIST.split(text)
    if not text.isascii():  # "人民日报海外版 中国青年网", "人民网-文化频道"
        parts = [p for part in parts for p in (
            [part] if known(part) or part.isascii() else _CJK_PARTS.split(part))]
    for part in parts:
        part = part.strip(" .()[]")
        if not part or is_generic(part):
            continue
        if known(part) or is_domain(part) or (part[0].isupper() and len(part.split()) <= 4) \
                or _CASELESS_NAME.match(part):
            out.append(canonical(part))
    return list(dict.fromkeys(out))


def source_line(line: str) -> list[str] | None:
    """The outlets of "Source: Al Jazeera and news agencies", "Quelle: ntv.de, mli/dpa"."""
    m = _SOURCE.match(line)
    return names(m["names"]) if m else None


def source_after(line: str) -> list[str]:
    """The outlets of a source line run into a date line: "2023-07-08 10:32 来源：新华社"."""
    m = _SOURCE_AFTER.search(line)
    return names(m["names"]) if m else []


def header(line: str) -> tuple[str, str] | None:
    """A known outlet opening a header line, and the rest: "KYODO NEWS - Jan 2, 2024"."""
    parts = _SEPARATOR.split(line, maxsplit=1)
    if len(parts) == 2 and (name := known(parts[0])):
        return name, parts[1]
    if len(parts) == 1 and (name := known(line.rstrip("•·| "))) and line.rstrip() != line:
        return name, ""
    return None


def under_byline(line: str) -> str | None:
    """The outlet of the line under a byline: "BBC News, The Hague", "BBC News"."""
    first = line.split(",")[0]
    return known(first) if len(line) <= 60 else None


def trust(line: str) -> str | None:
    """Sky News's "Why you can trust Sky News"."""
    m = _TRUST.match(line)
    return canonical(m["name"]) if m else None


def copyright_line(line: str) -> str | None:
    """The outlet of a copyright footer: "© 2023 AFP", "Copyright © 2023 The Associated
    Press. All rights reserved.", "© 2023 Deutsche Welle | Privacy Policy", and a known
    outlet's without the sign ("Copyright 2023 The Associated Press. All Rights Reserved.");
    a photo credit ("© Remko de Waal, AFP") names no outlet: no year and no known name."""
    if "©" not in line[:20]:
        m = _COPYRIGHT_WORD.match(line.strip())
        return known(m["name"].strip()) if m else None
    m = _COPYRIGHT.match(line.strip())
    if not m:
        return None
    name = m["name"].strip()
    if found := known(name):
        return found
    return canonical(name) if m["year"] and _signature_shaped(name) else None


_BUTTON = re.compile(r"^(?:(?:see|view|show|load|read) (?:all|more)|more|share|subscribe|"
                     r"sign in|log in|menu|search|close|next|previous|back to top)$",
                     re.IGNORECASE)  # a page's buttons, last before what follows the story


def signature(line: str) -> str | None:
    """The outlet of a closing signature: "News.Az", "==Kyodo", "EFE", "РИА Новости"."""
    text = line.strip().lstrip("=—–-© ").strip().strip("«»\"“”„")
    if found := copyright_line(line):
        return found
    if found := known(text):
        return found
    if is_domain(text):  # "tagesschau.de"
        return canonical(text)
    return text if _signature_shaped(text) else None


def _signature_shaped(text: str) -> bool:
    words = text.split()
    return (0 < len(words) <= 4 and len(text) <= 40 and not text.endswith((".", ":", ",", "!", "?"))
            and not _BUTTON.match(text)
            and all(_SIGNATURE_WORD.match(w) for w in words))
