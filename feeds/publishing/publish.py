"""Publishing: render every feed once per store revision, keep the bytes and their validators
in memory for the web app, and write them atomically into the output folder.

Each document becomes a `feeds.publishing.resource.Resource`, every answer to it worked out once;
the web app's hot path only looks one up and compares a header.

This module holds the revision-driven publish: per-feed state (`FeedState`), the subscription
documents, archive pages and tombstones, members-only files and the home page. The documents
rendered on request (query and tag feeds, archive pages from disk), and the channels, filters
and files all documents share, are `feeds.publishing.on_demand.OnDemand`'s.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import logging
import shutil
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

import config
from articles.model import Article, Takedown
from articles.queries import Filter
from articles.store import Store
from feeds import readers
from feeds.publishing import archive, archive_pool
from feeds.publishing.archive import Archive, Key
from feeds.publishing.files import gzip_bytes, sync, write_if_changed
from feeds.publishing.on_demand import OnDemand
from feeds.publishing.output import Writer
from feeds.publishing.resource import CONTENT_TYPES, Resource
from feeds.rendering import pages, render

log = logging.getLogger("newsfeed.publish")

Progress = Callable[[int, int], None]  # (archive pages looked at, pages to look at)
LOG_EVERY = 10  # seconds between the log lines of a long publish
POOL_PAGES = 40  # full archive pages to render from which worker processes render them
READ_PAGES = 20  # full archive pages read from the store in one query


class Publisher(OnDemand):
    """Renders the configured feeds, their archive pages and the home page, for the store's
    current revision, rendering only what changed (see `_feed`); the documents rendered
    only when asked for are `OnDemand`'s.

    `resources` (URL path -> Resource) holds the public subscription documents and the home
    page; `members` those of members-only feeds, served only with a member's key; archive
    pages, which can be thousands, are files in the output folder, answered through
    `archive_page`. `changed` lists the URLs of the public subscription documents whose
    bytes the last `publish` changed, for WebSub.

    A members-only feed's stories are left out of every public document (`where`): its
    documents, sent `Cache-Control: private`, are written beside the output folder
    (`output.path` + ".members"), never in it.
    """

    def __init__(self, store: Store, cfg: config.Config):
        super().__init__(store, cfg)
        self.resources: dict[str, Resource] = {}  # URL path -> resource; replaced, never mutated
        self.members: dict[str, Resource] = {}  # the same, of members-only feeds
        self._resources: dict[str, Resource] = {}  # both
        self.changed: list[str] = []
        self._feeds: dict[str, FeedState] = {}  # replaced per feed, never mutated
        self._lock = threading.Lock()
        self._listing: list = []  # (feed, channel, entries) of the last publish, for the home page
        self._readers_at = 0.0  # time.monotonic() of the last reader count
        self._stats: dict[str, readers.FeedReaders] | None = None
        # New documents go to the writer as they are rendered, and are written (by its helper
        # process) while the next renders; `publish` waits for them all.
        self._writer = Writer()
        weakref.finalize(self, self._writer.close)
        self._sent: list[_Sent] = []

    def publish(self, force: bool = False, progress: Progress | None = None) -> bool:
        """Render and publish what changed if the store did since the last time; whether it
        did. `force` looks even when the store's revision did not move. The first publish of
        a Publisher reads each feed whole; archive pages still render only if they changed.
        `progress(done, total)` follows the archive pages looked at, feed by feed; long
        runs of them are logged too."""
        with self._lock:
            if self.revision is None:
                revision, revised = self.store.revision(), []
                self._withdraw()
            else:
                revision, revised = self.store.changes(since=self.revision)
            if revision == self.revision and not force and not self._expiring():
                self._refresh_home()
                return False
            resources, listing, self.changed = {}, [], []
            try:
                states = []
                for feed in self.cfg.feed:
                    old = self._feeds.get(feed.name)
                    state = self._feed(feed, old, resources, revised, progress)
                    states.append((feed, old, state))
                    if not feed.members_only:
                        listing.append((feed, self.channel(feed, state.archive.pages),
                                        state.entries))
                self._listing = listing
                # The home page before the feeds' documents, so that it is written (by the
                # writer's helper) while they render.
                if home := self._home(self._readers()):
                    self._send("/", *home, "html", self.cfg.server.cache_max_age)
                else:
                    resources["/"] = self._resources["/"]
                for feed, old, state in states:
                    if state is not old:
                        self._documents(feed, old, state, resources)
                # Files, then memory, so the two never disagree for long: the archive pages
                # first (`_feed`), then the home page and the feeds, each body after its .gz.
                resources.update(self._written())
            except BaseException:
                self._sent = []  # a publish that failed leaves nothing to the next one
                with contextlib.suppress(OSError):
                    self._writer.results()
                raise
            # Only now: after a failure, the next publish finds the feeds as they were.
            self._feeds.update({feed.name: state for feed, _, state in states})
            self._resources, self.revision = resources, revision
            self.members = {p: r for p, r in resources.items() if self._private(p)}
            self.resources = {p: r for p, r in resources.items() if p not in self.members}
            log.info("published revision %d", revision)
            return True

    def _withdraw(self) -> None:
        """Take the files of members-only feeds out of the public output folder, where
        they were while those feeds were public."""
        for name in self.members_only:
            folder = self.cfg.output.path / "feeds"
            for fmt in render.RENDERERS:
                for file in (folder / f"{name}.{fmt}", folder / f"{name}.{fmt}.gz"):
                    file.unlink(missing_ok=True)
            shutil.rmtree(folder / name, ignore_errors=True)

    def _refresh_home(self) -> bool:
        """Re-render the home page when the readers of the feeds changed (they are written to
        the store once a minute, without a new revision); whether it changed. Cheap: one
        query, at most once every `readers.FLUSH_SECONDS`. The caller holds `_lock`."""
        if self.revision is None or time.monotonic() - self._readers_at < readers.FLUSH_SECONDS:
            return False
        page = self._home(self._readers())
        if page is None:
            return False
        self._send("/", *page, "html", self.cfg.server.cache_max_age)
        home = self._written()
        self._resources, self.resources = {**self._resources, **home}, {**self.resources, **home}
        return True

    def _readers(self) -> dict[str, readers.FeedReaders]:
        """Readers per feed, counted again when the last count is older than a flush; a
        publish that follows soon after another adds no query."""
        if self._stats is not None and (
                time.monotonic() - self._readers_at < readers.FLUSH_SECONDS):
            return self._stats
        self._readers_at = time.monotonic()
        try:
            self._stats = readers.counts(self.store, [f.name for f in self.cfg.feed])
        except SQLAlchemyError as exc:  # the page without them beats no page
            log.warning("home page without reader counts: %s", exc)
            self._stats = {}
        return self._stats

    def _home(self, stats: dict[str, readers.FeedReaders]) -> tuple[bytes, datetime] | None:
        """The home page's bytes and updated time; None when they are those published."""
        home = pages.home(self.cfg, self._listing, readers=stats)
        old_home = self._resources.get("/")
        if old_home is not None and old_home.body == home:
            return None
        return home, max((render.updated(e) for *_, e in self._listing), default=render.EPOCH)

    def _send(self, path: str, body: bytes, modified: datetime, fmt: str,
              max_age: int) -> _Sent:
        """A new document, sent to be written; `_written` makes its resource once it is."""
        new = _Sent(path, body, modified, fmt, max_age)
        self._writer.send(self._file(path), body, modified.timestamp())
        self._sent.append(new)
        return new

    def _written(self) -> dict[str, Resource]:
        """The documents sent since the last call, once written, by URL path; the feeds
        whose files changed go to `changed`."""
        sent, self._sent = self._sent, []
        made = {}
        for new, written in zip(sent, self._writer.results(), strict=True):
            private = self._private(new.path)
            made[new.path] = Resource.make(new.body, CONTENT_TYPES[new.fmt], new.modified,
                                           new.max_age, gzipped=written.gzipped,
                                           digested=written.digest, private=private)
            if written.changed and new.path != "/" and not private:
                self.changed.append(self.cfg.site.base_url + new.path.lstrip("/"))
        return made

    def _feed(self, feed: config.Feed, old: FeedState | None, resources: dict,
              revised: list[int], progress: Progress | None = None) -> FeedState:
        """One feed's state: `old` itself, its documents kept in `resources`, after one
        indexed query when none of its articles changed; else a new state, the archive pages
        whose entries changed re-rendered (its documents are `_documents`' work).
        `revised`: the pks of the articles edited or deleted since the last publish."""
        where = self.where(feed)
        anchor = old.archive.anchor if old else 0
        head, tail = self.store.versions(feed.limit, where, after_pk=anchor)
        paths = [f"/feeds/{feed.name}.{fmt}" for fmt in render.RENDERERS]
        archived = [pk for pk in revised if pk <= anchor]  # in full pages, of this feed or not
        if (old and not archived and head == old.head and tail == list(old.archive.tail)
                and not self._expired(old)):
            resources.update({p: self._resources[p] for p in paths if p in self._resources})
            return old
        if old:
            arch = self._edited(feed, where, old.archive.extend(tail), archived)
        else:
            arch = Archive.build(tail, feed.limit)
        wanted = {*head, *arch.tail}  # the subscription documents' and the tail's
        known = {key: a for key, a in old.articles.items() if key in wanted} if old else {}
        head, entries = self._read(feed, head, known)
        arch = arch.showing(head)
        published = self._archive(feed, where, arch, old, known, progress)
        return FeedState(head, entries, arch, published, known,
                         self._tombstones(where, old, revised))

    def _tombstones(self, where: Filter, old: FeedState | None,
                    revised: list[int]) -> tuple[Takedown, ...]:
        """The feed's stories taken down in the last `output.tombstone_days`: those known
        still in time, and those among the articles revised since (all, at the first)."""
        days = self.cfg.output.tombstone_days
        if not days:
            return ()
        since = datetime.now(UTC) - timedelta(days=days)
        if old is None:
            return tuple(self.store.tombstones(where, since))
        found = {t.id: t for t in old.tombstones if t.deleted >= since}
        if revised:
            found |= {t.id: t for t in self.store.tombstones(where, since, revised)}
        return tuple(sorted(found.values(), key=lambda t: t.deleted, reverse=True))

    def _expired(self, state: FeedState) -> bool:
        """Whether a tombstone of `state` has had its time."""
        days = self.cfg.output.tombstone_days
        return bool(state.tombstones) and (
            state.tombstones[-1].deleted < datetime.now(UTC) - timedelta(days=days))

    def _expiring(self) -> bool:
        return any(self._expired(state) for state in self._feeds.values())

    def _documents(self, feed: config.Feed, old: FeedState | None, state: FeedState,
                   resources: dict) -> None:
        """A changed feed's subscription documents: the resources kept, the others sent."""
        channel = self.channel(feed, state.archive.pages, tombstones=state.tombstones)
        with render.shared_entries():
            for fmt in render.RENDERERS:
                path = f"/feeds/{feed.name}.{fmt}"
                if (old and state.head == old.head and state.archive.pages == old.archive.pages
                        and state.tombstones == old.tombstones):
                    resource = self._resources.get(path)
                else:
                    resource = self._document(path, fmt, channel, state.entries,
                                              render.updated(state.entries, channel),
                                              self.max_age(feed))
                if isinstance(resource, Resource):  # else sent, or nothing to publish
                    resources[path] = resource

    def _read(self, feed: config.Feed, keys: list[Key],
              known: dict[Key, Article]) -> tuple[list[Key], list[Article]]:
        """The articles of `keys`, read from the store unless `known` has them (and added to
        it); with the keys as read: an article edited since `keys` were taken comes with its
        new version, one deleted meanwhile is left out."""
        read = self.store.by_pks([pk for pk, version in keys if (pk, version) not in known])
        found = []
        for pk, version in keys:
            if (pk, version) in known:
                found.append(((pk, version), known[pk, version]))
            elif pk in read:
                found.append(((pk, read[pk][0]), self._shown(feed, read[pk][1])))
        known.update(found)
        return [key for key, _ in found], [article for _, article in found]

    def _edited(self, feed, where: Filter, arch: Archive, archived: list[int]) -> Archive:
        """`arch` with the full pages re-read that hold an article edited, deleted or
        re-tagged since the last publish (pks `archived`); cut again from all keys when an
        article joined or left one of them."""
        for page in sorted({arch.page_of(pk) for pk in archived}):
            arch = arch.replace(page, self.store.page_versions(where, arch.after_pk(page),
                                                               feed.limit))
            if arch is None:
                log.info("feed %s: an article joined or left archive page %d; cutting the "
                         "pages again", feed.name, page)
                everything = self.store.versions(1, where, after_pk=0)[1]
                return Archive.build(everything, feed.limit)
        return arch

    def _archive(self, feed, where: Filter, arch: Archive, old: FeedState | None,
                 articles: dict[Key, Article], progress: Progress | None = None) -> dict:
        """Render the archive pages whose documents changed; page -> digest now on disk.

        After a restart every page is looked at (its digest against the manifest, its files);
        then only the pages `Archive.changed` names, so a rebuild does not grow with them.
        Many full pages to render (a first publish) go to worker processes (`_in_pool`)."""
        folder = self._root(f"/feeds/{feed.name}/") / "feeds" / feed.name / "archive"
        sig = archive.signature(render.VERSION, _settings(self.channel(feed)), feed.limit,
                                *([] if feed.content == "full" else [feed.content]))
        channel = self.channel(feed, arch.pages)
        if old is None:
            known, candidates = archive.read_manifest(folder), range(1, arch.pages + 1)
        else:
            known, candidates = old.published, sorted(arch.changed(old.archive))
        full = len(arch.full)
        vouched = {n: d for n, d in known.items() if n <= full}  # by the manifest on disk
        result = {n: d for n, d in known.items() if n <= arch.pages}
        digests, todo = {}, []
        for n in candidates:
            digests[n] = arch.document(sig, n)
            names = [folder / f"{n}.{fmt}" for fmt in render.RENDERERS]
            if known.get(n) != digests[n] or not (old or all(map(Path.exists, names))):
                result.pop(n, None)
                todo.append(n)
        counter = _Counter(feed.name, len(candidates), len(candidates) - len(todo), progress)
        pooled = [n for n in todo if n <= full]
        count = archive_pool.workers()
        if len(pooled) < POOL_PAGES or count < 2:
            pooled = []
        else:  # the manifest may not vouch for a page while its files are being replaced
            vouched = _write_manifest(folder, {n: d for n, d in result.items() if n <= full},
                                      vouched)
            for done in self._in_pool(feed, where, arch, channel, pooled, folder, count):
                counter.step()
                if not done.failed:
                    result[done.number] = digests[done.number]
                for fmt, why in done.failed:
                    log.error("not publishing %s, keeping the last good version: %s",
                              archive.path(feed.name, done.number, fmt), why)
            sync(folder)
        here = [n for n in todo if n not in pooled]
        pages = self._pages(feed, where, arch, [n for n in here if n <= full])
        for n in here:
            # The page of articles after the full ones, not shown, or a full one.
            entries = (self._read(feed, list(arch.rest), articles)[1][::-1] if n > full
                       else next(pages)[1])
            page = dataclasses.replace(channel, page=n)
            with render.shared_entries():
                bodies = [self._checked(archive.path(feed.name, n, fmt), fmt, page, entries,
                                        archived=True) for fmt in render.RENDERERS]
            mtime = render.updated(entries).timestamp()
            for fmt, body in zip(render.RENDERERS, bodies, strict=True):
                if body is not None:
                    name = folder / f"{n}.{fmt}"
                    write_if_changed(name, body, mtime, durable=n <= full)
                    write_if_changed(name.with_name(f"{name.name}.gz"), gzip_bytes(body), mtime,
                                      durable=n <= full)
            if None not in bodies:
                result[n] = digests[n]
            counter.step()
        for n in range(arch.pages + 1, (old.archive.pages if old else 0) + 1):
            for fmt in render.RENDERERS:  # a page no longer published (see `Archive.rest`)
                for name in (f"{n}.{fmt}", f"{n}.{fmt}.gz"):
                    (folder / name).unlink(missing_ok=True)
        # The manifest: the full pages only; that of `Archive.rest` is rendered at each start.
        _write_manifest(folder, {n: d for n, d in result.items() if n <= full}, vouched)
        return result

    def _in_pool(self, feed, where: Filter, arch: Archive, channel: render.Channel,
                 numbers: list[int], folder: Path, count: int) -> Iterator[archive_pool.Rendered]:
        """Full archive pages `numbers` rendered and written by `count` worker processes, as
        they are done; their files are not durable until `sync`ed."""
        jobs = (archive_pool.Page(n, dataclasses.replace(channel, page=n), entries,
                                  tuple(str((folder / f"{n}.{fmt}").absolute())
                                        for fmt in render.RENDERERS))
                for n, entries in self._pages(feed, where, arch, numbers))
        folder.mkdir(parents=True, exist_ok=True)
        return archive_pool.render_pages(jobs, self.cfg.output.max_bytes, count)

    def _pages(self, feed: config.Feed, where: Filter, arch: Archive,
               numbers: list[int]) -> Iterator[tuple[int, list[Article]]]:
        """Each full archive page of `numbers` (ascending) with its articles, newest first, as
        the store has them now; a run of consecutive pages is read in one query."""
        run: list[int] = []
        for n in [*numbers, None]:
            if run and (n != run[-1] + 1 or len(run) == READ_PAGES):
                rows = self.store.page(where, arch.after_pk(run[0]), arch.limit * len(run))
                pks = [pk for pk, *_ in rows]
                for m in run:
                    start = bisect.bisect_right(pks, arch.after_pk(m))
                    end = bisect.bisect_right(pks, arch.full[m - 1].last_pk)
                    yield m, [self._shown(feed, article)
                              for *_, article in reversed(rows[start:end])]
                run = []
            if n is not None:
                run.append(n)

    def _document(self, path: str, fmt: str, channel, entries, modified,
                  max_age: int) -> Resource | _Sent | None:
        """A subscription document: sent to be written if it passes the check and changed;
        else the last good version (from memory, or the output folder after a restart)."""
        previous = self._resources.get(path)
        body = self._checked(path, fmt, channel, entries)
        if body is None:
            return previous or self._from_disk(path, fmt, max_age)
        if previous is not None and previous.body == body:
            return previous
        return self._send(path, body, modified, fmt, max_age)

def _settings(channel: render.Channel) -> tuple:
    """What of a channel shapes its archive pages: all but what only the subscription
    document says (tombstones, Feedly's cover and colour)."""
    return tuple(getattr(channel, f.name) for f in dataclasses.fields(channel)
                 if f.name not in ("tombstones", "cover", "accent"))


class _Counter:
    """A publish's progress through the archive pages of a feed: `progress(done, total)` at
    the start and after each page, and a log line every `LOG_EVERY` seconds."""

    def __init__(self, feed: str, total: int, done: int, progress: Progress | None):
        self.feed, self.total, self.done, self.progress = feed, total, done, progress
        self._logged = time.monotonic()
        if progress:
            progress(done, total)

    def step(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.done, self.total)
        if time.monotonic() - self._logged > LOG_EVERY:
            log.info("feed %s: %d of %d archive pages", self.feed, self.done, self.total)
            self._logged = time.monotonic()


def _write_manifest(folder: Path, lasting: dict[int, str], written: dict[int, str]) -> dict:
    """The manifest saying `lasting` (full page -> digest) unless it says so already
    (`written`); what it says now."""
    if lasting != written:
        write_if_changed(folder / archive.MANIFEST, archive.manifest_bytes(lasting),
                         durable=True)
    return lasting


@dataclass(frozen=True)
class _Sent:
    """A new document sent to the writer (`Publisher._send`)."""

    path: str  # its URL path
    body: bytes
    modified: datetime
    fmt: str
    max_age: int


@dataclass(frozen=True)
class FeedState:
    """What the last publish knew of a feed: enough to tell, with one query, that nothing
    changed."""

    head: list[tuple[int, str]]  # (pk, version) of the subscription document's entries
    entries: list[Article]  # those entries, for the home page
    archive: Archive
    published: dict[int, str]  # archive page -> digest of its documents on disk
    articles: dict[Key, Article]  # by (pk, version): those of `head` and of the archive's tail
    tombstones: tuple[Takedown, ...] = ()  # stories taken down lately, newest first
