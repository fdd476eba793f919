"""Stories copied from real pages in 15 languages and their scripts, scored field by field
against floors (tests/data/scripts/; its manifest says how each answer was read).

A field below its floor fails, and the message names the copies it got wrong. No copy may
be dated wrongly: one that prints no date of its own takes the file's time, and one that
prints a date takes that day.
"""

from __future__ import annotations

from collections import Counter

import pytest
from newswire_corpus import SCRIPTS, copies, score

COPIES = copies(SCRIPTS)


@pytest.fixture(scope="module")
def parsed():
    return {copy.file: copy.parse() for copy in COPIES}


def test_the_corpus_spans_the_scripts():
    assert len(COPIES) >= 60
    languages = Counter(c.expected["language"] for c in COPIES)
    assert set(languages) >= {"zhs", "zht", "ja", "ko", "ar", "fa", "hi", "el", "tr", "th"}
    assert len({c.file.split("-")[0] for c in COPIES}) >= 40  # sites


@pytest.mark.parametrize("field", SCRIPTS.fields)
def test_field_scores_reach_their_floors(parsed, field):
    scores, misses = score(parsed, SCRIPTS)
    floor = SCRIPTS.floors[field]
    assert scores[field] >= floor, (
        f"{field}: {scores[field]:.0%} < {floor:.0%}; wrong in {misses[field]}")


def test_no_copy_is_dated_another_day_than_it_prints(parsed):
    """Missing a date (the file's time, said in the log) is a miss; another day is a lie."""
    wrong = []
    for copy in COPIES:
        article, want = parsed[copy.file], copy.published()
        if article.date_from == "file time" or copy.expected["published"] == "file time":
            if copy.expected["published"] == "file time" and article.date_from != "file time":
                wrong.append((copy.file, article.published.isoformat()))
            continue
        day = article.published.date()  # as printed, in the zone it names
        if (day.month, day.day) != ((want.month, want.day) if hasattr(want, "month") else want):
            wrong.append((copy.file, article.published.isoformat()))
    assert not wrong
