"""Saved news pages: how often newsfeed reads each field right, beside trafilatura alone.

The corpus of `tests/data/pages/` (219 real saved pages from public extraction test suites,
with what a careful reader finds on each), read once by newsfeed's parser (the drop folder's
entry point) and once by trafilatura's `bare_extraction` with metadata, page by page in
turn, so both see the same machine (and the same expressions: in this process trafilatura's
attribute tests are the guarded ones `articles.parse.main_text` gives it, which find the
same nodes). Each field's figure is newsfeed's share of pages right
(goal: 90% headlines and dates, 80% authors, 85% outlets and lead images) beside
trafilatura's; one more counts the fields where newsfeed is at least as right as trafilatura
(goal: all five); three describe the body (the suites' must-have sentences kept, their
must-not furniture left out, word F1 against Scrapinghub's article texts); the last gives
pages parsed per second, both ways. Then the same pages as Chrome saves them in one file
(`tests/data/saved/chrome-single-file.tar.xz`: MHTML, without the pages' scripts and their
JSON-LD), read by newsfeed from the `.mhtml` and by trafilatura from the page in it, and
copied whole (`tests/data/saved/copies.tar.xz`: select all, copy, a `.txt` drop; no peer
reads a copy): headlines, dates and bylines against the pages' answers. Last, news pages no
rule was tuned on, scored on their date alone (`tests/data/dated/`, htmldate's suite),
beside htmldate alone given the same page, and the same pages copied whole as `.txt` drops
(no peer reads a copy): their dates, and how many are titled with the headline newsfeed
reads in the saved page.
"""

from __future__ import annotations

import time

from bench.common import Figure, Run
from tests.page_corpus import (
    FIELDS,
    body_score,
    chrome_saves,
    copy_article,
    dated_copies,
    dated_pages,
    htmldate_reading,
    named_as_saved,
    newsfeed_article,
    page_copies,
    pages,
    reading_of,
    saved_html,
    score,
    trafilatura_reading,
)

GOALS = {"headline": 90, "date": 90, "authors": 80, "outlet": 85, "image": 85}
NAMES = {"headline": "headlines", "date": "dates", "authors": "bylines", "outlet": "outlets",
         "image": "lead images"}


def run(run: Run) -> list[Figure]:
    corpus = pages()[::4] if run.quick else pages()
    ours, theirs = {}, {}
    our_time = their_time = 0.0
    for page in corpus:
        started = time.perf_counter()
        ours[page.name] = reading_of(newsfeed_article(page))
        our_time += time.perf_counter() - started
        started = time.perf_counter()
        theirs[page.name] = trafilatura_reading(page)
        their_time += time.perf_counter() - started
    our_score, their_score = _shares(score(ours)), _shares(score(theirs))
    figures = [Figure(f"pages: {NAMES[f]} right", our_score[f], "%", baseline=their_score[f],
                      baseline_label="trafilatura alone", goal=GOALS[f], op=">=",
                      goal_on_value=True) for f in FIELDS]
    level = sum(our_score[f] >= their_score[f] for f in FIELDS)
    figures.append(Figure("pages: fields at or above trafilatura", level, "of 5", goal=5,
                          op=">=", goal_on_value=True))
    our_body, their_body = body_score(ours), body_score(theirs)
    figures += [Figure(f"pages: body, {label}", 100 * our_body[key], "%",
                       baseline=100 * their_body[key], baseline_label="trafilatura alone")
                for key, label in (("kept", "suite sentences kept"),
                                   ("left out", "page furniture left out"),
                                   ("F1", "word F1 to the article text"))]
    figures.append(Figure("pages: parsed per second", len(corpus) / our_time, "pages/s",
                          baseline=len(corpus) / their_time,
                          baseline_label="trafilatura bare_extraction"))
    run.detail("pages", f"{len(corpus)} saved pages (tests/data/pages), each read by newsfeed "
                        "and by trafilatura alone in turn; "
                        + ", ".join(f"{f} {our_score[f]:.0f}% vs {their_score[f]:.0f}%"
                                    for f in FIELDS))
    return figures + _chrome_saves(run) + _page_copies(run) + _dated(run)


def _chrome_saves(run: Run) -> list[Figure]:
    """The fields of the pages Chrome saved whole, newsfeed beside trafilatura alone."""
    corpus = chrome_saves()[::4] if run.quick else chrome_saves()
    ours = {page.name: reading_of(newsfeed_article(page)) for page in corpus}
    theirs = {page.name: trafilatura_reading(saved_html(page)) for page in corpus}
    our_score, their_score = (_shares(score(ours, corpus)), _shares(score(theirs, corpus)))
    run.detail("pages", f"{len(corpus)} of the pages as Chrome saves them in one file (.mhtml, "
                        "tests/data/saved), newsfeed reading the file, trafilatura the page "
                        "in it; " + ", ".join(f"{f} {our_score[f]:.0f}% vs {their_score[f]:.0f}%"
                                              for f in FIELDS))
    return [Figure(f"pages saved whole by Chrome: {NAMES[f]} right", our_score[f], "%",
                   baseline=their_score[f], baseline_label="trafilatura alone", goal=GOALS[f],
                   op=">=", goal_on_value=True) for f in FIELDS]


def _page_copies(run: Run) -> list[Figure]:
    """The fields of the pages copied whole (select all, copy: `.txt` drops), each scored
    against its page's answers; no peer reads a copy of a page's text."""
    corpus = page_copies()[::4] if run.quick else page_copies()
    ours = _shares(score({page.name: reading_of(copy_article(page)) for page in corpus},
                         corpus))
    fields = ("headline", "date", "authors")
    run.detail("pages", f"{len(corpus)} of the pages copied whole (select all, copy, dropped "
                        "as .txt; tests/data/saved): "
                        + ", ".join(f"{f} {ours[f]:.0f}%" for f in fields))
    return [Figure(f"pages copied whole: {NAMES[f]} right", ours[f], "%") for f in fields]


def _dated(run: Run) -> list[Figure]:
    """The dates of news pages no rule was tuned on, newsfeed beside htmldate alone."""
    corpus = dated_pages()[::4] if run.quick else dated_pages()
    ours = {page.name: reading_of(newsfeed_article(page)) for page in corpus}
    theirs = {page.name: htmldate_reading(page) for page in corpus}
    (right, scored), (peer, _) = score(ours, corpus)["date"], score(theirs, corpus)["date"]
    wrong = {name: sum(readings[page.name].date not in ("", page.expected["date"])
                       for page in corpus if page.expected["date"])
             for name, readings in (("newsfeed", ours), ("htmldate", theirs))}
    run.detail("pages", f"{scored} news pages scored on their date alone (tests/data/dated, "
                        f"htmldate's suite, none tuned on): newsfeed {right} right, "
                        f"{wrong['newsfeed']} dated another day; htmldate alone (no address) "
                        f"{peer} right, {wrong['htmldate']} another day")
    copies = dated_copies()[::4] if run.quick else dated_copies()
    copied = {page.name: reading_of(copy_article(page)) for page in copies}
    copied_right, copied_scored = score(copied, copies)["date"]
    copied_wrong = sum(copied[page.name].date not in ("", page.expected["date"])
                       for page in copies if page.expected["date"])
    named = len(named_as_saved(copies))
    run.detail("pages", f"the same pages copied whole (select all, copy: {copied_scored} as "
                        f".txt drops, no peer reads a copy): {copied_right} right, "
                        f"{copied_wrong} dated another day, the rest by the file time; "
                        f"{named} titled with the headline newsfeed reads in the saved page")
    return [Figure("dated pages: dates right", 100 * right / scored, "%",
                   baseline=100 * peer / scored, baseline_label="htmldate alone",
                   goal=GOALS["date"], op=">=", goal_on_value=True),
            Figure("dated pages copied whole: dates right", 100 * copied_right / copied_scored,
                   "%"),
            Figure("dated pages copied whole: titled as the saved page",
                   100 * named / len(copies), "%")]


def _shares(scores: dict[str, tuple[int, int]]) -> dict[str, float]:
    return {field: 100 * right / scored for field, (right, scored) in scores.items()}
