"""Rebuild: `Publisher.publish(force=True)` rendering the default 50-entry feed with a small and
a big store, against feedgen alone rendering the same 50 entries.

`publish` renders only what changed (and `force` only makes it look when the store's
revision did not move), so each timed turn first stores one new article (untimed), which
puts a new entry at the head of the feed: the turn then renders, checks, compresses and
writes the feed's documents, as the rebuild job does after an ingest.

The baseline is a plain `FeedGenerator` (with feedgen's own `dc` extension) given the same
channel and entry fields, writing the two documents feedgen can write, Atom and RSS, pretty
printed; no store, no sanitizing, no JSON Feed, no check, no compression, no files. The
publish is everything a rebuild does: the store queries, Atom, RSS and JSON Feed (their new
entries rendered and checked, the rest kept: feeds/rendering/documents.py), the check before
publishing, gzip once per document (brotli and the browser view wait for the first request
that wants them), the home page, the files in the output folder (the compressing, hashing
and writing by the output helper process while the next document renders,
`feeds/publishing/output.py`;
`publish` returns when every file is written). The jobs are timed in
turns, and each figure is the median of its turns. Info rows (no goal): how the rebuild
grows from the small store to the big one, and a restart's first publish (a new
`Publisher` over a published output folder), which reads each feed whole. The publish of
an unchanged store is a detail.

Cold publish: `newsfeed build` of the big store into an empty output folder (a new machine,
a lost output folder, a new feed over an old store), with every archive page, as a user
runs it; baseline: feedgen alone rendering the same articles in pages of the feed's limit
as Atom and RSS, plus `json.dumps` of them as JSON Feed (the store read untimed), measured
just before and just after it; the figure is against their mean. Goal: at most 2.5x. The
CPU time of all its processes beside the baseline's shows what the cores were given.
"""

from __future__ import annotations

import json
import statistics
import time

from bench.common import Figure, Run, write_config
from bench.stories import generated_articles

GOAL = 1.5
COLD_GOAL = 2.5


def run(run: Run) -> list[Figure]:
    import config
    from articles.queries import Filter
    from articles.store import Store
    from feeds.publishing.publish import Publisher
    from feeds.rendering import render

    sizes = (1_000, 10_000) if run.quick else (1_000, 100_000)
    turns = 5 if run.quick else 15
    cold = _cold_publish(run, sizes[1])
    publishers, stores, configs = [], [], []
    for size in sizes:
        root = run.scratch(f"rebuild/{size}")
        db, output = run.clone_published(size, root)
        cfg = config.load(write_config(root, db, output))
        store = Store(cfg.store.url)
        store.create()
        stores.append(store)
        configs.append(cfg)
        publishers.append(Publisher(store, cfg))
    added = [0] * len(sizes)
    try:
        feed = publishers[0].cfg.feed[0]
        channel = publishers[0].channel(feed)
        entries = stores[0].latest(feed.limit, Filter())
        if len(entries) != feed.limit:
            raise RuntimeError(f"the store gave {len(entries)} entries, not {feed.limit}")

        def changed(i: int) -> float:
            """Seconds of publish(force=True) after one new article (stored untimed)."""
            stores[i].save(generated_articles(sizes[i] + 1_000 + added[i], 1))
            added[i] += 1
            started = time.perf_counter()
            if not publishers[i].publish(force=True):
                raise RuntimeError("publish(force=True) published nothing after a new article")
            return time.perf_counter() - started

        def timed(fn) -> float:
            started = time.perf_counter()
            fn()
            return time.perf_counter() - started

        jobs = {
            "baseline": lambda: timed(lambda: _feedgen_alone(channel, entries)),
            **{("changed", i): (lambda i=i: changed(i)) for i in range(len(sizes))},
            **{("unchanged", i): (lambda i=i: timed(lambda: publishers[i].publish(force=True)))
               for i in range(len(sizes))},
            **{("restart", i): (lambda i=i: timed(
                lambda: Publisher(stores[i], configs[i]).publish(force=True)))
               for i in range(len(sizes))},
        }
        for job in jobs.values():  # warm up: imports, caches, the publishers' first reads
            job()
        times: dict = {key: [] for key in jobs}
        for _ in range(turns):
            for key, job in jobs.items():
                times[key].append(job())
        ms = {key: statistics.median(t) * 1000 for key, t in times.items()}

        # Where a rebuild's time goes, for the report: the store's part and the renderers'.
        queries = [_median_ms(lambda s=store: s.latest(feed.limit, Filter()), turns)
                   for store in stores]
        renders = _median_ms(
            lambda: [make(channel, entries) for make in render.RENDERERS.values()], turns)
    finally:
        for store in stores:
            store.close()

    base = ms["baseline"]
    run.detail("rebuild", f"feedgen alone, 50 entries, Atom + RSS: {base:.1f} ms (median of "
                          f"{turns})")
    for i, size in enumerate(sizes):
        run.detail("rebuild", f"{size:,} stored: publish(force=True) after a new article "
                              f"{ms['changed', i]:.1f} ms; with nothing changed "
                              f"{ms['unchanged', i]:.1f} ms; a restart's first publish "
                              f"{ms['restart', i]:.1f} ms; the store query for the 50 newest "
                              f"alone {queries[i]:.2f} ms")
    run.detail("rebuild", f"render.atom + render.rss + render.json_feed of the 50 entries, no "
                          f"store, no check: {renders:.1f} ms")
    figures = [
        Figure(f"rebuild, {size:,} stored", ms["changed", i], "ms", base, "feedgen alone",
               goal=GOAL, op="<=", note="a new article, then publish(force=True)")
        for i, size in enumerate(sizes)
    ]
    figures.append(Figure(f"rebuild growth, {sizes[1]:,} vs {sizes[0]:,} stored",
                          ms["changed", 1], "ms", ms["changed", 0], f"{sizes[0]:,} stored"))
    figures.append(Figure(f"restart publish, {sizes[1]:,} stored", ms["restart", 1], "ms",
                          ms["restart", 0], f"{sizes[0]:,} stored",
                          note="new Publisher, output folder present"))
    return cold + figures


def _cold_publish(run: Run, size: int) -> list[Figure]:
    """The first publish of `size` stored (`Run.published`), between two runs of its baseline."""
    import config
    from articles.store import Store
    from feeds.rendering import render

    root = run.scratch("rebuild/cold")
    cfg = config.load(write_config(root, run.store_file(size), root / "public"))
    feed = cfg.feed[0]
    channel = render.Channel(feed.name, feed.title, feed.description, cfg.site.base_url,
                             cfg.site.language)
    store = Store(cfg.store.url)
    try:
        before = _feedgen_pages(store, channel, feed.limit)
        run.published(size)
        after = _feedgen_pages(store, channel, feed.limit)
    finally:
        store.close()
    seconds, cpu = run.first_publish[size]
    base, base_cpu = (before[0] + after[0]) / 2, (before[1] + after[1]) / 2
    run.detail("rebuild", f"cold publish, {size:,} stored: `newsfeed build` {seconds:.1f}s, "
                          f"{cpu:.1f}s of CPU in all its processes; feedgen alone, pages of "
                          f"{feed.limit}, Atom + RSS + json.dumps: {before[0]:.1f}s before it and "
                          f"{after[0]:.1f}s after ({before[1]:.1f}s and {after[1]:.1f}s of CPU)")
    return [
        Figure(f"cold publish, {size:,} stored", seconds, "s", base, "feedgen alone",
               goal=COLD_GOAL, op="<=", note="`newsfeed build`, empty output folder"),
        Figure(f"cold publish CPU, {size:,} stored", cpu, "s", base_cpu,
               "feedgen alone's CPU"),
    ]


def _feedgen_pages(store, channel, limit: int) -> tuple[float, float]:
    """(seconds, CPU seconds) of feedgen alone rendering every stored article in pages of
    `limit`, in ingest order, as Atom and RSS, and `json.dumps` of them as JSON Feed; the
    store is read untimed."""
    from articles.queries import Filter

    seconds = cpu = 0.0
    after = 0
    while rows := store.page(Filter(), after, limit * 20):
        after = rows[-1][0]
        pages = [[a for *_, a in reversed(rows[i:i + limit])] for i in range(0, len(rows), limit)]
        started, started_cpu = time.perf_counter(), time.process_time()
        for entries in pages:
            _feedgen_alone(channel, entries)
            _json_alone(channel, entries)
        seconds += time.perf_counter() - started
        cpu += time.process_time() - started_cpu
    return seconds, cpu


def _json_alone(channel, entries) -> bytes:
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": channel.title,
        "home_page_url": channel.base_url,
        "feed_url": channel.url("json"),
        "items": [{
            "id": a.id,
            "url": channel.article_url(a),
            "title": a.title,
            "content_html": a.content_html,
            "summary": a.summary,
            "date_published": a.published.isoformat(),
            "date_modified": (a.updated or a.published).isoformat(),
            "authors": [{"name": n} for n in a.authors],
            "tags": list(a.tags),
        } for a in entries],
    }, ensure_ascii=False).encode()


def _median_ms(fn, turns: int) -> float:
    fn()
    out = []
    for _ in range(turns):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return statistics.median(out) * 1000


def _feedgen_alone(channel, entries) -> tuple[bytes, bytes]:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.id(channel.id)
    fg.title(channel.title)
    fg.description(channel.description or channel.title)
    fg.author({"name": channel.title, "uri": channel.base_url})
    fg.language(channel.language)
    fg.generator("newsfeed")
    newest = max(a.updated or a.published for a in entries)
    fg.updated(newest)
    fg.lastBuildDate(newest)
    fg.pubDate(newest)
    fg.link(href=channel.url("atom"), rel="self", type="application/atom+xml")
    fg.link(href=channel.base_url, rel="alternate", type="text/html")
    for a in entries:
        fe = fg.add_entry(order="append")
        fe.id(a.id)
        fe.guid(a.id, permalink=False)
        fe.title(a.title)
        fe.link(href=channel.article_url(a), rel="alternate", type="text/html")
        fe.published(a.published)
        fe.updated(a.updated or a.published)
        for name in a.authors:
            fe.author({"name": name})
        for name in a.cites:
            fe.contributor({"name": name})
        if a.authors:
            fe.dc.dc_creator(list(a.authors))
        fe.content(a.content_html, type="html")
        fe.summary(a.summary or a.title)
        for tag in a.tags:
            fe.category(term=tag)
    return (fg.atom_str(pretty=True, encoding="UTF-8", xml_declaration=True),
            fg.rss_str(pretty=True, encoding="UTF-8", xml_declaration=True))
