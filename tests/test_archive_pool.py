"""The first publish of a big store: its archive pages rendered, checked and written by worker
processes on every core (`feeds.publishing.archive_pool`), into the very files one process writes,
each
page checked once and cheaply; workers that can't start or die lose nothing."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from test_feeds_archive import titles
from test_feeds_publish import Renders, Site, story

from feeds.publishing import archive_pool, publish
from feeds.rendering import check

FEED = '[[feed]]\nname = "news"\nlimit = 3\n'
# A second feed of every third story: its pages are read from the store through its filter.
FEEDS = FEED + '[[feed]]\nname = "world"\nlimit = 3\ncategories = ["world"]\n'
STORIES = 40  # 13 full archive pages of 3, and a subscription document of 3 of the last 4


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def published(root: Path, monkeypatch, *, pooled: bool, toml: str = FEED) -> Site:
    """A store of `STORIES` stories first published into an empty output folder, its archive
    pages in worker processes (`pooled`) or in this one."""
    monkeypatch.setattr(publish, "POOL_PAGES", 2 if pooled else 10_000)
    site = Site(root, toml)
    site.save(*(story(n, tags=("world",) if n % 3 == 0 else ()) for n in range(1, STORIES + 1)))
    site.publish()
    return site


def test_worker_processes_write_byte_for_byte_what_one_process_writes(tmp_path, monkeypatch):
    here = published(tmp_path / "here", monkeypatch, pooled=False, toml=FEEDS)
    renders = Renders(monkeypatch)
    pooled = published(tmp_path / "pooled", monkeypatch, pooled=True, toml=FEEDS)
    assert not [url for url in renders.urls if "/archive/" in url]  # none in this process
    written = files(pooled.cfg.output.path)
    assert written == files(here.cfg.output.path)
    assert {f"feeds/news/archive/{n}.{fmt}{gz}" for n in range(1, 14)
            for fmt in ("atom", "rss", "json") for gz in ("", ".gz")} < set(written)
    assert "feeds/news/archive/.pages.json" in written
    assert titles(pooled, "/feeds/news/archive/13.rss") == ["Story 39", "Story 38", "Story 37"]
    assert titles(pooled, "/feeds/world/archive/3.atom") == ["Story 27", "Story 24", "Story 21"]
    # A restart trusts what the workers wrote: the manifest vouches for every page.
    again = Site(tmp_path / "pooled", FEEDS, store=pooled.store)
    again.publish(force=True)
    assert not [url for url in renders.urls if "/archive/" in url]
    assert files(again.cfg.output.path) == written


def test_the_progress_of_the_pages_the_workers_render(tmp_path, monkeypatch):
    monkeypatch.setattr(publish, "POOL_PAGES", 2)
    site = Site(tmp_path, FEED)
    site.save(*(story(n) for n in range(1, STORIES + 1)))
    seen = []
    site.publisher.publish(force=True, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 13) for n in range(14)]


def test_each_archive_page_is_checked_without_reading_back_every_entry(tmp_path, monkeypatch):
    """feedparser reads back each shape of head once (first page, middle, last: their links
    differ) per process: lxml checks every entry of every page, and what feedparser could
    still refuse in an entry lxml refuses too."""
    read_back = []
    original = check.reads_back
    monkeypatch.setattr(check, "reads_back",
                        lambda fmt, body: read_back.append(body) or original(fmt, body))
    published(tmp_path, monkeypatch, pooled=False)
    archived = [body for body in read_back if b"/archive/" in body and b"<entry>" not in body
                and b"<item>" not in body]
    assert len(archived) == 2 * 3  # Atom and RSS, three shapes
    assert len(read_back) <= len(archived) + 2 * 2  # and the subscription documents


def test_a_page_that_fails_its_check_is_not_published_and_names_its_article(
        tmp_path, monkeypatch, caplog):
    toml = '[output]\nmax_bytes = 20000\n' + FEED
    huge = "<p>" + "word " * 4000 + "</p>"
    monkeypatch.setattr(publish, "POOL_PAGES", 2)
    site = Site(tmp_path, toml)
    site.save(*(story(n, content_html=huge) if n == 5 else story(n)
                for n in range(1, STORIES + 1)))
    with caplog.at_level(logging.ERROR, logger="newsfeed.publish"):
        site.publish()
    archive = site.cfg.output.path / "feeds/news/archive"
    assert not list(archive.glob("2.*"))  # story 5's page: not published
    assert (archive / "1.atom").is_file() and (archive / "3.atom").is_file()
    slug = next(a.slug for a in site.store.latest(STORIES) if a.title == "Story 5")
    messages = [r.getMessage() for r in caplog.records]
    for fmt in ("atom", "rss", "json"):
        assert any(f"not publishing /feeds/news/archive/2.{fmt}" in m and "over the limit" in m
                   and slug in m for m in messages), messages
    assert site.publisher.archive_page("/feeds/news/archive/2.atom") is None
    assert sorted(json.loads((archive / ".pages.json").read_text()), key=int) == [
        str(n) for n in range(1, 14) if n != 2]


@pytest.mark.parametrize("python", ["no-such-python", "true"])
def test_workers_that_cannot_start_or_die_leave_the_pages_to_this_process(
        tmp_path, monkeypatch, caplog, python):
    """A missing interpreter; one that exits at once (as a worker killed would)."""
    here = published(tmp_path / "here", monkeypatch, pooled=False)
    executable = shutil.which(python) or str(tmp_path / python)
    monkeypatch.setattr(archive_pool.sys, "executable", executable)
    with caplog.at_level(logging.WARNING, logger="newsfeed.publish"):
        pooled = published(tmp_path / "pooled", monkeypatch, pooled=True)
    assert files(pooled.cfg.output.path) == files(here.cfg.output.path)
    assert any("rendering 13 archive pages in this process" in r.getMessage()
               for r in caplog.records)
