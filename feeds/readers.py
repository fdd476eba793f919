"""Who reads each feed: subscribers announced by aggregators, and the other readers seen.

Aggregators poll once for all their users and say how many in the User-Agent:
`Feedly/1.0 (+http://www.feedly.com/fetcher.html; 134 subscribers; )`,
`Feedbin feed-id:1306543 - 3 subscribers`, `NewsBlur Feed Fetcher - 1 subscriber - …`.
A feed's subscribers are the sum over aggregators of their latest announced count (one
count per aggregator and feed-id, when it gives one), plus one for every other distinct
reader (client address + User-Agent) seen in the last 24 hours.

Counting costs the web app's hot path one dict update (`Tally.hit`). The totals are
folded into the Prometheus counters (`fold`, on each scrape and flush) and written to the
store's `feed_readers` table once a minute (`flush`, a scheduler job), where rows unseen
for 24 hours are pruned and the number of rows is capped. Client addresses are never
stored: a reader's row is keyed by a hash of address and User-Agent. Each flush also adds
to the feed's day in `feed_days` (polls, 304s, the most subscribers counted), kept for
`HISTORY`, which the desk draws (`history`).
"""

from __future__ import annotations

import hashlib
import re
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError

from articles.schema import feed_days, feed_readers
from articles.store import Store
from feeds import metrics

WINDOW = timedelta(hours=24)  # a reader not seen for this long no longer counts
MAX_HITS = 50_000  # distinct (path, status, client, User-Agent) kept between folds
MAX_PENDING = 50_000  # reader rows waiting for the next flush
MAX_ROWS = 20_000  # reader rows kept in the store; the least recently seen go first
FLUSH_SECONDS = 60
HISTORY = timedelta(days=90)  # days kept in feed_days
FORMATS = ("atom", "rss", "json")


class Announcement(NamedTuple):
    """What an aggregator's User-Agent says: its name, its id for the feed, how many."""

    name: str
    feed_id: str
    subscribers: int


_COUNT = re.compile(r"(\d[\d,]*)\s*(?:subscribers?|readers?)\b", re.IGNORECASE)
_FEED_ID = re.compile(r"feed-?id\s*[=:]\s*([^\s;)]+)", re.IGNORECASE)
_NEWSBLUR_SITE = re.compile(r"newsblur\.com/site/(\d+)", re.IGNORECASE)
_COMPATIBLE = re.compile(r"^Mozilla[/ ][\d.]+\s*\(compatible;\s*", re.IGNORECASE)
_NAME = re.compile(r"\+?([^/;()]+?)\s*(?:/|;|\(|\s-\s|\sfeed-?id|$)", re.IGNORECASE)
_PRODUCT = re.compile(r"(?:^|[\s;(])([A-Za-z][\w.+-]*(?: [A-Za-z][\w.+-]*)*)/v?\d")
_GENERIC = {
    "mozilla", "applewebkit", "gecko", "khtml", "version", "mobile", "safari", "chrome",
    "firefox", "edg", "opr", "cfnetwork", "darwin", "dalvik", "linux", "android", "windows",
}
_ALIASES = {
    "feedly": "Feedly",
    "inoreader": "Inoreader",
    "newsblur": "NewsBlur",
    "theoldreader": "The Old Reader",
    "feedbin": "Feedbin",
    "bazqux": "BazQux",
    "feedfetcher-google": "Google Feedfetcher",
    "netvibes": "Netvibes",
    "overcast": "Overcast",
    "newsgatoronline": "NewsGator",
    "bloglines": "Bloglines",
}
MAX_ANNOUNCED = 100_000_000  # no aggregator has more; larger numbers are noise or a lie


@lru_cache(maxsize=4096)
def announced(user_agent: str) -> Announcement | None:
    """The subscriber count an aggregator announces in its User-Agent, or None."""
    count = _COUNT.search(user_agent)
    if count is None:
        return None
    feed_id = _FEED_ID.search(user_agent) or _NEWSBLUR_SITE.search(user_agent)
    subscribers = min(int(count.group(1).replace(",", "")), MAX_ANNOUNCED)
    return Announcement(
        _aggregator(user_agent), feed_id.group(1)[:200] if feed_id else "", subscribers
    )


def _aggregator(user_agent: str) -> str:
    rest = _COMPATIBLE.sub("", user_agent.strip())
    match = _NAME.match(rest)
    raw = (match.group(1) if match else rest).strip() or "unknown"
    word = raw.split()[0].lower().removeprefix("www.")
    word = re.sub(r"\.(com|org|net|app|io|fm)$", "", word)
    return _ALIASES.get(word, raw[:60])


@lru_cache(maxsize=4096)
def client_name(user_agent: str) -> str:
    """A short name for the program behind a User-Agent: "Thunderbird", "NetNewsWire"."""
    tokens = _PRODUCT.findall(user_agent)
    specific = [t for t in tokens if t.lower() not in _GENERIC]
    if specific:
        return specific[0][:60]
    for token, name in (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"),
                        ("Chrome/", "Chrome"), ("Safari/", "Safari")):
        if token in user_agent:
            return name
    word = re.match(r"[A-Za-z][\w.+-]*", user_agent.strip())
    return word.group(0)[:60] if word else "unknown"


def _labels(path: str, status: int) -> tuple[str, str, bool]:
    """(feed, format, is it a subscription document) of a request under /feeds/."""
    stem, dot, fmt = path.removeprefix("/feeds/").rpartition(".")
    if not dot or fmt not in FORMATS:
        fmt = "other"
    if status not in (200, 304) or not dot:
        return "unknown", fmt, False  # a name that exists answers 200 or 304
    if stem.startswith("tags/"):
        return "tags/*", fmt, False
    name, slash, _ = stem.partition("/")
    return name, fmt, not slash


def _key(*parts: str) -> str:
    return hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()[:40]


class Tally:
    """Feed requests counted in memory: one dict update each on the hot path."""

    def __init__(self) -> None:
        # (path, status, client address, User-Agent bytes) -> [requests, body bytes]
        self.hits: dict[tuple[str, int, str, bytes], list[int]] = {}
        self.pending: dict[tuple[str, str], dict] = {}  # (feed, key) -> row, till the flush
        self._lock = threading.Lock()

    def hit(self, scope, status: int, sent: int) -> None:
        """Count one answered request (called by the web app for paths under /feeds/)."""
        client = scope.get("client")
        self.count(scope["path"], status, client[0] if client else "", scope["headers"], sent)

    def count(self, path: str, status: int, address: str, headers, sent: int) -> None:
        """Count one answer of `status` and `sent` body bytes to `address` for `path`."""
        user_agent = b""
        for name, value in headers:
            if name == b"user-agent":
                user_agent = value
                break
        key = (path, status, address, user_agent)
        entry = self.hits.get(key)
        if entry is None:
            if len(self.hits) >= MAX_HITS:  # a flood of strangers: count, don't remember
                key = (path, status, "", b"")
                entry = self.hits.get(key)
            if entry is None:
                entry = self.hits[key] = [0, 0]
        entry[0] += 1
        entry[1] += sent

    def counting(self, scope, send: Callable[[dict], Awaitable[None]]):
        """`send`, counting the answer it carries (for feed paths the hot path misses)."""
        status = size = 0
        head = scope["method"] == "HEAD"

        async def counted(message: dict) -> None:
            nonlocal status, size
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                size += 0 if head else len(message.get("body", b""))
                if not message.get("more_body", False):
                    self.hit(scope, status, size)
            await send(message)

        return counted

    def fold(self, now: datetime | None = None) -> None:
        """Move the counts so far into the Prometheus counters and the pending reader rows."""
        with self._lock:
            hits, self.hits = self.hits, {}
            now = now or datetime.now(UTC)
            for (path, status, client, user_agent), (n, sent) in list(hits.items()):
                feed, fmt, subscription = _labels(path, status)
                metrics.FEED_REQUESTS.labels(feed, fmt, str(status)).inc(n)
                if sent:
                    metrics.FEED_BYTES.labels(feed, fmt).inc(sent)
                if subscription and (client or user_agent):
                    self._seen(feed, client, user_agent.decode("latin-1"), status, n, now)

    def _seen(self, feed: str, client: str, user_agent: str, status: int, n: int,
              now: datetime) -> None:
        aggregator = announced(user_agent)
        if aggregator is not None:
            kind, name, subscribers = "aggregator", aggregator.name, aggregator.subscribers
            key = _key("aggregator", aggregator.name, aggregator.feed_id)
        else:
            kind, name, subscribers = "reader", client_name(user_agent), 1
            key = _key("reader", client, user_agent)
        row = self.pending.get((feed, key))
        if row is None:
            if len(self.pending) >= MAX_PENDING and kind == "reader":
                return
            row = self.pending[(feed, key)] = {
                "kind": kind, "name": name, "polls": 0, "not_modified": 0,
            }
        row["subscribers"] = subscribers
        row["polls"] += n
        row["not_modified"] += n if status == 304 else 0
        row["last_seen"] = now

    def take(self) -> dict[tuple[str, str], dict]:
        with self._lock:
            pending, self.pending = self.pending, {}
        return pending

    def give_back(self, pending: dict[tuple[str, str], dict]) -> None:
        """Rows a failed flush could not write, merged back for the next one."""
        with self._lock:
            for key, row in pending.items():
                newer = self.pending.get(key)
                if newer is None:
                    self.pending[key] = row
                else:
                    newer["polls"] += row["polls"]
                    newer["not_modified"] += row["not_modified"]


TALLY = Tally()  # the process's one tally, shared by the web app and the flush job


def flush(store: Store, *, tally: Tally | None = None, now: datetime | None = None) -> int:
    """Write the readers seen since the last flush, prune the old ones, update the gauges;
    how many rows were written."""
    tally = tally or TALLY
    now = now or datetime.now(UTC)
    tally.fold(now)
    pending = tally.take()
    try:
        _write(store, pending, now)
    except Exception:
        tally.give_back(pending)
        raise
    publish_gauges(counts(store, now=now))
    return len(pending)


def _write(store: Store, pending: dict[tuple[str, str], dict], now: datetime) -> None:
    for attempt in range(5):
        try:
            with store.engine.connect() as conn:
                conn.execution_options(write=True)  # SQLite: take the write lock at BEGIN
                with conn.begin():
                    _upsert(conn, pending)
                    _prune(conn, now)
                    _add_to_days(conn, pending, now)
            return
        except (IntegrityError, OperationalError):
            if attempt == 4:
                raise
            time.sleep(0.05 * (attempt + 1))  # another instance wrote the same row first


def _upsert(conn: sa.Connection, pending: dict[tuple[str, str], dict]) -> None:
    t = feed_readers
    for (feed, key), row in pending.items():
        done = conn.execute(
            sa.update(t)
            .where(t.c.feed == feed, t.c.key == key)
            .values(
                subscribers=row["subscribers"],
                polls=t.c.polls + row["polls"],
                not_modified=t.c.not_modified + row["not_modified"],
                last_seen=row["last_seen"],
                name=row["name"],
            )
        ).rowcount
        if not done:
            conn.execute(sa.insert(t).values(feed=feed, key=key, **row))


def _prune(conn: sa.Connection, now: datetime) -> None:
    t = feed_readers
    conn.execute(sa.delete(t).where(t.c.last_seen < now - WINDOW))
    readers = t.c.kind == "reader"
    total = conn.execute(sa.select(sa.func.count()).select_from(t).where(readers)).scalar_one()
    if total > MAX_ROWS:
        cutoff = conn.execute(
            sa.select(t.c.last_seen).where(readers).order_by(t.c.last_seen.desc())
            .offset(MAX_ROWS).limit(1)
        ).scalar_one()
        conn.execute(sa.delete(t).where(readers, t.c.last_seen <= cutoff))


def _add_to_days(conn: sa.Connection, pending: dict[tuple[str, str], dict],
                 now: datetime) -> None:
    """Add the polls of `pending` to each feed's day, and raise the day's subscribers to the
    feed's count now (after `_upsert`, in its transaction)."""
    t, r = feed_days, feed_readers
    day = now.astimezone(UTC).date()
    polls: dict[str, list[int]] = {}
    for (feed, _), row in pending.items():
        total = polls.setdefault(feed, [0, 0])
        total[0] += row["polls"]
        total[1] += row["not_modified"]
    subscribers = {feed: n for feed, n in conn.execute(
        sa.select(r.c.feed, sa.func.sum(r.c.subscribers))
        .where(r.c.last_seen >= now - WINDOW, r.c.feed.in_(list(polls))).group_by(r.c.feed))}
    for feed, (n, not_modified) in polls.items():
        count = int(subscribers.get(feed) or 0)
        done = conn.execute(sa.update(t).where(t.c.feed == feed, t.c.day == day).values(
            polls=t.c.polls + n, not_modified=t.c.not_modified + not_modified,
            subscribers=sa.case((t.c.subscribers < count, count), else_=t.c.subscribers),
        )).rowcount
        if not done:
            conn.execute(sa.insert(t).values(feed=feed, day=day, polls=n,
                                             not_modified=not_modified, subscribers=count))
    conn.execute(sa.delete(t).where(t.c.day < day - HISTORY))


@dataclass(frozen=True)
class Day:
    """One feed's day: polls, those answered 304, and the most subscribers counted."""

    day: date
    polls: int = 0
    not_modified: int = 0
    subscribers: int = 0

    @property
    def not_modified_share(self) -> float:
        return self.not_modified / self.polls if self.polls else 0.0


def history(store: Store, feeds: list[str], days: int = 14, *,
            now: datetime | None = None) -> dict[str, list[Day]]:
    """Each feed's last `days` days, the oldest first, today last; days without polls too."""
    today = (now or datetime.now(UTC)).astimezone(UTC).date()
    first = today - timedelta(days=days - 1)
    t = feed_days
    found: dict[tuple[str, date], Day] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(sa.select(t).where(t.c.day >= first, t.c.feed.in_(feeds))):
            found[(row.feed, row.day)] = Day(row.day, row.polls, row.not_modified,
                                             row.subscribers)
    return {feed: [found.get((feed, first + timedelta(days=n)),
                             Day(first + timedelta(days=n))) for n in range(days)]
            for feed in feeds}


@dataclass
class FeedReaders:
    """Who read one feed in the last 24 hours."""

    feed: str
    subscribers: int = 0  # announced by aggregators, plus one per other reader
    readers: int = 0  # other distinct readers (client address + User-Agent)
    polls: int = 0
    not_modified: int = 0
    clients: dict[str, int] = field(default_factory=dict)  # program -> subscribers

    @property
    def not_modified_share(self) -> float:
        """The share of polls answered 304 Not Modified."""
        return self.not_modified / self.polls if self.polls else 0.0

    def as_dict(self) -> dict:
        return {
            "feed": self.feed,
            "subscribers": self.subscribers,
            "aggregated": self.subscribers - self.readers,
            "readers": self.readers,
            "polls": self.polls,
            "not_modified": self.not_modified,
            "not_modified_share": round(self.not_modified_share, 4),
            "clients": dict(sorted(self.clients.items(), key=lambda kv: (-kv[1], kv[0]))),
        }


def counts(store: Store, feeds: list[str] | None = None, *,
           now: datetime | None = None) -> dict[str, FeedReaders]:
    """Readers per feed over the last 24 hours; every name in `feeds` is present."""
    now = now or datetime.now(UTC)
    t = feed_readers
    query = sa.select(t.c.feed, t.c.kind, t.c.name, t.c.subscribers, t.c.polls,
                      t.c.not_modified).where(t.c.last_seen >= now - WINDOW)
    found = {name: FeedReaders(name) for name in feeds or ()}
    with store.engine.connect() as conn:
        for feed, kind, name, subscribers, polls, not_modified in conn.execute(query):
            stats = found.setdefault(feed, FeedReaders(feed))
            stats.subscribers += subscribers
            stats.readers += kind == "reader"
            stats.polls += polls
            stats.not_modified += not_modified
            stats.clients[name] = stats.clients.get(name, 0) + subscribers
    return found


def publish_gauges(stats: dict[str, FeedReaders]) -> None:
    metrics.SUBSCRIBERS.clear()
    metrics.NOT_MODIFIED_SHARE.clear()
    for feed, s in stats.items():
        metrics.SUBSCRIBERS.labels(feed).set(s.subscribers)
        metrics.NOT_MODIFIED_SHARE.labels(feed).set(s.not_modified_share)
