"""Agency datelines: the place, day and agency opening a wire story's first paragraph.

"AMSTERDAM, July 7 (Reuters) -", "THE HAGUE, Netherlands (AP) —", "The Hague (AFP) –",
"Den Haag (dpa) -", "La Haya, 7 jul (EFE).-", "MADRID, 10 Jul. (EUROPA PRESS) -",
"(Bloomberg) --", "THE HAGUE, July 8. /TASS/.", "ГААГА, 8 июл — РИА Новости.",
"Москва. 7 июля. INTERFAX.RU -", "BAKU, Azerbaijan, July 8.", "RHODES, Greece --",
"القاهرة (رويترز) -", and as East Asian agencies write them, with the reporters: "新华社北京7月8日电
（记者王小明）", "(서울=연합뉴스) 홍길동 기자 =", "【ロンドン共同】", "【ワシントン=山田太郎】".
They name the agency and the day (its year comes from elsewhere), and belong to the
body: a title is taken from the text after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.parse.newswire import date_lines, outlets
from articles.parse.newswire.date_forms import Stated

_PLACE = r"(?P<place>[A-ZÀ-ÞА-ЯЁ\u0600-\u06ff\u0590-\u05ff][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?)"
_REGION = r"(?:,\s*(?P<region>[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}))"
_DAY_MONTH = r"(?P<date>[\w.]{1,10}\.?\s+[\w.]{1,10})"
_WHOLE_DATE = (r"(?P<date>\d{1,2}\.\s?\d{1,2}\.\s?(?:19|20)\d\d|"
               r"\d{1,2}\.?\s+[^\W\d_]{3,12}\.?\s+(?:19|20)\d\d)")
_PATTERNS = [re.compile(p) for p in (
    # (Reuters) -, (AP) —, (AFP) –, (EFE).-, (Bloomberg) --
    rf"^(?:{_PLACE}{_REGION}?(?:,\s*{_DAY_MONTH})?\s*)?\((?P<agency>[^()]{{2,30}})\)"
    r"\s*(?:\.-|--|[-–—:]|$)\s*",
    rf"^{_PLACE},\s*{_DAY_MONTH}\.?\s*/(?P<agency>[^/]{{2,20}})/\.?\s*",  # /TASS/.
    rf"^{_PLACE},\s*{_DAY_MONTH}\s*[—–-]\s*(?P<agency>[^.,]{{2,25}})\.\s*",  # — РИА Новости.
    rf"^{_PLACE}\.\s*{_DAY_MONTH}\.\s*(?P<agency>[A-ZА-Я][\w.-]+)\s*[-–—]\s*",  # INTERFAX.RU -
    rf"^{_PLACE}{_REGION}?,\s*{_DAY_MONTH}\.\s+",  # BAKU, Azerbaijan, July 8.
    rf"^{_PLACE}{_REGION}?\s*(?:--|[–—])\s+",  # RHODES, Greece --
    # a press release's whole date, its place or none: "Wien, 14. Dezember 2021 – ",
    # "27.1.2022 - Bei der Erinnerung …"
    rf"^(?:{_PLACE},\s*)?{_WHOLE_DATE}\s+[–—-]\s+(?=[^\W\d_])",
)]


_HAN = r"[\u4e00-\u9fff]"
# "新华社北京7月8日电（记者王小明）": agency, place, day, "dispatch", reporters
_CHINESE = re.compile(rf"^(?P<head>{_HAN}{{3,12}}?)(?P<month>\d{{1,2}})月(?P<day>\d{{1,2}})日"
                      rf"(?:电|電|讯|訊)\s*(?:[（(](?:记者|記者)?\s*(?P<people>[^（）()]{{2,30}}?)"
                      r"\s*(?:整合|综合|綜合|编辑|編輯)?[）)])?\s*")
# "〔記者巫其倫／台北報導〕": reporter and place, as Taiwan's papers open a story
_TAIWANESE = re.compile(r"^[〔［\[【（(](?:記者|记者)(?P<people>[^／/〕］\]】)）]{2,12})[／/]"
                        r"(?P<place>[^〕］\]】)）]{1,8}?)(?:報導|报道)[〕］\]】)）]\s*")
# An outlet ending like one: "长江网", "中国青年报", "央视新闻"
_OUTLET_SHAPED = re.compile(rf"^{_HAN}{{2,6}}(?:网|網|报|報|社|台|新闻|新聞)$")
# "(서울=연합뉴스) 홍길동 기자 =", "[서울=뉴시스]홍길동·김철수 기자 ="
_KOREAN_NAMES = r"[가-힣]{2,4}(?:\s*[·ㆍ,]\s*[가-힣]{2,4})*"
_KOREAN = re.compile(rf"^[(\[]\s*[가-힣A-Za-z]{{1,10}}\s*=\s*(?P<agency>[^)\]=\s]{{2,12}})"
                     rf"(?:\s+(?P<inside>{_KOREAN_NAMES})\s*(?:선임|수석|객원)?(?:기자|특파원))?"
                     rf"\s*[)\]]\s*(?:(?P<people>{_KOREAN_NAMES})\s*(?:선임|수석|객원)?(?:기자|특파원)"
                     r"\s*=?\s*)?")  # "(서울=연합뉴스) 홍길동 기자 =", "[부산=스포츠조선 X 기자]"
# "JAKARTA, KOMPAS.com -", "TRIBUNNEWS.COM -": a site's address as its dateline's agency
_SITE = re.compile(r"^(?:(?P<place>[A-Z][A-Z .'-]{1,30}),\s*)?(?P<agency>[\w-]+(?:\.[\w-]+)*"
                   r"\.(?i:com|co\.id|id|net|org|co\.kr|com\.my|co\.in))\s*[-–—]\s+")
# "المدينة نيوز :-", "(أبوظبي - البيان)": an Arabic site's name opening its story
_ARABIC = re.compile(r"^(?:(?P<agency>[\u0600-\u06ff]{2,15}(?:\s[\u0600-\u06ff]{2,15})?)\s*:-|"
                     r"[(（]\s*[\u0600-\u06ff ]{2,20}?\s*[-–]\s*"
                     r"(?P<agency2>[\u0600-\u06ff ]{2,20}?)\s*[)）])\s*")
# "【ロンドン共同】", "【ワシントン=山田太郎】"
_JAPANESE = re.compile(r"^【(?P<place>[^=＝】]{1,12}?)(?:[=＝](?P<people>[^】]{2,12})"
                       r"|(?P<agency>共同|時事))】\s*")


@dataclass(frozen=True)
class Dateline:
    agency: str  # "" when it names none
    day: Stated | None  # the day it names, without a year
    end: int  # where the story's own text starts
    people: tuple[str, ...] = ()  # the reporters it names


@lru_cache(maxsize=64)  # a copy asks for its first paragraphs' datelines more than once
def read(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, if any."""
    if (not paragraph[:1].isascii() or paragraph[:1] in "([") \
            and (found := _east_asian(paragraph)):
        return found
    if (m := _SITE.match(paragraph)) and (m["place"] or m["agency"].isupper()):
        return Dateline(outlets.canonical(m["agency"]), None, m.end())  # not "Google.com - …"
    for pattern in _PATTERNS:
        m = pattern.match(paragraph)
        if not m or not _is_place(m["place"]):
            continue
        if not m["place"] and m.end() >= len(paragraph.rstrip()):
            continue  # "(END)": no dateline without a place or a story after it
        day = None
        if m.groupdict().get("date"):
            line = date_lines.read(m["date"])
            if line is None or len(line.dates) != 1:
                continue
            day = line.dates[0]
        agency = m.groupdict().get("agency") or ""
        if agency and not _is_agency(agency):
            continue
        if not agency and not day and not (m["place"] or "").isupper():
            continue  # "Madrid, Spain –" only with capitals or a day
        return Dateline(outlets.canonical(agency) if agency else "", day, m.end())
    return None


def _east_asian(paragraph: str) -> Dateline | None:
    if m := _KOREAN.match(paragraph):
        people = _names(m["inside"] or m["people"], r"\s*[·ㆍ,]\s*")
        if (agency := outlets.known(m["agency"])) or people:  # a known agency or its reporter
            return Dateline(agency or m["agency"], None, m.end(), people)
    elif m := _TAIWANESE.match(paragraph):
        return Dateline("", None, m.end(), _names(m["people"], r"\s*[、,]\s*"))
    elif (m := _ARABIC.match(paragraph)) and not outlets.is_generic(m["agency"] or m["agency2"]):
        return Dateline(outlets.canonical(m["agency"] or m["agency2"]), None, m.end())
    elif (m := _JAPANESE.match(paragraph)) and (m["agency"] or m["people"]):  # not "【速報】"
        agency = outlets.known(m["agency"]) if m["agency"] else ""
        return Dateline(agency or "", None, m.end(), _names(m["people"], r"\s*[、,]\s*"))
    elif m := _CHINESE.match(paragraph):
        head = m["head"]
        for cut in range(2, len(head) + 1):  # the agency, then the place: "新华社" "北京"
            agency = head[:cut]
            if (known := outlets.known(agency)) or agency in outlets.OWN_PAPER \
                    or _OUTLET_SHAPED.match(agency):
                day = Stated("published", None, int(m["month"]), int(m["day"]))
                own = "" if agency in outlets.OWN_PAPER else known or agency
                return Dateline(own, day, m.end(), _names(m["people"], r"\s*[、，,\s]\s*"))
    return None


def _names(text: str | None, separator: str) -> tuple[str, ...]:
    return tuple(n for n in re.split(separator, text.strip())) if text else ()


def _is_place(place: str | None) -> bool:
    return place is None or (len(place) <= 30 and not place.endswith("."))


def _is_agency(name: str) -> bool:
    return bool(outlets.known(name)) or (len(name.split()) <= 3 and name[:1].isupper()
                                         and not any(c.isdigit() for c in name))
