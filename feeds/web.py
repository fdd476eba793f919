"""The web app: a bare ASGI callable serving published documents, Starlette for the rest.

The hot path (`App.__call__` → `answer`) does one dictionary lookup and one header
comparison: every answer's bytes and headers were worked out when the feed was published.
"""

from __future__ import annotations

from collections import OrderedDict
from email.utils import parsedate_to_datetime

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
    """200 or 304, identity or gzip, GET or HEAD: all precomputed in `resource.answers`."""
    if_none_match = if_modified_since = None
    gzipped = False
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            if_none_match = value
        elif name == b"if-modified-since":
            if_modified_since = value
        elif name == b"accept-encoding":
            gzipped = b"gzip" in value and _accepts_gzip(value)
    if if_none_match is not None:
        fresh = _etag_matches(if_none_match, resource.etag)
    elif if_modified_since is not None:
        fresh = if_modified_since == resource.last_modified or _not_modified_since(
            if_modified_since, resource.modified_at
        )
    else:
        fresh = False
    status, headers, body = resource.answers[gzipped, fresh]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _accepts_gzip(value: bytes) -> bool:
    for part in value.split(b","):
        coding, _, params = part.strip().partition(b";")
        if coding.strip() in (b"gzip", b"x-gzip"):
            return params.replace(b" ", b"") not in (b"q=0", b"q=0.0", b"q=0.00", b"q=0.000")
    return False


def _etag_matches(header: bytes, etag: bytes) -> bool:
    """If-None-Match uses weak comparison: W/ is ignored and the -gz variant is the same doc."""
    if header == etag or header.strip() == b"*":
        return True
    opaque = etag[:-1]
    for tag in header.split(b","):
        tag = tag.strip().removeprefix(b"W/")
        if tag == etag or tag == opaque + b'-gz"':
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
