"""News pages no rule was tuned on, scored on their date alone (`data/dated/README.md`).

A story dated wrongly is published as that day's news at the top of every feed; a page
stating no date the reader can find is dated by its file, and says so. The floors are a
little under what newsfeed reads today: of the pages, 134 of 145 right and 4 dated another
day; of the same pages copied whole (masthead, menus, dated links and all), 107 of 144 right
and 12 another day (several by a masthead's clock, the day the page was crawled, shown
after the day the copy is taken to be made).
"""

from __future__ import annotations

import pytest
from page_corpus import (
    copy_article,
    dated_copies,
    dated_pages,
    newsfeed_article,
    reading_of,
    score,
)


@pytest.fixture(scope="module")
def readings():
    return {page.name: reading_of(newsfeed_article(page)) for page in dated_pages()}


def test_most_pages_are_dated_as_the_suite_dates_them(readings):
    right, scored = score(readings, dated_pages())["date"]
    assert scored == 145
    assert right / scored >= 0.91, f"{right} of {scored} right"


def test_few_pages_are_dated_another_day_than_they_were_published(readings):
    wrong = [page.name for page in dated_pages() if page.expected["date"]
             and readings[page.name].date not in ("", page.expected["date"])]
    assert len(wrong) <= 4, wrong


@pytest.fixture(scope="module")
def copies():
    return {page.name: reading_of(copy_article(page)) for page in dated_copies()}


def test_most_pages_copied_whole_are_dated_as_the_suite_dates_them(copies):
    right, scored = score(copies, dated_copies())["date"]
    assert scored == 144
    assert right / scored >= 0.73, f"{right} of {scored} right"
    wrong = [page.name for page in dated_copies() if page.expected["date"]
             and copies[page.name].date not in ("", page.expected["date"])]
    assert len(wrong) <= 12, wrong
