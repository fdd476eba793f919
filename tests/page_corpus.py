"""The scored corpus of saved news pages (`tests/data/pages/`), and how a reading is scored.

`pages.tar.xz`, `held_out.tar.xz` and `unseen3.tar.xz` hold real saved article pages, byte for
byte as the public extraction test suites ship them (README.md there says which and under what
license); `manifest.json` holds what a careful reader finds on each: the acceptable headlines (the
story's own, without the site's name), the date (the day the page states, in the page's
time; `""` when it states none, so only the file time is right), the byline (acceptable sets
of people; `[]` when the page names no person, null when it is unclear), the outlet
(acceptable spellings of the site's name) and the lead image (the URLs the page declares for
its story, null when it declares none, `[""]` when it declares only a logo), and for the
body: the suites' snippets that must and must not be in it (trafilatura's pages) or the whole
article text (Scrapinghub's pages). `test_page_corpus` scores newsfeed on it, and
`make bench` (`bench/pages.py`) scores trafilatura alone beside it.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
import tarfile
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent / "data" / "pages"
FIELDS = ("headline", "date", "authors", "outlet", "image")
MTIME = datetime(2000, 1, 1, tzinfo=UTC)  # a file time no page states: its use is a miss


@dataclass(frozen=True)
class Page:
    name: str  # e.g. "traf/theguardian.com.academics.html"
    data: bytes
    expected: dict


@dataclass(frozen=True)
class Reading:
    """What an extractor made of a page, in the terms the manifest uses."""

    headline: str = ""
    date: str = ""  # YYYY-MM-DD
    authors: frozenset[str] = frozenset()  # people only: an outlet given as author is none
    outlet: str = ""
    image: str = ""
    text: str = ""  # the body's words


@cache
def pages() -> tuple[Page, ...]:
    expected = {e["file"]: e for e in json.loads((HERE / "manifest.json").read_text("utf-8"))}
    found = {}
    for path in sorted(HERE.glob("*.tar.xz")):
        with tarfile.open(path) as archive:
            for member in archive:
                if member.isfile() and member.name in expected:
                    found[member.name] = archive.extractfile(member).read()
    missing = set(expected) - set(found)
    assert not missing, f"pages in the manifest but not in the archive: {sorted(missing)}"
    return tuple(Page(name, found[name], expected[name]) for name in expected)


@cache
def chrome_saves() -> tuple[Page, ...]:
    """The corpus's pages as Chrome saves them in one file ("Webpage, Single File", MHTML:
    `../data/saved/README.md` says how they were made), each with its page's answers;
    Chrome leaves out every script, the JSON-LD many pages state their date and byline in."""
    expected = {str(Path(e["file"]).with_suffix(".mhtml")): e
                for e in json.loads((HERE / "manifest.json").read_text("utf-8"))}
    with tarfile.open(HERE.parent / "saved" / "chrome-single-file.tar.xz") as archive:
        return tuple(Page(member.name, archive.extractfile(member).read(), expected[member.name])
                     for member in archive if member.isfile())


@cache
def page_copies() -> tuple[Page, ...]:
    """The corpus's pages copied whole (`../data/saved/copies.tar.xz`: select all and copy,
    as `.txt` drops), each with its page's answers."""
    expected = {str(Path(e["file"]).with_suffix(".txt")): e
                for e in json.loads((HERE / "manifest.json").read_text("utf-8"))}
    with tarfile.open(HERE.parent / "saved" / "copies.tar.xz") as archive:
        return tuple(Page(member.name, archive.extractfile(member).read(), expected[member.name])
                     for member in archive if member.isfile())


@cache
def dated_pages() -> tuple[Page, ...]:
    """Pages scored on their date alone (`../data/dated/`: htmldate's evaluation pages of
    news sites that the scored corpus does not hold, with the suite's dates); each page's
    expected `date` is "" when it states none, its other fields None (not scored)."""
    folder = HERE.parent / "dated"
    manifest = {e["file"]: e for e in json.loads((folder / "manifest.json").read_text("utf-8"))}
    with tarfile.open(folder / "mediacloud.tar.xz") as archive:
        return tuple(Page(f"dated/{member.name}", archive.extractfile(member).read(),
                          {**dict.fromkeys(FIELDS), "date": manifest[member.name]["date"]})
                     for member in archive if member.isfile())


@cache
def dated_copies() -> tuple[Page, ...]:
    """The same pages copied whole (`../data/dated/copies.tar.xz`: each opened in headless
    Chromium without its scripts, `document.body.innerText`, what select all and copy
    gives), as `.txt` drops, with the page's expected date."""
    folder = HERE.parent / "dated"
    manifest = {Path(e["file"]).stem: e for e in
                json.loads((folder / "manifest.json").read_text("utf-8"))}
    with tarfile.open(folder / "copies.tar.xz") as archive:
        return tuple(Page(f"dated-copies/{member.name}", archive.extractfile(member).read(),
                          {**dict.fromkeys(FIELDS),
                           "date": manifest[Path(member.name).stem]["date"]})
                     for member in archive if member.isfile())


def copy_article(page: Page):
    """newsfeed's article of a copy, as dropped three and a half days after the day the
    story came out (a copy made while it was news; one of no date, on 1 January 2021)."""
    from datetime import timedelta

    day = page.expected["date"]
    return newsfeed_article(page, datetime.fromisoformat(day).replace(tzinfo=UTC)
                            + timedelta(days=3, hours=12) if day
                            else datetime(2021, 1, 1, tzinfo=UTC))


def named_as_saved(copies: tuple[Page, ...]) -> list[str]:
    """The copies (of `dated_copies`) whose title is the headline newsfeed reads in the page
    they were copied from, quotes, a closing period, case and spacing aside."""
    saved = {Path(page.name).stem: page for page in dated_pages()}
    named = []
    for copy in copies:
        article = copy_article(copy)
        page = newsfeed_article(saved[Path(copy.name).stem])
        if article and page and _headline(article.title) == _headline(page.title):
            named.append(copy.name)
    return named


def _headline(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split()).strip(
        " .\"'“”‘’«»")


def htmldate_reading(page: Page) -> Reading:
    """htmldate's own date of the page (its extensive search, the original date), given the
    page alone as newsfeed is: a dropped file has no address but the one it states."""
    import htmldate

    from articles.encoding import decode, html_charset

    text = decode(page.data, html_charset(page.data), markup=True)
    try:
        found = htmldate.find_date(text, original_date=True, extensive_search=True)
    except Exception:  # a crash is a miss
        return Reading()
    return Reading(date=found or "")


def saved_html(page: Page) -> Page:
    """The page an MHTML file holds (its HTML part), for an extractor that reads only HTML."""
    message = email.message_from_bytes(page.data, policy=email.policy.default)
    part = next(p for p in message.walk() if p.get_content_type() == "text/html")
    return Page(str(Path(page.name).with_suffix(".html")), part.get_payload(decode=True),
                page.expected)


def newsfeed_article(page: Page, mtime: datetime = MTIME):
    """newsfeed's article of a page, through the same entry point as a dropped file (its
    time `mtime`), or None when it refuses the page."""
    from articles.model import Rejected
    from articles.parse import Context, parse

    name = Path(page.name).name
    try:
        [article] = parse(name, page.data, Context(name, mtime, UTC))
    except Rejected:
        return None
    return article


def newsfeed_reading(page: Page) -> Reading:
    return reading_of(newsfeed_article(page))


def reading_of(article) -> Reading:
    """An `Article` in the manifest's terms."""
    from articles.sanitize import html_to_text

    if article is None:
        return Reading()
    people = () if article.authors == (article.source,) else article.authors
    return Reading(
        headline=article.title,
        date="" if article.date_from == "file time" else article.published.date().isoformat(),
        authors=frozenset(map(_norm, people)),
        outlet=article.source,
        image=article.image.url if article.image else "",
        text=html_to_text(article.content_html),
    )


def trafilatura_reading(page: Page) -> Reading:
    """trafilatura's own reading (`bare_extraction` with metadata), as a user would call it."""
    import trafilatura

    from articles.encoding import decode, html_charset

    text = decode(page.data, html_charset(page.data), markup=True)
    try:
        found = trafilatura.bare_extraction(text, with_metadata=True, include_images=True)
    except Exception:  # a crash is a miss, as in trafilatura's own evaluation
        return Reading()
    if found is None:
        return Reading()
    author = found.author or ""
    people = [] if not author or author == (found.sitename or "") else author.split("; ")
    return Reading(headline=found.title or "", date=(found.date or "")[:10],
                   authors=frozenset(map(_norm, people)), outlet=found.sitename or "",
                   image=found.image or "", text=" ".join((found.text or "").split()))


def right(field: str, reading: Reading, expected: dict) -> bool | None:
    """Whether `reading` has `field` right; None when the manifest does not score it."""
    want = expected[field]
    if want is None:
        return None
    if field == "headline":
        return _norm(reading.headline) in {_norm(h) for h in want}
    if field == "date":
        return reading.date == want
    if field == "authors":
        return reading.authors in [frozenset(map(_norm, people)) for people in want]
    if field == "outlet":
        return _norm(reading.outlet) in {_norm(o) for o in want}
    return _url(reading.image) in {_url(u) for u in want}


def score(readings: dict[str, Reading], corpus: tuple[Page, ...] | None = None
          ) -> dict[str, tuple[int, int]]:
    """Per field: (right, scored) over the pages read (of `corpus`, else of `pages()`)."""
    totals = {field: [0, 0] for field in FIELDS}
    for page in pages() if corpus is None else corpus:
        if page.name not in readings:
            continue
        for field in FIELDS:
            verdict = right(field, readings[page.name], page.expected)
            if verdict is not None:
                totals[field][0] += verdict
                totals[field][1] += 1
    return {field: (r, n) for field, (r, n) in totals.items()}


def body_score(readings: dict[str, Reading]) -> dict[str, float]:
    """How much of the story the bodies hold and how little else: the share of the suites'
    must-have snippets found ("kept") and of their must-not snippets, the page's furniture,
    left out ("left out") on trafilatura's pages; the mean word F1 against the article
    text Scrapinghub's benchmark gives ("F1")."""
    kept = want = out = unwanted = 0
    f1s = []
    for page in pages():
        reading = readings.get(page.name)
        if reading is None:
            continue
        text = _norm(reading.text)
        for snippet in page.expected.get("body_with", []):
            want += 1
            kept += _norm(snippet) in text
        for snippet in page.expected.get("body_without", []):
            unwanted += 1
            out += _norm(snippet) not in text
        if "body" in page.expected:
            f1s.append(_f1(text.split(), _norm(page.expected["body"]).split()))
    return {"kept": kept / want if want else 0.0, "left out": out / unwanted if unwanted else 0.0,
            "F1": sum(f1s) / len(f1s) if f1s else 0.0}


def _f1(found: list[str], wanted: list[str]) -> float:
    common = sum((Counter(found) & Counter(wanted)).values())
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(wanted)
    return 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})


def _url(url: str) -> str:
    return re.sub(r"^https?:", "", url.strip().replace("&amp;", "&"))
