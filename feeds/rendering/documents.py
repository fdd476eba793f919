"""Feed documents put together from entries rendered and checked once per article.

`render.split` cuts a document into head, entries and tail, and an entry's bytes depend on
its article, its format and the site's base URL alone. So a document needs only its new
entries rendered: a small document of the channel and those entries is rendered and
checked, and its head and tail are put around the entries kept from before. The result is
byte for byte the document rendering every entry again gives (tests/test_documents.py
holds the two equal), at a cost that follows the new entries rather than the feed's
length. The small document gets every check of `feeds.rendering.check`; the feedparser read-back
reads its new entries under a bare root element, and its head once per shape of channel
(heads that differ in their dates and page numbers alone read back alike).

Archive pages, thousands of them when a big store is first published, are checked more
cheaply: their new entries get every check but the feedparser read-back, and their head is
read back once per shape. The read-back guards against documents a reader cannot read;
once the head reads back, what it could still find in an entry lxml has already found,
since both parse XML 1.0 strictly (the entries hold no DTD, entity or processing
instruction), and it costs twenty times the render.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence

from articles.model import Article
from feeds.rendering import check, render


class Documents:
    """Checked feed documents, with the last `size` entries rendered kept for the next ones.

    An entry is kept for the `Article` object it was rendered from (the publisher keeps its
    articles from one rebuild to the next): an equal article read again is rendered again.
    Shared by the publisher and the web threads that render query and tag feeds."""

    def __init__(self, max_bytes: int, size: int):
        self.max_bytes, self.size = max_bytes, size
        # (format, base URL, id of the article) -> (the article, its entry's bytes)
        self._entries: OrderedDict[tuple[str, str, int], tuple[Article, bytes]] = OrderedDict()
        self._lock = threading.Lock()
        self._heads: set[tuple] = set()  # the shapes of heads read back by feedparser

    def render(self, fmt: str, channel: render.Channel, entries: Sequence[Article], *,
               archived: bool = False) -> bytes:
        """The document of `entries` (newest first) in `fmt`, checked; `check.Failed` (naming
        the articles at fault) when it may not be published. `archived`: an archive page,
        its new entries not read back by feedparser (see above)."""
        keys = [(fmt, channel.base_url, id(a)) for a in entries]
        known = {}
        with self._lock:
            for key, article in zip(keys, entries, strict=True):
                hit = self._entries.get(key)
                if hit is not None and hit[0] is article:
                    known[key] = hit[1]
                    self._entries.move_to_end(key)
        new = {key: a for key, a in zip(keys, entries, strict=True) if key not in known}
        newest = render.updated(entries, channel)
        small = check.rendered(fmt, channel, list(new.values()), self.max_bytes, newest,
                               read_back=False)
        head, pieces, tail = render.split(fmt, small)
        if len(pieces) != len(new):  # cannot happen while `split` holds; never guess
            return check.rendered(fmt, channel, entries, self.max_bytes)
        separator = render.SEPARATORS[fmt]
        shape = _shape(fmt, channel)
        first = shape not in self._heads
        doc = None  # what feedparser reads back, if anything; it reads no JSON Feed
        if fmt != "json" and first:
            doc = head + tail if archived else small
        elif fmt != "json" and pieces and not archived:
            doc = render.bare(fmt, head) + separator.join(pieces) + tail
        if doc is not None and (why := check.reads_back(fmt, doc)):
            if not archived:  # name the articles, as a whole check does
                check.rendered(fmt, channel, list(new.values()), self.max_bytes, newest)
            raise check.Failed(f"{channel.self_url(fmt)} {why}")
        known |= dict(zip(new, pieces, strict=True))
        body = head + separator.join(known[key] for key in keys) + tail
        if why := check.too_big(body, self.max_bytes):
            raise check.Failed(f"{channel.self_url(fmt)} {why}")
        with self._lock:
            for (key, article), piece in zip(new.items(), pieces, strict=True):
                self._entries[key] = (article, piece)
            if len(self._heads) > 4 * self.size:  # query feeds: one channel per query
                self._heads.clear()
            self._heads.add(shape)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return body


def _shape(fmt: str, channel: render.Channel) -> tuple:
    """What a head in `fmt` says but for its dates and the page numbers in its links."""
    rels = tuple(rel for rel, _ in channel.history(fmt))
    return fmt, dataclasses.replace(channel, page=min(channel.page, 1), pages=0), rels
