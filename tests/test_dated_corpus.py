"""News pages no rule was tuned on, scored on their date (`data/dated/README.md`), and the
same pages copied whole on their headline too.

A story dated wrongly is published as that day's news at the top of every feed; a page
stating no date the reader can find is dated by its file, and says so. The floors are a
little under what newsfeed reads today: of the pages, 134 of 145 right and 4 dated another
day; of the same pages copied whole (masthead, menus, dated links and all), 114 of 144 right
and 10 another day (several by a masthead's clock, the day the page was crawled, shown
after the day the copy is taken to be made, where no story line gives its time).

A copy is named as its page is named: the headline newsfeed reads in the saved page is the
copy's title in 68 of the 144 (three pages give none; 48 before the thirteenth session). In 28
of the others no line of the copy is that headline; the rest take a masthead's line, another
story's headline or a caption, which stand above the story in a whole page copied.
"""

from __future__ import annotations

import pytest
from page_corpus import (
    copy_article,
    dated_copies,
    dated_pages,
    named_as_saved,
    newsfeed_article,
    reading_of,
    score,
)


@pytest.mark.parametrize(("corpus", "read", "count", "floor", "most_wrong"), [
    (dated_pages, newsfeed_article, 145, 0.91, 4),
    (dated_copies, copy_article, 144, 0.77, 11),
], ids=["pages", "pages copied whole"])
def test_most_are_dated_as_the_suite_dates_them_and_few_another_day(
        corpus, read, count, floor, most_wrong):
    pages = corpus()
    readings = {page.name: reading_of(read(page)) for page in pages}
    right, scored = score(readings, pages)["date"]
    assert scored == count
    assert right / scored >= floor, f"{right} of {scored} right"
    wrong = [page.name for page in pages if page.expected["date"]
             and readings[page.name].date not in ("", page.expected["date"])]
    assert len(wrong) <= most_wrong, wrong



def test_a_page_copied_whole_is_named_by_the_headline_its_saved_page_gives():
    named = named_as_saved(dated_copies())
    assert len(named) >= 65, f"{len(named)} of 144"
