"""Agency datelines: the place, day and agency opening a wire story's first paragraph.

"AMSTERDAM, July 7 (Reuters) -", "THE HAGUE, Netherlands (AP) —", "The Hague (AFP) –",
"Den Haag (dpa) -", "La Haya, 7 jul (EFE).-", "MADRID, 10 Jul. (EUROPA PRESS) -",
"(Bloomberg) --", "THE HAGUE, July 8. /TASS/.", "ГААГА, 8 июл — РИА Новости.",
"Москва. 7 июля. INTERFAX.RU -", "BAKU, Azerbaijan, July 8.", "RHODES, Greece --".
They name the agency and the day (its year comes from elsewhere), and belong to the
body: a title is taken from the text after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from articles.parse.newswire import date_lines, outlets
from articles.parse.newswire.date_lines import Stated

_PLACE = r"(?P<place>[A-ZÀ-ÞА-ЯЁ][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?)"
_REGION = r"(?:,\s*(?P<region>[A-ZÀ-Þ][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2}))"
_DAY_MONTH = r"(?P<date>[\w.]{1,10}\.?\s+[\w.]{1,10})"
_PATTERNS = [re.compile(p) for p in (
    # (Reuters) -, (AP) —, (AFP) –, (EFE).-, (Bloomberg) --
    rf"^(?:{_PLACE}{_REGION}?(?:,\s*{_DAY_MONTH})?\s*)?\((?P<agency>[^()]{{2,30}})\)"
    r"\s*(?:\.-|--|[-–—:]|$)\s*",
    rf"^{_PLACE},\s*{_DAY_MONTH}\.?\s*/(?P<agency>[^/]{{2,20}})/\.?\s*",  # /TASS/.
    rf"^{_PLACE},\s*{_DAY_MONTH}\s*[—–-]\s*(?P<agency>[^.,]{{2,25}})\.\s*",  # — РИА Новости.
    rf"^{_PLACE}\.\s*{_DAY_MONTH}\.\s*(?P<agency>[A-ZА-Я][\w.-]+)\s*[-–—]\s*",  # INTERFAX.RU -
    rf"^{_PLACE}{_REGION}?,\s*{_DAY_MONTH}\.\s+",  # BAKU, Azerbaijan, July 8.
    rf"^{_PLACE}{_REGION}?\s*(?:--|[–—])\s+",  # RHODES, Greece --
)]


@dataclass(frozen=True)
class Dateline:
    agency: str  # "" when it names none
    day: Stated | None  # the day it names, without a year
    end: int  # where the story's own text starts


@lru_cache(maxsize=64)  # a copy asks for its first paragraphs' datelines more than once
def read(paragraph: str) -> Dateline | None:
    """The dateline opening `paragraph`, if any."""
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


def _is_place(place: str | None) -> bool:
    return place is None or (len(place) <= 30 and not place.endswith("."))


def _is_agency(name: str) -> bool:
    return bool(outlets.known(name)) or (len(name.split()) <= 3 and name[:1].isupper()
                                         and not any(c.isdigit() for c in name))
