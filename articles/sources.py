"""Following upstream feeds: poll one source (fetch → parse → map entries → store).

`Poller.poll(source)` is one turn of one `[[source]]`: a conditional GET at the URL it is
followed at now, then its entries into articles, stored in one transaction (an entry gone
from the feed stays stored). Whatever goes wrong upstream is one warning naming the source,
counted as a failure in the source's state, and answered with a later `retry_at`
(exponential backoff, at least what Retry-After asked); only a failing database raises.
A success resets the count. What the scheduler does with the answer: wake the rebuild when
`changed`, delay the next run to `retry_at`, stop when `gone`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from http import HTTPStatus
from typing import TYPE_CHECKING

from articles import source_state
from articles.fetch import USER_AGENT, FetchError, Limits, Response, fetch
from articles.model import Article, Rejected
from articles.parse.feed_entries import entry_dates, entry_key, read_feed, to_article
from articles.store import Store

if TYPE_CHECKING:
    from config import Source

log = logging.getLogger("newsfeed.sources")

BACKOFF_CAP = 6 * 3600.0  # seconds: the longest wait after failures (or every_minutes)
RETRY_AFTER_CAP = 24 * 3600.0  # seconds: the longest Retry-After honored


class Failure(Exception):
    """A poll that failed; the message is one sentence, `retry_after` what the server asked."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class Poll:
    """What one poll of a source did."""

    source: str
    status: str  # ok, not modified, error, waiting (Retry-After not over), gone
    message: str = ""
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retry_at: datetime | None = None  # poll next at this time instead of the regular turn

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    @property
    def gone(self) -> bool:
        return self.status == "gone"


def retry_delay(every: float, failures: int, retry_after: float | None = None) -> float:
    """Seconds to wait after `failures` failures in a row, polling every `every` seconds."""
    delay = min(every * 2.0 ** min(failures, 30), max(BACKOFF_CAP, every))
    if retry_after:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP))
    return delay


class Poller:
    """Polls sources into one store; safe to use from several threads, one per source."""

    def __init__(self, store: Store, *, tz: tzinfo = UTC, user_agent: str = USER_AGENT,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)):
        self.store, self.tz, self.user_agent, self.clock = store, tz, user_agent, clock

    def poll(self, source: Source) -> Poll:
        now = self.clock().replace(microsecond=0)
        state = source_state.load(self.store, source.name)
        if state is None or state["config_url"] != source.url:
            state = source_state.new_state(source.name, source.url)
        if state["status"] == "gone":
            log.warning("source %s: %s is gone (HTTP 410); not polling it (remove it from the "
                        "config, or give it a new url)", source.name, state["url"])
            return Poll(source.name, "gone", state["message"])
        if state["not_before"] and now < state["not_before"]:
            return Poll(source.name, "waiting", state["message"], retry_at=state["not_before"])
        every = source.every_minutes * 60
        state.update(last_fetch=now, not_before=None, http_status=None)
        try:
            poll = self._poll(source, state, now)
        except Exception as exc:
            if isinstance(exc, (Failure, FetchError)):
                message = str(exc)
            else:
                message = f"failed unexpectedly ({type(exc).__name__}: {exc})"
                log.debug("source %s failed", source.name, exc_info=True)
            state["failures"] += 1
            retry_after = exc.retry_after if isinstance(exc, Failure) else None
            delay = retry_delay(every, state["failures"], retry_after)
            retry_at = now + timedelta(seconds=delay)
            state.update(status="error", message=message, next_run=retry_at)
            if retry_after:
                state["not_before"] = now + timedelta(seconds=min(retry_after, RETRY_AFTER_CAP))
            log.warning("source %s: %s; failure %d in a row, trying again in %s", source.name,
                        message, state["failures"], timedelta(seconds=round(delay)))
            poll = Poll(source.name, "error", message, retry_at=retry_at)
        else:
            state.update(failures=0, status=poll.status, message=poll.message,
                         next_run=None if poll.gone else now + timedelta(seconds=every))
            if not poll.gone:
                state["last_success"] = now
        source_state.save(self.store, state)
        return poll

    def _poll(self, source: Source, state: dict, now: datetime) -> Poll:
        limits = Limits(source.max_bytes, source.timeout_seconds, source.allow_private)
        response = fetch(state["url"], etag=state["etag"],
                         last_modified=state["last_modified"], limits=limits,
                         user_agent=self.user_agent)
        state["http_status"] = status = response.status
        if status in (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE):
            raise Failure(f"{response.url} answered HTTP {_phrase(status)}",
                          response.retry_after(now))
        if status == HTTPStatus.GONE:
            log.warning("source %s: %s answered 410 Gone; no longer polling it (remove it from "
                        "the config, or give it a new url)", source.name, response.url)
            return Poll(source.name, "gone", f"{response.url} answered 410 Gone")
        if status not in (HTTPStatus.OK, HTTPStatus.NOT_MODIFIED):
            raise Failure(f"{response.url} answered HTTP {_phrase(status)}")
        if response.moved_to:
            log.warning("source %s: %s moved permanently to %s; polling the new address from "
                        "now on (update its url in the config)", source.name, state["url"],
                        response.moved_to)
            state["url"] = response.moved_to
        if status == HTTPStatus.NOT_MODIFIED:
            log.debug("source %s: not modified", source.name)
            return Poll(source.name, "not modified")
        poll = self._store(source, state, response, now)
        state.update(etag=response.etag, last_modified=response.last_modified)
        return poll

    def _store(self, source: Source, state: dict, response: Response, now: datetime) -> Poll:
        try:
            feed = read_feed(response.body, response.content_type)
        except Rejected as exc:
            raise Failure(f"{response.url} is not a feed: {exc}") from None
        dates = [entry_dates(entry, self.tz) for entry in feed.entries]
        undated = [entry_key(e) for e, (published, _) in zip(feed.entries, dates, strict=True)
                   if published is None]
        seen = source_state.first_seen(self.store, source.name, undated, now) if undated else {}
        articles: list[Article] = []
        taken: set = set()
        for entry, (published, updated) in zip(feed.entries, dates, strict=True):
            article = to_article(
                entry, feed, source_name=source.name, feed_url=state["url"],
                categories=tuple(source.categories),
                published=published or seen[entry_key(entry)], updated=updated,
            )
            if article is None:
                continue
            # Of two entries with one id, or one title on one day (which the store takes for
            # one story), only the first: stored both, they would overwrite each other.
            story = (" ".join(article.title.casefold().split()),
                     article.published.astimezone(UTC).date())
            if not {article.id, story} & taken:
                taken |= {article.id, story}
                articles.append(article)
        result = self.store.save(articles, now=now)
        state["entries"] = len(articles)
        message = ""
        if feed.problem:
            message = f"{response.url}: {feed.problem}; kept the {len(articles)} entries read"
            log.warning("source %s: %s", source.name, message)
        poll = Poll(source.name, "ok", message, len(result.added), len(result.updated),
                    len(result.unchanged))
        if poll.changed:
            log.info("source %s: %d new, %d updated, %d unchanged", source.name, poll.added,
                     poll.updated, poll.unchanged)
        return poll


def describe(store: Store, sources: list[Source]) -> list[dict]:
    """Each configured source as `newsfeed sources` shows it."""
    rows = []
    for source in sources:
        state = source_state.load(store, source.name)
        if state is None or state["config_url"] != source.url:
            state = source_state.new_state(source.name, source.url)
        rows.append({
            "name": source.name,
            "url": state["url"],
            "status": state["status"],
            "message": state["message"],
            "http_status": state["http_status"],
            "last_fetch": _iso(state["last_fetch"]),
            "last_success": _iso(state["last_success"]),
            "failures": state["failures"],
            "entries": state["entries"],
            "stored": source_state.stored_count(store, source.name),
            "next_run": _iso(state["next_run"]) if state["status"] != "gone" else None,
        })
    return rows


def format_table(rows: list[dict]) -> str:
    """`describe()` as a text table, one source a line."""
    if not rows:
        return "no sources configured (add a [[source]] table to the config file)"
    header = ("NAME", "STATUS", "LAST FETCH", "ENTRIES", "STORED", "NEXT RUN", "URL")
    lines = [header] + [(
        r["name"],
        r["status"] + (f" ({r['failures']} in a row)" if r["failures"] else ""),
        _short(r["last_fetch"]) or "never",
        str(r["entries"]),
        str(r["stored"]),
        _short(r["next_run"]) or ("never" if r["status"] == "gone" else "at start"),
        r["url"],
    ) for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header) - 1)]
    text = [" ".join([*(c.ljust(w) for c, w in zip(line, widths, strict=False)), line[-1]])
            for line in lines]
    text += [f"{r['name']}: {r['message']}" for r in rows if r["message"]]
    return "\n".join(text)


def _phrase(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _short(value: str | None) -> str:
    return value.replace("T", " ").replace("+00:00", "Z") if value else ""


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
