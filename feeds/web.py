"""The web app: a bare ASGI callable serving published documents, Starlette for the rest.

The hot path (`App.__call__` → `answer`) does dictionary lookups and header comparisons
only: every answer's bytes and headers (each coding, 304s, a feed's HTML view for browsers)
were worked out when the feed was published.
"""

from __future__ import annotations

from collections import OrderedDict
from email.utils import parsedate_to_datetime
from functools import lru_cache

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

import config
from articles.store import Store
from feeds import pages, render
from feeds.publish import CONTENT_TYPES, Publisher, Resource

ARTICLE_CACHE = 512


class App:
    def __init__(self, publisher: Publisher, store: Store, cfg: config.Config):
        self.publisher, self.store, self.cfg = publisher, store, cfg
        self._articles: OrderedDict[tuple[int, str], Resource | None] = OrderedDict()
        self.fallback = Starlette(
            routes=[
                Route("/articles/{slug}", self.article_page, methods=["GET", "HEAD"]),
                Route("/feeds/tags/{tag}.{fmt}", self.tag_feed, methods=["GET", "HEAD"]),
                Route(
                    "/healthz", lambda request: PlainTextResponse("ok\n"), methods=["GET", "HEAD"]
                ),
            ]
        )

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            resource = self.publisher.resources.get(scope["path"])
            if resource is not None:
                await answer(resource, scope, send)
                return
        await self.fallback(scope, receive, send)

    def article_page(self, request: Request) -> Response:
        slug = request.path_params["slug"]
        key = (self.publisher.revision or 0, slug)
        if key not in self._articles:
            article = self.store.by_slug(slug)
            self._articles[key] = article and Resource.make(
                pages.article(self.cfg, article),
                CONTENT_TYPES["html"],
                article.updated,
                self.cfg.server.cache_max_age,
            )
            while len(self._articles) > ARTICLE_CACHE:
                self._articles.popitem(last=False)
        resource = self._articles[key]
        if resource is None:
            return PlainTextResponse(f"No article at /articles/{slug}\n", status_code=404)
        return ResourceResponse(resource)

    def tag_feed(self, request: Request) -> Response:
        tag, fmt = request.path_params["tag"], request.path_params["fmt"]
        if fmt not in render.RENDERERS:
            return PlainTextResponse("Feeds are .atom, .rss or .json\n", status_code=404)
        resource = self.publisher.tag_feed(tag, fmt)
        if resource is None:
            return PlainTextResponse(f"No articles are tagged {tag!r}\n", status_code=404)
        return ResourceResponse(resource)


class ResourceResponse(Response):
    """A Starlette response that answers like the hot path, conditional GET included."""

    def __init__(self, resource: Resource):
        self.resource = resource

    async def __call__(self, scope, receive, send):
        await answer(self.resource, scope, send)


async def answer(resource: Resource, scope, send) -> None:
    """200 or 304, in the best coding the client takes, GET or HEAD, the feed or its browser
    view: all precomputed in `resource.answers`; here only headers are compared."""
    if_none_match = if_modified_since = dest = mode = None
    coding = 0
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            if_none_match = value
        elif name == b"if-modified-since":
            if_modified_since = value
        elif name == b"accept-encoding":
            coding = _coding(value)
        elif name == b"sec-fetch-dest":
            dest = value
        elif name == b"sec-fetch-mode":
            mode = value
    # Fetch Metadata: a top-level navigation is a person; feed readers never send these.
    view = dest == b"document" and mode == b"navigate"
    not_modified = resource.answers[(coding, True, True) if view else (coding, True)]
    if if_none_match is not None:
        fresh = _etag_matches(if_none_match, not_modified[1][0][1])
    elif if_modified_since is not None:
        fresh = if_modified_since == resource.last_modified or _not_modified_since(
            if_modified_since, resource.modified_at
        )
    else:
        fresh = False
    if fresh:
        status, headers, body = not_modified
    else:
        status, headers, body = resource.answers[(coding, False, True) if view else (coding, False)]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


@lru_cache(maxsize=1024)
def _coding(accept_encoding: bytes) -> int:
    """0 identity, 1 gzip or 2 brotli: the highest q-value, brotli first on a tie, then gzip."""
    weights: dict[bytes, float] = {}
    for part in accept_encoding.lower().split(b","):
        name, *params = part.split(b";")
        q = 1.0
        for param in params:
            key, _, value = param.strip().partition(b"=")
            if key == b"q":
                q = _qvalue(value)
        weights[name.strip()] = q
    anything = weights.get(b"*", 0.0)
    br = weights.get(b"br", anything)
    gz = weights.get(b"gzip", weights.get(b"x-gzip", anything))
    identity = weights.get(b"identity", weights.get(b"*", 0.001))  # acceptable unless refused
    q, coding = max((br, 2), (gz, 1), (identity, 0))
    return coding if q > 0 else 0


def _qvalue(text: bytes) -> float:
    try:
        q = float(text)
    except ValueError:
        return 0.0
    return q if 0.0 <= q <= 1.0 else 0.0


def _etag_matches(header: bytes, etag: bytes) -> bool:
    """If-None-Match uses weak comparison: W/ is ignored, and the -gz and -br variants are
    the same document."""
    if header == etag:
        return True
    document = etag.strip(b'"').partition(b"-")[0]
    for tag in header.split(b","):
        tag = tag.strip().removeprefix(b"W/")
        if tag == b"*" or tag.strip(b'"').partition(b"-")[0] == document:
            return True
    return False


def _not_modified_since(header: bytes, modified_at: float) -> bool:
    try:
        since = parsedate_to_datetime(header.decode("latin-1"))
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        return False
    return modified_at <= since.timestamp()
