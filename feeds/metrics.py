"""What newsfeed counts, in Prometheus form (prometheus-client), served at `/metrics`.

Everything lives in one registry, `REGISTRY`, so tests and several apps in one process
share it. Feed requests are not counted here on the hot path: `feeds.readers.Tally`
records each in one dict update and folds its totals into `FEED_REQUESTS` and
`FEED_BYTES` when `/metrics` is scraped or reader stats are flushed. The rest is counted
where it happens, through the functions below:

- `record_ingest(outcome, via)` after a drop-folder scan or `newsfeed ingest` (an
  `articles.inbox.Outcome`), `record_poll(poll)` after each upstream poll;
- `timed_job(name, fn)` wraps a scheduler job, `timed_build(publish)` the publisher;
  `job_failed(name)` and `job_succeeded(name)` say whether a job's last run failed.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    gc_collector,
    generate_latest,
    platform_collector,
    process_collector,
)
from prometheus_client.core import CounterMetricFamily

disable_created_metrics()  # no `_created` series beside each counter: half the lines, no news
REGISTRY = CollectorRegistry(auto_describe=True)
process_collector.ProcessCollector(registry=REGISTRY)
platform_collector.PlatformCollector(registry=REGISTRY)
gc_collector.GCCollector(registry=REGISTRY)

FEED_REQUESTS = Counter(
    "newsfeed_feed_requests",
    "Requests for feed documents, by feed, format and HTTP status (200, 304, 404...).",
    ["feed", "format", "status"],
    registry=REGISTRY,
)
FEED_BYTES = Counter(
    "newsfeed_feed_sent_bytes",
    "Bytes of feed document bodies sent (after compression; 304s and HEADs send none).",
    ["feed", "format"],
    registry=REGISTRY,
)


class _DirectAnswers:
    """Requests for published documents answered by the HTTP protocol itself: a plain int
    that the event loop's thread alone adds to (a `Counter` takes a lock), read when scraped."""

    count = 0

    def collect(self):
        yield CounterMetricFamily(
            "newsfeed_http_direct_answers",
            "Requests for published documents answered by the HTTP protocol itself, without "
            "the ASGI app (feeds/serving/protocol.py); they are in the other request counts too.",
            value=self.count,
        )


DIRECT_ANSWERS = _DirectAnswers()
REGISTRY.register(DIRECT_ANSWERS)
ARTICLES_INGESTED = Counter(
    "newsfeed_articles_ingested",
    "Articles taken in, by way in (inbox, source, api) and result (added, updated, unchanged).",
    ["via", "result"],
    registry=REGISTRY,
)
ARTICLES_REJECTED = Counter(
    "newsfeed_articles_rejected",
    "Files or articles refused, by way in and reason (see metrics.REASONS).",
    ["via", "reason"],
    registry=REGISTRY,
)
SOURCE_POLLS = Counter(
    "newsfeed_source_polls",
    "Polls of upstream sources, by source and result (ok, not modified, error, waiting, gone).",
    ["source", "result"],
    registry=REGISTRY,
)
JOB_SECONDS = Histogram(
    "newsfeed_job_duration_seconds",
    "How long each run of a scheduler job took, failed runs included.",
    ["job"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120),
    registry=REGISTRY,
)
JOB_FAILURES = Counter(
    "newsfeed_job_failures",
    "Failed runs of each scheduler job (scan: ingest from the drop folder; rebuild: publish).",
    ["job"],
    registry=REGISTRY,
)
JOB_FAILING = Gauge(
    "newsfeed_job_failing",
    "1 while a scheduler job's last run failed (scan: the drop folder is not being ingested).",
    ["job"],
    registry=REGISTRY,
)
BUILD_SECONDS = Histogram(
    "newsfeed_feed_build_duration_seconds",
    "How long publishing every feed for a new store revision took.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
    registry=REGISTRY,
)
SUBSCRIBERS = Gauge(
    "newsfeed_feed_subscribers",
    "Subscribers per feed: aggregators' announced counts plus distinct other readers in 24 h.",
    ["feed"],
    registry=REGISTRY,
)
NOT_MODIFIED_SHARE = Gauge(
    "newsfeed_feed_not_modified_ratio",
    "Share of the feed's polls by current readers that were answered 304 Not Modified.",
    ["feed"],
    registry=REGISTRY,
)

# Why an article was refused, as a label: the messages are sentences for people, so they
# are sorted into a few fixed reasons to keep the number of series small.
REASONS: list[tuple[str, re.Pattern]] = [
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in [
        ("too_large", r"over the limit"),
        ("unsupported_type", r"type is not one|is a JSON Feed"),
        ("deleted", r"deleted"),
        ("empty", r"is empty|has no text|but no text|empty JSON"),
        ("no_title", r"no title"),
        ("bad_date", r"\bdate\b"),
        ("bad_url", r"\bURL\b"),
        ("malformed", r"JSON|front matter|must be|not valid"),
        ("unreadable", r"could not read|cannot be read"),
    ]
]


def reason_label(message: str) -> str:
    """The fixed reason (a label value) for a refusal message; "other" when none fits."""
    return next((reason for reason, pattern in REASONS if pattern.search(message)), "other")


def record_ingest(outcome, via: str = "inbox") -> None:
    """Count what a pass over files did: an `articles.inbox.Outcome` (added, updated,
    unchanged, and `rejected`, a dict of file -> reason)."""
    for result in ("added", "updated", "unchanged"):
        if n := getattr(outcome, result, 0):
            ARTICLES_INGESTED.labels(via, result).inc(n)
    record_rejected(outcome.rejected.values(), via)


def record_rejected(messages: Iterable[str], via: str) -> None:
    for message in messages:
        ARTICLES_REJECTED.labels(via, reason_label(message)).inc()


def record_poll(poll) -> None:
    """Count one upstream poll (an `articles.sources.Poll`) and the articles it brought."""
    SOURCE_POLLS.labels(poll.source, poll.status).inc()
    for result in ("added", "updated", "unchanged"):
        if n := getattr(poll, result, 0):
            ARTICLES_INGESTED.labels("source", result).inc(n)


def timed_job(name: str, fn: Callable[[], None]) -> Callable[[], None]:
    """`fn`, with the duration of each run observed in `JOB_SECONDS`."""

    @functools.wraps(fn)
    def run() -> None:
        started = time.perf_counter()
        try:
            fn()
        finally:
            JOB_SECONDS.labels(name).observe(time.perf_counter() - started)

    return run


def job_failed(name: str) -> None:
    JOB_FAILURES.labels(name).inc()
    JOB_FAILING.labels(name).set(1)


def job_succeeded(name: str) -> None:
    """Also makes the job's series exist (at 0) before anything failed."""
    JOB_FAILURES.labels(name)
    JOB_FAILING.labels(name).set(0)


def timed_build(publish: Callable[..., bool]) -> Callable[..., bool]:
    """`publish`, with the duration observed in `BUILD_SECONDS` whenever it did publish."""

    @functools.wraps(publish)
    def run(*args, **kwargs) -> bool:
        started = time.perf_counter()
        published = publish(*args, **kwargs)
        if published:
            BUILD_SECONDS.observe(time.perf_counter() - started)
        return published

    return run


def exposition() -> tuple[bytes, str]:
    """The text exposition of every metric, and its content type."""
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
