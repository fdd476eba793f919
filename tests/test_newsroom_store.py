"""The newsroom's rules in the store and the publisher, on a real SQLite store: embargoes
lifted once, tombstones kept for `output.tombstone_days`, and which edits are news."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from test_feeds_publish import Site, story

from articles.model import Correction

AT = "{http://purl.org/atompub/tombstones/1.0}"


def test_an_embargo_is_lifted_once_at_its_time(tmp_path):
    site = Site(tmp_path)
    now = datetime.now(UTC)
    assert site.store.release(now) == []  # the first release only marks its time
    site.save(story(1, published=now + timedelta(hours=1)), story(2, published=now))
    assert site.store.next_embargo(now) == now + timedelta(hours=1)
    assert [a.title for a in site.store.list(10)] == ["Story 2"]
    assert [a.title for a in site.store.list(10, scheduled=True)] == ["Story 1", "Story 2"]
    revision = site.store.revision()
    assert len(site.store.release(now + timedelta(hours=1))) == 1  # story 1, not 2
    assert site.store.revision() == revision + 1
    assert site.store.release(now + timedelta(hours=1)) == []  # lifted once
    assert site.store.next_embargo(now + timedelta(hours=1)) is None


def test_tombstones_last_tombstone_days_then_leave_the_feed(tmp_path):
    site = Site(tmp_path, "[output]\ntombstone_days = 30\n")
    site.save(story(1), story(2), story(3))
    now = datetime.now(UTC)
    slugs = [a.slug for a in site.store.list(10)]
    site.store.delete(slugs[0], now - timedelta(days=31), reason="Long ago.")
    site.store.delete(slugs[1], now - timedelta(days=29), reason="Lately.")
    site.publish()
    atom = site.body("/feeds/news.atom").decode()
    assert atom.count("deleted-entry ") == 1 and "Lately." in atom and "Long ago." not in atom


def test_only_a_change_a_reader_sees_moves_updated(tmp_path):
    site = Site(tmp_path)
    first = site.store.save([story(1)], now=datetime(2024, 6, 1, tzinfo=UTC)).added[0]
    quiet = site.store.save([story(1, summary="Another summary.", tags=("city",))],
                            now=datetime(2024, 6, 2, tzinfo=UTC)).updated[0]
    assert quiet.updated == first.updated and quiet.summary == "Another summary."
    note = Correction("A name was misspelt.", datetime(2030, 1, 1, tzinfo=UTC))
    fixed = site.store.save([replace(story(1, summary="Another summary.", tags=("city",)),
                                     corrections=(note,))],
                            now=datetime(2024, 6, 3, tzinfo=UTC)).updated[0]
    assert fixed.updated == datetime(2024, 6, 3, tzinfo=UTC)
    assert fixed.corrections == (Correction(note.note, datetime(2024, 6, 3, tzinfo=UTC)),)
    again = site.store.save([replace(story(1, summary="Another summary.", tags=("city",)),
                                     corrections=(note,))], now=datetime(2024, 6, 4, tzinfo=UTC))
    assert again.unchanged and not again.changed  # the same note again is no new note
