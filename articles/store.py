"""The article store on SQLAlchemy 2 (SQLite by default, PostgreSQL via `postgresql+psycopg://`).

Writers call `save()` with a batch of parsed articles: one transaction decides for each
whether it is new, an edit of a stored story, or a copy of one, and bumps the store's
revision if anything changed; the rules of a row and of an edit are in `articles.rows`,
here the connections, transactions and queries that apply them. Readers (`feeds`) ask for
`revision()`, `latest()` and `by_slug()`, and get `Article`s back; the read queries
themselves are in `articles.queries`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import time
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from articles import queries
from articles.model import Article, Takedown
from articles.queries import Filter
from articles.rows import (
    apply_edit,
    dedupe_key,
    deleted_reason,
    derived_slug,
    from_row,
    new_row,
    row_terms,
    slugify,
)
from articles.schema import articles, state, terms

log = logging.getLogger("newsfeed.store")

RELEASED = "released"  # store_state: the time (µs) up to which embargoes were lifted
# How far past each candidate `updated` instant one query looks for instants already held:
# a day's date-only stories take midnight, +1 s, +2 s… (`Store._unique_updated`).
_HELD_WINDOW = timedelta(minutes=10)


@dataclass
class SaveResult:
    added: list[Article] = field(default_factory=list)
    updated: list[Article] = field(default_factory=list)
    unchanged: list[Article] = field(default_factory=list)
    refused: list[tuple[Article, str]] = field(default_factory=list)  # (article, why): deleted
    edited_pks: list[int] = field(default_factory=list, repr=False)  # pks of `updated`

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)


class Store:
    # What a call raises when the store cannot be reached now (down, restarting, locked too
    # long): the caller keeps its work and tries again later.
    UNAVAILABLE = (sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.DisconnectionError,
                   sa.exc.TimeoutError)

    def __init__(self, url: str, *, pool_size: int = 5):
        self.url = url
        if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        if url.startswith("sqlite"):
            self.engine = sa.create_engine(url, connect_args={"timeout": 30})
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = sa.create_engine(url, pool_size=pool_size, pool_pre_ping=True)

    def create(self) -> None:
        """Bring an empty database to the current schema; refuse one whose schema is behind.

        Raises `articles.migrate.SchemaBehind`, naming the command that fixes it.
        """
        from articles import migrate  # the migrations import this module's tables

        migrate.prepare(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- writing -------------------------------------------------------------------------

    def save(self, batch: Iterable[Article], now: datetime | None = None, *,
             redate: bool = False) -> SaveResult:
        """Store a batch in one transaction; a story already stored is updated or left alone.

        A published story keeps its first `published` date (a file dropped again does not
        move it), unless `redate`: an editor's correction of the date (the desk)."""
        batch = list(batch)
        for attempt in range(5):
            try:
                with self._writing() as conn:
                    result = self._save(conn, batch, now or datetime.now(UTC), redate)
                    if result.changed:
                        bump_revision(conn, result.edited_pks)
                return result
            except (IntegrityError, OperationalError) as exc:
                # Another process stored one of these stories (or held the lock) meanwhile:
                # read again and decide again; the batch is never half stored.
                if attempt == 4:
                    raise
                log.debug("save conflict, retrying: %s", exc)
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _writing(self):
        """A write transaction; on SQLite it takes the write lock at BEGIN (see below)."""
        with self.engine.connect() as conn:
            conn.execution_options(write=True)
            with conn.begin():
                yield conn

    def _save(self, conn, batch: list[Article], now: datetime, redate: bool) -> SaveResult:
        keyed = [(a, dedupe_key(a), a.slug and slugify(a.slug)) for a in batch]
        existing = self._existing(conn, keyed)
        taken = self._slugs_taken(conn, [slug or derived_slug(a) for a, _, slug in keyed])
        result = SaveResult()
        inserts: list[dict] = []
        edits: dict[int, dict] = {}  # stored rows this batch changes, by pk, in batch order
        seen: dict[str, dict] = {}  # rows of this batch, by every key they can be found by
        for article, dedupe, slug in keyed:
            candidates = (f"x:{article.id}" if article.id else "", f"s:{slug}" if slug else "",
                          f"d:{dedupe}")
            keys = [k for k in candidates if k]
            row = next((seen.get(k) or existing[k] for k in keys if k in seen or k in existing),
                       None)
            if row is not None and row.get("deleted") is not None:
                result.refused.append((article, deleted_reason(row)))
                continue
            if row is None:
                row = new_row(article, dedupe, slug, now)
                row["slug"] = self._free_slug(conn, row["slug"], seen, taken)
                inserts.append(row)
            elif not apply_edit(row, article, now, redate):
                result.unchanged.append(from_row(row))
                continue
            elif "pk" in row:
                edits[row["pk"]] = row
            for k in (*keys, f"s:{row['slug']}", f"d:{row['dedupe_key']}"):
                seen[k] = row
        self._unique_updated(conn, [*edits.values(), *inserts])
        for pk, row in edits.items():
            conn.execute(sa.update(articles).where(articles.c.pk == pk).values(
                **{k: v for k, v in row.items() if k != "pk"}))
            self._set_terms(conn, pk, row)
        result.updated = [from_row(row) for row in edits.values()]  # as finally stored
        result.edited_pks = list(edits)
        result.added = [from_row(row) for row in inserts]
        if inserts:
            # Each new row's pk found by its dedupe key: RETURNING in the order of the rows
            # would make SQLite insert them one statement each (SQLAlchemy's insertmanyvalues).
            pks = {key: pk for key, pk in conn.execute(
                sa.insert(articles).returning(articles.c.dedupe_key, articles.c.pk), inserts)}
            term_rows = []
            for row in inserts:
                term_rows += row_terms(pks[row["dedupe_key"]], row)
            if term_rows:
                conn.execute(sa.insert(terms), term_rows)
        return result

    def _unique_updated(self, conn, rows: list[dict]) -> None:
        """Give each of `rows` (stored or edited by this batch, in batch order) an `updated`
        instant no other live story holds: when one does, the next free second after it.
        A feed's entries must not share one (the W3C validator warns), and date-only stories
        of one day all start at its midnight: the first keeps it, the next take +1 s, +2 s…
        `published` stays the story's own date.

        One query asks which of the candidates are held; when some are (or the batch repeats
        one), a second finds the instants held within `_HELD_WINDOW` after them, and a longer
        run of held seconds costs one more. (`updated` has no index: every query is a scan,
        so one exact `IN` first, which costs little more than the scan itself.) Two writers
        are serialized on SQLite (BEGIN IMMEDIATE); on PostgreSQL two concurrent batches can
        both take the same free second, a rare duplicate we accept rather than a unique index
        (and a migration) on `updated`.
        """
        if not rows:
            return
        mine = [row["pk"] for row in rows if "pk" in row]  # their old instants are freed
        live = (articles.c.deleted.is_(None), articles.c.pk.not_in(mine))
        candidates = Counter(row["updated"] for row in rows)
        held = set(conn.execute(sa.select(articles.c.updated).where(
            *live, articles.c.updated.in_(candidates))).scalars())
        looked: list[tuple[datetime, datetime]] = []  # spans past a candidate looked up

        def look(starts: Collection[datetime]) -> None:
            spans: list[list[datetime]] = []
            for start in sorted(starts):  # spans a day apart or less go as one (cheaper)
                if spans and start <= spans[-1][1] + timedelta(days=1):
                    spans[-1][1] = max(spans[-1][1], start + _HELD_WINDOW)
                else:
                    spans.append([start, start + _HELD_WINDOW])
            for i in range(0, len(spans), 100):  # SQLite limits the depth of an expression
                held.update(conn.execute(sa.select(articles.c.updated).where(*live, sa.or_(
                    *(articles.c.updated.between(a, b) for a, b in spans[i:i + 100])
                ))).scalars())
            looked.extend((a, b) for a, b in spans)

        if repeated := [c for c, n in candidates.items() if n > 1 or c in held]:
            look(repeated)
        for row in rows:
            instant = row["updated"]
            while instant in held:
                instant += timedelta(seconds=1)
                if not any(a <= instant <= b for a, b in looked):
                    look([instant])
            row["updated"] = instant
            held.add(instant)

    def _existing(self, conn, keyed) -> dict[str, dict]:
        ids = {a.id for a, _, _ in keyed if a.id}
        slugs = {s for _, _, s in keyed if s}
        dedupes = {d for _, d, _ in keyed}
        rows = conn.execute(
            sa.select(articles).where(
                sa.or_(
                    articles.c.external_id.in_(ids),
                    articles.c.id.in_(ids),  # the id it was published with names it too
                    articles.c.slug.in_(slugs),
                    articles.c.dedupe_key.in_(dedupes),
                )
            )
        ).mappings()
        found: dict[str, dict] = {}
        for r in rows:
            row = dict(r)
            found[f"x:{row['id']}"] = row
            if row["external_id"]:
                found[f"x:{row['external_id']}"] = row
            found[f"s:{row['slug']}"] = row
            found[f"d:{row['dedupe_key']}"] = row
        return found

    def _slugs_taken(self, conn, slugs: list[str]) -> dict[str, bool]:
        """Whether each of `slugs` is stored already: one query for a batch's new stories."""
        stored = set(conn.execute(sa.select(articles.c.slug).where(
            articles.c.slug.in_(set(slugs)))).scalars())
        return {slug: slug in stored for slug in slugs}

    def _free_slug(self, conn, slug: str, seen: dict, taken: dict[str, bool]) -> str:
        """`slug`, or `slug-2`, `slug-3`… when a different story holds it already; `taken`
        knows about the batch's usual slugs, others are looked up."""
        candidate, n = slug, 1
        while f"s:{candidate}" in seen or (taken[candidate] if candidate in taken else bool(
                conn.execute(sa.select(articles.c.pk).where(articles.c.slug == candidate))
                .first())):
            n += 1
            candidate = f"{slug}-{n}"
        return candidate

    def _set_terms(self, conn, pk: int, row: dict) -> None:
        conn.execute(sa.delete(terms).where(terms.c.article_pk == pk))
        if rows := row_terms(pk, row):
            conn.execute(sa.insert(terms), rows)

    # -- reading -------------------------------------------------------------------------

    def revision(self) -> int:
        """A number that grows whenever any stored article changes."""
        with self.engine.connect() as conn:
            query = sa.select(state.c.value).where(state.c.key == "revision")
            return conn.execute(query).scalar_one()

    def changes(self, since: int) -> tuple[int, list[int]]:
        """The store's revision, and the pks of the articles edited or deleted after revision
        `since` (see `bump_revision`): one query."""
        with self.engine.connect() as conn:
            rows = conn.execute(queries.CHANGES, {"since": since}).all()
        return next(n for n, part in rows if not part), [n for n, part in rows if part]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(articles)).scalar_one()

    def latest(self, limit: int, where: Filter = Filter()) -> list[Article]:
        """The newest `limit` articles that match, newest first."""
        query = queries.matching(sa.select(articles), where).order_by(*queries.NEWEST)
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit), _now()).mappings()
            return [from_row(dict(r)) for r in rows]

    def versions(
        self, limit: int, where: Filter = Filter(), *, after_pk: int = 0
    ) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        """(pk, version) of the newest `limit` matching articles, newest first, and of every
        matching article stored after `after_pk`, in ingest order: one query, and a second
        when the filter lets few of the newest articles through.

        An article's version (its content fingerprint) changes whenever anything a feed says
        about it does, so equal lists mean equal documents. No part reads the whole store:
        a filtered feed looks for its newest among the `queries.RECENT * limit` newest articles
        along `ix_articles_newest`, and, if too few are there, through its terms; the rest
        come from `after_pk` on along the primary key, or a filtered feed's terms.
        """
        head: list[tuple[int, str]] = []
        tail: list[tuple[int, str]] = []
        with self.engine.connect() as conn:
            now = _now()
            rows = conn.execute(queries.versions(where), {
                "limit": limit, "recent": queries.RECENT * limit, "after_pk": after_pk, **now})
            for pk, version, part in rows:
                (tail if part else head).append((pk, version))
            if where.kinds() and len(head) < limit:  # a rare filter: from its terms, sorted
                head = [(pk, v) for pk, v in conn.execute(queries.by_terms(where, limit), now)]
        tail.sort()
        return head, tail

    def page(self, where: Filter, after_pk: int, limit: int) -> list[tuple[int, str, Article]]:
        """Up to `limit` matching articles stored after `after_pk`, in ingest order, each with
        its pk and version (see `versions`)."""
        query = queries.page(sa.select(articles), where, after_pk, limit)
        with self.engine.connect() as conn:
            rows = conn.execute(query, _now()).mappings().all()
        return [(r["pk"], r["fingerprint"], from_row(dict(r))) for r in rows]

    def page_versions(self, where: Filter, after_pk: int, limit: int) -> list[tuple[int, str]]:
        """(pk, version) of the articles `page` gives, without reading them."""
        query = queries.page(sa.select(*queries.VERSION), where, after_pk, limit)
        with self.engine.connect() as conn:
            return [(pk, version) for pk, version in conn.execute(query, _now())]

    def by_pks(self, pks: Collection[int]) -> dict[int, tuple[str, Article]]:
        """The live articles among `pks`, each with its version (see `versions`), by pk."""
        if not pks:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(queries.BY_PKS, {"pks": list(pks), **_now()}).mappings().all()
        return {r["pk"]: (r["fingerprint"], from_row(dict(r))) for r in rows}

    def by_slug(self, slug: str, *, scheduled: bool = False,
                where: Filter = Filter()) -> Article | None:
        """The live article at `slug` (if `where` lets it through); `scheduled`: or the
        embargoed one."""
        query = queries.matching(sa.select(articles), where, scheduled=scheduled)
        with self.engine.connect() as conn:
            row = conn.execute(query.where(articles.c.slug == slug), _now()).mappings().first()
        return from_row(dict(row)) if row else None

    # -- embargoes -------------------------------------------------------------------------

    def next_embargo(self, now: datetime | None = None) -> datetime | None:
        """When the next embargoed story goes out: the earliest live one dated after `now`."""
        with self.engine.connect() as conn:
            return conn.execute(queries.NEXT_EMBARGO, _now(now)).scalar()

    def release(self, now: datetime | None = None) -> list[int]:
        """Lift the embargoes due by `now`: the stories dated between the last release and
        `now` are marked revised with a new revision, so that every publisher takes them for
        new, even where archive pages were cut while they waited; their pks. The first
        release of a store only marks its time."""
        now = now or datetime.now(UTC)
        stamp = int(now.timestamp() * 1_000_000)
        key = state.c.key == RELEASED
        with self._writing() as conn:
            last = conn.execute(sa.select(state.c.value).where(key)).scalar()
            if last is None:
                conn.execute(sa.insert(state).values(key=RELEASED, value=stamp))
                return []
            if stamp <= last:
                return []
            since = datetime.fromtimestamp(last / 1_000_000, UTC)
            due = conn.execute(sa.select(articles.c.pk).where(
                articles.c.deleted.is_(None), articles.c.published > since,
                articles.c.published <= now)).scalars().all()
            conn.execute(sa.update(state).where(key).values(value=stamp))
            if due:
                bump_revision(conn, due)
        return list(due)

    # -- managing (the HTTP API and the command line) -------------------------------------

    def delete(self, slug: str, now: datetime | None = None, *, reason: str = "") -> bool:
        """Take an article down: out of every feed (from the next build on), its page gone
        (410, naming `reason`), and a tombstone in the Atom feeds that showed it
        (`tombstones`); whether there was one.

        Its row stays: its id and slug are never given to another story, and `save`
        refuses the same story if it comes again."""
        with self._writing() as conn:
            done = conn.execute(
                sa.update(articles)
                .where(articles.c.slug == slug, articles.c.deleted.is_(None))
                .values(deleted=now or datetime.now(UTC), deleted_reason=reason.strip() or None)
                .returning(articles.c.pk)
            ).scalars().all()
            if done:
                bump_revision(conn, done)
        return bool(done)

    def tombstones(self, where: Filter, since: datetime,
                   pks: Collection[int] | None = None) -> list[Takedown]:
        """The stories `where` lets through taken down since `since` (among `pks`, if
        given), newest takedown first."""
        query = queries.taken_down(where, None if pks is None else sorted(pks))
        with self.engine.connect() as conn:
            rows = conn.execute(query, {"since": since}).all()
        return [Takedown(id, slug, title, deleted, reason or "")
                for id, slug, title, deleted, reason in rows]

    def gone(self, slug: str) -> Takedown | None:
        """The story taken down at `slug`, if one was (once published)."""
        query = sa.select(articles.c.id, articles.c.slug, articles.c.title, articles.c.deleted,
                          articles.c.deleted_reason).where(
            articles.c.slug == slug, articles.c.deleted.is_not(None),
            articles.c.published <= articles.c.deleted)
        with self.engine.connect() as conn:
            row = conn.execute(query).first()
        return None if row is None else Takedown(*row[:4], row[4] or "")

    def search(self, q: str, limit: int = 50, offset: int = 0) -> list[Article]:
        """Articles whose title, summary or text hold every word of `q`, newest first."""
        return self.list(limit, offset, q=q)

    def list(self, limit: int = 50, offset: int = 0, *, q: str = "",
             where: Filter = Filter(), scheduled: bool = False) -> list[Article]:
        """Articles that match `where` (and every word of `q`, ignoring case), newest first,
        skipping the first `offset`; `scheduled`: embargoed ones too."""
        query = queries.matching(sa.select(articles), where, scheduled=scheduled)
        for word in q.split():
            pattern = "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"
            query = query.where(sa.or_(*(column.ilike(pattern, escape="\\") for column in (
                articles.c.title, articles.c.summary, articles.c.content_html))))
        query = query.order_by(*queries.NEWEST)
        with self.engine.connect() as conn:
            rows = conn.execute(query.limit(limit).offset(offset), _now()).mappings()
            return [from_row(dict(r)) for r in rows]


def _now(now: datetime | None = None) -> dict:
    """The `now` parameter of the read queries (`queries.NOW`)."""
    return {"now": now or datetime.now(UTC)}


def bump_revision(conn, revised: Collection[int] = ()) -> None:
    """Move the store's revision, in the caller's transaction, and mark the articles edited
    or deleted in it (pks `revised`) with it; on PostgreSQL, tell listeners
    (`articles.changes`) on commit."""
    conn.execute(
        sa.update(state).where(state.c.key == "revision").values(value=state.c.value + 1)
    )
    if revised:  # the value just set: this transaction holds the row
        now = sa.select(state.c.value).where(state.c.key == "revision").scalar_subquery()
        conn.execute(sa.update(articles).where(articles.c.pk.in_(list(revised)))
                     .values(revised=now))
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_notify('newsfeed_revision', '')"))


def _sqlite_pragmas(dbapi_conn, _record):
    dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" event issue BEGIN IMMEDIATE
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    # A batch's statement journal (a few MB at most) in memory, not in a file made and
    # deleted under /var/tmp at every batch stored.
    cur.execute("PRAGMA temp_store=MEMORY")
    cur.close()


def _sqlite_begin(conn):
    """Writers take SQLite's write lock at BEGIN, so two of them queue instead of deadlocking."""
    writing = conn.get_execution_options().get("write")
    conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")
