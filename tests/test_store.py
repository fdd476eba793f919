"""The article store on a real SQLite file and a real PostgreSQL database (`store` fixture)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from articles.model import Article, Correction, Image
from articles.queries import Filter
from articles.reading import read_article_file
from articles.store import Store

T0 = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
SAVED = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)  # "now" of a first save
EDITED = datetime(2024, 3, 6, 8, 15, tzinfo=UTC)  # "now" of a later save


def story(title: str = "Council approves the new bridge", *, published: datetime = T0,
          source: str = "Wire Desk", **fields) -> Article:
    """A story as a parser would return it, without slug or id unless given."""
    fields = {"content_html": f"<p>{title}.</p>", "summary": f"{title}.", **fields}
    return Article(title=title, published=published, source=source, **fields)


@pytest.fixture
def seed(seed_path) -> Article:
    [article] = read_article_file(seed_path, tz=UTC, max_bytes=5_000_000)
    return article


def only(store: Store) -> Article:
    [article] = store.latest(10)
    return article


# -- one story, saved again and again ---------------------------------------------------


def test_the_seed_is_stored_with_its_own_dates_and_a_uri_id(store, seed):
    revision = store.revision()
    result = store.save([seed], now=SAVED)
    assert [a.slug for a in result.added] == ["2023-07-08-rutte-resigns"]
    assert result.changed and store.revision() == revision + 1 and store.count() == 1
    stored = only(store)
    assert stored == result.added[0]
    assert stored.title.startswith("Dutch Prime Minister Mark Rutte has resigned")
    assert (stored.source, stored.cites) == ("News.Az", ("Sky News",))
    assert stored.published == datetime(2023, 7, 8, tzinfo=UTC)
    assert stored.updated == stored.published  # the story's own date, never the save time
    assert stored.id.startswith("urn:uuid:")
    uuid.UUID(stored.id.removeprefix("urn:uuid:"))


def test_the_image_corrections_and_date_origin_come_back_as_saved(store):
    image = Image("https://example.org/a.jpg", 1200, 800, "image/jpeg", 0, "A bridge", "AP")
    fixed = Correction("The bridge is 40 m long, not 400 m.", EDITED)
    store.save([story(image=image, corrections=(fixed,), date_from="dateline")], now=SAVED)
    stored = only(store)
    kept = Correction(fixed.note, SAVED)  # a note is kept with the time it was stored
    assert (stored.image, stored.corrections, stored.date_from) == (image, (kept,), "dateline")


def test_how_a_date_was_found_is_not_an_edit(store):
    store.save([story(date_from="file time")], now=SAVED)
    assert store.save([story(date_from="stated")], now=EDITED).unchanged


def test_saving_the_same_story_again_changes_nothing(store, seed):
    first = store.save([seed], now=SAVED).added[0]
    revision = store.revision()
    result = store.save([seed], now=EDITED)
    assert (result.added, result.updated, result.changed) == ([], [], False)
    assert result.unchanged == [first]
    assert store.revision() == revision
    assert only(store) == first


# (what changes, whether it is still the same story): same source, title and day is one.
SAME_OR_NOT = [
    ("another file name", lambda a: replace(a, slug="rutte-copy", origin="rutte-copy.txt"), True),
    ("no slug (an upstream entry)", lambda a: replace(a, slug="", origin="upstream"), True),
    ("later the same day", lambda a: replace(a, slug="x", published=a.published.replace(hour=23)),
     True),
    ("title in capitals with extra spaces",
     lambda a: replace(a, slug="y", title="  " + a.title.upper().replace(" ", "   ")), True),
    ("the next day", lambda a: replace(a, slug="z", published=a.published + timedelta(days=1)),
     False),
    ("another outlet", lambda a: replace(a, slug="w", source="Other Wire"), False),
]


@pytest.mark.parametrize("change, same", [c[1:] for c in SAME_OR_NOT],
                         ids=[c[0] for c in SAME_OR_NOT])
def test_the_same_story_in_another_file_is_one_entry(store, seed, change, same):
    original = store.save([seed], now=SAVED).added[0]
    copy = change(seed)
    result = store.save([copy], now=EDITED)
    if same:
        assert not result.added and store.count() == 1
        stored = only(store)
        assert (stored.id, stored.slug, stored.published) == (
            original.id, original.slug, original.published)
        if copy.slug:
            assert store.by_slug(copy.slug) is None
    else:
        assert len(result.added) == 1 and store.count() == 2
        assert result.added[0].id != original.id
        assert store.by_slug(original.slug) == original


@pytest.mark.parametrize("given, published_as", [
    ("tag:example.org,2024:bridge", "tag:example.org,2024:bridge"),  # a URI: kept
    ("12345", "urn:uuid:"),  # not a URI: a UUID made from it
])
def test_the_same_explicit_id_is_one_entry(store, tmp_path, given, published_as):
    first = store.save([story(id=given, slug="bridge")], now=SAVED).added[0]
    assert first.id.startswith(published_as)
    retitled = story("A different headline on another day", id=given,
                     published=T0 + timedelta(days=2))
    result = store.save([retitled], now=EDITED)
    assert not result.added and len(result.updated) == 1
    stored = only(store)
    assert stored.title == retitled.title
    assert (stored.id, stored.slug, stored.published) == (first.id, "bridge", T0)
    elsewhere = Store(f"sqlite:///{tmp_path / 'elsewhere.db'}")  # another instance, same id
    try:
        elsewhere.create()
        assert elsewhere.save([story(id=given)]).added[0].id == first.id
    finally:
        elsewhere.close()


def test_ids_without_an_explicit_one_are_stable_uris(store, seed, tmp_path):
    first = store.save([seed]).added[0]
    elsewhere = Store(f"sqlite:///{tmp_path / 'elsewhere.db'}")
    try:
        elsewhere.create()
        assert elsewhere.save([replace(seed, slug="", origin="other")]).added[0].id == first.id
    finally:
        elsewhere.close()
    assert store.save([story()]).added[0].id.startswith("urn:uuid:")
    assert store.save([story()]).added == []  # and saving it again keeps it


@pytest.mark.parametrize("field", ["title", "content_html"])
def test_an_edit_moves_updated_to_the_save_time_and_keeps_published_and_id(store, seed, field):
    first = store.save([seed], now=SAVED).added[0]
    revision = store.revision()
    edited = replace(seed, **{field: getattr(seed, field) + " Corrected on Monday."})
    result = store.save([edited], now=EDITED)
    assert len(result.updated) == 1 and not result.added
    assert store.revision() == revision + 1
    stored = only(store)
    assert getattr(stored, field) == getattr(edited, field)
    assert stored.updated == EDITED
    assert (stored.published, stored.id, stored.slug) == (first.published, first.id, first.slug)

    later = EDITED + timedelta(days=1)
    assert store.save([edited], now=later).unchanged  # the edit again: no change
    assert only(store).updated == EDITED and store.revision() == revision + 1


def test_a_new_story_whose_edit_is_in_the_same_batch_keeps_updated_equal_to_published(store):
    result = store.save([story(), story(summary="A better summary.")], now=EDITED)
    assert len(result.added) == 1 and store.count() == 1
    stored = only(store)
    assert stored.summary == "A better summary."  # the last word wins
    assert stored.updated == stored.published == T0  # it is new: not edited after publishing



# -- one `updated` instant per story -----------------------------------------------------

MIDNIGHT = datetime(2024, 3, 1, tzinfo=UTC)


def test_date_only_stories_of_one_day_take_the_next_free_seconds_after_midnight(store):
    day = [story(f"Story {n} of the day", published=MIDNIGHT) for n in range(3)]
    result = store.save(day[:2], now=SAVED)  # a collision within one batch
    assert [a.updated for a in result.added] == [MIDNIGHT, MIDNIGHT + timedelta(seconds=1)]
    result = store.save(day[2:], now=SAVED)  # and with a story stored before
    assert [a.updated for a in result.added] == [MIDNIGHT + timedelta(seconds=2)]
    stored = {a.title: a for a in store.latest(10)}
    assert [(stored[a.title].published, stored[a.title].updated) for a in day] == [
        (MIDNIGHT, MIDNIGHT + timedelta(seconds=n)) for n in range(3)]

    revision = store.revision()
    result = store.save(day, now=EDITED)  # dropped again as they were: nothing moves
    assert len(result.unchanged) == 3 and not result.changed and store.revision() == revision
    assert {a.title: a for a in store.latest(10)} == stored


def test_a_taken_down_story_holds_no_instant(store):
    store.save([story("Taken down", published=MIDNIGHT, slug="gone")], now=SAVED)
    assert store.delete("gone", now=SAVED)
    [added] = store.save([story("Fresh", published=MIDNIGHT)], now=EDITED).added
    assert added.updated == MIDNIGHT


def test_an_edit_moves_updated_to_its_time_or_the_next_free_second(store):
    first, second = (story(f"Story {n} of the day", published=MIDNIGHT) for n in range(2))
    store.save([first, second], now=SAVED)
    # `first` edited at the instant `second` holds: it moves, and to a free second.
    edited = replace(first, content_html="<p>Corrected.</p>",
                     updated=MIDNIGHT + timedelta(seconds=1))
    [moved] = store.save([edited], now=EDITED).updated
    assert (moved.published, moved.updated) == (MIDNIGHT, MIDNIGHT + timedelta(seconds=2))
    # Edited without a time of its own, a story takes the edit's; midnight, now free (the
    # first story left it), goes to a new one.
    [moved] = store.save([replace(second, content_html="<p>Corrected too.</p>")],
                         now=EDITED).updated
    assert moved.updated == EDITED
    [added] = store.save([story("Third of the day", published=MIDNIGHT)], now=EDITED).added
    assert added.updated == MIDNIGHT
    held = [a.updated for a in store.latest(10)]
    assert len(set(held)) == len(held) == 3


# -- reading -----------------------------------------------------------------------------


def test_latest_is_newest_published_first_and_limited(store):
    days = [3, 0, 5, 1, 4, 2]
    store.save([story(f"Story of day {d}", published=T0 + timedelta(days=d)) for d in days])
    assert [a.title for a in store.latest(10)] == [f"Story of day {d}" for d in (5, 4, 3, 2, 1, 0)]
    assert [a.title for a in store.latest(2)] == ["Story of day 5", "Story of day 4"]
    assert store.latest(0) == []
    # same published instant: the one stored later comes first
    store.save([story("Also on day 5", source="Other Wire", published=T0 + timedelta(days=5))])
    assert [a.title for a in store.latest(2)] == ["Also on day 5", "Story of day 5"]


CORPUS = [
    story("Bridge opens", source="Wire Desk", authors=("Ana Lima",), tags=("City", "Transport")),
    story("Storm warning", source="Weather Service", authors=("Bo Chen",), tags=("Weather",)),
    story("Budget passes", source="News.Az", authors=("Ana Lima", "Cy Dow"),
          tags=("Politics", "City")),
    story("Match report", source="Sport Wire", tags=("Sport",)),
]
FILTERS = [
    (Filter(), {"Bridge opens", "Storm warning", "Budget passes", "Match report"}),
    (Filter(categories=["city"]), {"Bridge opens", "Budget passes"}),
    (Filter(categories=["POLITICS", "Weather"]), {"Storm warning", "Budget passes"}),
    (Filter(sources=["news.az"]), {"Budget passes"}),
    (Filter(sources=["WIRE DESK", "sport wire"]), {"Bridge opens", "Match report"}),
    (Filter(authors=["  ana   LIMA "]), {"Bridge opens", "Budget passes"}),
    (Filter(categories=["city"], authors=["Cy Dow"]), {"Budget passes"}),
    (Filter(categories=["sport"], sources=["Wire Desk"]), set()),
    (Filter(categories=["nothing"]), set()),
]


def test_filters_by_category_source_and_author_ignoring_case(store):
    store.save(CORPUS)
    for where, titles in FILTERS:
        assert {a.title for a in store.latest(10, where)} == titles, where


def test_by_slug(store, seed):
    stored = store.save([seed]).added[0]
    assert store.by_slug("2023-07-08-rutte-resigns") == stored
    assert store.by_slug("2023-07-08-rutte") is None


def test_different_stories_wanting_one_slug_get_numbered_ones(store):
    store.save([story("Same headline", source="Wire Desk")])
    store.save([story("Same headline", source="City Paper"),
                story("Same headline", source="Radio One")])
    base = "2024-03-01-same-headline"
    assert {a.source: a.slug for a in store.latest(10)} == {
        "Wire Desk": base, "City Paper": f"{base}-2", "Radio One": f"{base}-3"}
    for slug, source in ((base, "Wire Desk"), (f"{base}-2", "City Paper")):
        assert store.by_slug(slug).source == source
    store.save([story("Same headline", source="City Paper")])  # again: keeps its slug
    assert store.by_slug(f"{base}-2").source == "City Paper" and store.count() == 3


ZONES = [UTC, ZoneInfo("Europe/Amsterdam"), ZoneInfo("Asia/Kolkata"),
         timezone(timedelta(hours=-5))]


def test_dates_come_back_as_aware_utc(store):
    dates = {}
    for n, tz in enumerate(ZONES):
        published = datetime(2024, 7, 1, 23, 45, 12, 345678, tzinfo=tz)
        dates[f"dated-{n}"] = (published, published + timedelta(hours=3))
        store.save([story(f"Dated {n}", published=published, updated=dates[f"dated-{n}"][1],
                          slug=f"dated-{n}")])
    for article in [*store.latest(10), *map(store.by_slug, dates)]:
        assert (article.published, article.updated) == dates[article.slug]
        assert article.published.utcoffset() == article.updated.utcoffset() == timedelta(0)


def test_a_batch_with_copies_inside_itself_stores_each_story_once(store):
    bridge, storm = story("Bridge opens"), story("Storm warning")
    tagged = story("Tagged", id="tag:example.org,2024:tagged")
    revision = store.revision()
    result = store.save([
        bridge, bridge, storm,
        replace(bridge, slug="bridge-copy", origin="bridge-copy.txt"),  # same story, other file
        tagged, replace(tagged, title="Tagged, retitled"),  # same id
        replace(storm),
    ])
    assert store.count() == 3 and store.revision() == revision + 1
    assert {a.title for a in store.latest(10)} == {
        "Bridge opens", "Storm warning", "Tagged, retitled"}  # the last word wins
    assert sorted(result.added, key=lambda a: a.title) == sorted(
        store.latest(10), key=lambda a: a.title)  # reported as stored


# -- several writers at once -------------------------------------------------------------


def save_at_once(store_url: str, batches: list[list[Article]]) -> list:
    """Each batch saved by its own `Store` (own connections) in its own thread, all released
    together; the results."""
    stores = [Store(store_url) for _ in batches]
    start = threading.Barrier(len(batches))

    def write(args):
        writer, batch = args
        start.wait()
        return writer.save(batch)

    try:
        with ThreadPoolExecutor(len(batches)) as pool:
            return list(pool.map(write, zip(stores, batches, strict=True)))
    finally:
        for s in stores:
            s.close()


def test_writers_saving_the_same_story_at_once_store_it_once(store, store_url):
    rounds, writers = 5, 4
    revision = store.revision()
    for n in range(rounds):
        batch = [story(f"Round {n} lead"), story(f"Round {n} second")]
        results = save_at_once(store_url, [batch] * writers)
        assert sum(len(r.added) for r in results) == 2
        assert sum(len(r.unchanged) for r in results) == 2 * (writers - 1)
    assert store.count() == 2 * rounds
    assert store.revision() == revision + rounds  # one change per round, however many writers


def test_writers_saving_different_stories_wanting_one_slug_at_once_get_distinct_ones(
        store, store_url):
    sources = ["Wire Desk", "City Paper", "Radio One", "Harbour News"]
    save_at_once(store_url, [[story("Same headline", source=s)] for s in sources])
    base = "2024-03-01-same-headline"
    assert sorted(a.slug for a in store.latest(10)) == [
        base, f"{base}-2", f"{base}-3", f"{base}-4"]


def test_changes_name_the_articles_edited_or_deleted_since_a_revision(store):
    stories = [Article(title=f"Story {n}", content_html=f"<p>{n}</p>",
                       published=datetime(2024, 1, n, tzinfo=UTC)) for n in (1, 2, 3)]
    store.save(stories)
    start = store.revision()
    assert store.changes(since=start) == (start, [])  # new stories are not edits
    pk3, _, pk1 = (pk for pk, _ in store.versions(10)[0])  # newest first
    store.save([replace(stories[0], content_html="<p>Corrected.</p>")])
    assert store.delete(next(a.slug for a in store.latest(10) if a.title == "Story 3"))
    revision, revised = store.changes(since=start)
    assert revision == start + 2 and sorted(revised) == sorted([pk1, pk3])
    assert store.changes(since=start + 1) == (revision, [pk3])  # only the deletion after it
    assert store.changes(since=revision) == (revision, [])
