"""The web app: a bare ASGI callable serving published documents, Starlette for the rest.

The hot path (`App.__call__` → `answer`) does dictionary lookups and header comparisons
only: every answer's bytes and headers (each coding, 304s, a feed's HTML view for browsers)
were worked out when the feed was published.
"""

from __future__ import annotations

import mimetypes
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

import config
from articles.members import Keys
from articles.model import Takedown
from articles.store import Store
from feeds import desk, metrics, readers
from feeds.publishing.publish import Publisher
from feeds.publishing.query import BadQuery, FeedQuery
from feeds.publishing.resource import CONTENT_TYPES, Resource
from feeds.rendering import opml, pages, render
from feeds.serving import api

ARTICLE_CACHE = 512
DEFAULT_ICON = Path(__file__).parents[1] / "static" / "favicon.ico"
ICON_MAX_AGE = 86400


class App:
    def __init__(self, publisher: Publisher, store: Store, cfg: config.Config, *,
                 on_change: Callable[[], None] | None = None,
                 problems: Callable[[], list[str]] = list, keys: Keys | None = None):
        """`on_change`: called after the API changed the store (the scheduler's rebuild);
        `problems`: why background work (ingest, publishing) is failing, for /readyz;
        `keys`: members' keys, checked against the store at each request (their polls are
        counted there, for the scheduler to flush)."""
        self.publisher, self.store, self.cfg = publisher, store, cfg
        self.problems = problems
        self.keys = keys or Keys(store)
        # An article's page, or what was taken down there, by (revision, slug).
        self._articles: OrderedDict[tuple[int, str], Resource | MembersOnly | Takedown | None] = (
            OrderedDict())
        self._favicon = _file_resource(cfg.site.icon or DEFAULT_ICON)
        self._opml = Resource.make(
            opml.opml(cfg), opml.CONTENT_TYPE.encode(), _mtime(cfg.path), cfg.server.cache_max_age
        )
        self.fallback = Starlette(
            routes=[
                Route("/articles/{slug}", self.article_page, methods=["GET", "HEAD"]),
                Route("/feeds/tags/{tag}.{fmt}", self.tag_feed, methods=["GET", "HEAD"]),
                Route("/feeds/{name}/archive/{page}.{fmt}", self.archive_page,
                      methods=["GET", "HEAD"]),
                Route("/feeds/{name}.{fmt}", self.query_feed, methods=["GET", "HEAD"]),
                Route(
                    "/healthz", lambda request: PlainTextResponse("ok\n"), methods=["GET", "HEAD"]
                ),
                Route("/readyz", self.readyz, methods=["GET", "HEAD"]),
                Route("/metrics", self.prometheus, methods=["GET", "HEAD"]),
                Route("/feeds.opml", lambda r: ResourceResponse(self._opml),
                      methods=["GET", "HEAD"]),
                Route("/favicon.ico", lambda r: ResourceResponse(self._favicon),
                      methods=["GET", "HEAD"]),
                api.mount(store, cfg, on_change),
                desk.mount(store, cfg, on_change),
            ]
        )

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            resource = self.publisher.resources.get(scope["path"])
            # A feed URL with a query string (?limit=, ?q=, ?category=): `query_feed`.
            if resource is not None and not (
                    scope.get("query_string") and scope["path"].startswith("/feeds/")):
                status, sent = await answer(resource, scope, send)
                if scope["path"].startswith("/feeds/"):  # one dict update (feeds.readers)
                    readers.TALLY.hit(scope, status, sent)
                return
            if scope["path"].startswith("/feeds/"):  # a tag feed, or a 404: counted too
                send = readers.TALLY.counting(scope, send)
        await self.fallback(scope, receive, send)

    def readyz(self, request: Request) -> Response:
        """200 once the store answers, every feed is published and neither ingest nor
        publishing is failing; 503 and why otherwise."""
        headers = {"cache-control": "no-store"}
        try:
            self.store.revision()
        except SQLAlchemyError as exc:
            return PlainTextResponse(
                f"not ready: the store does not answer ({type(exc).__name__})\n", 503, headers
            )
        published = self.publisher.resources.keys() | self.publisher.members.keys()
        missing = [f.name for f in self.cfg.feed if f"/feeds/{f.name}.atom" not in published]
        if self.publisher.revision is None or missing:
            names = ", ".join(missing) or "all"
            return PlainTextResponse(f"not ready: feeds not published yet ({names})\n", 503,
                                     headers)
        if problems := self.problems():
            return PlainTextResponse(f"not ready: {'; '.join(problems)}\n", 503, headers)
        return PlainTextResponse(f"ready: revision {self.publisher.revision} published\n",
                                 headers=headers)

    def prometheus(self, request: Request) -> Response:
        """Prometheus text exposition; feed requests counted so far are folded in first."""
        readers.TALLY.fold()
        body, content_type = metrics.exposition()
        return Response(body, headers={"content-type": content_type, "cache-control": "no-store"})

    def article_page(self, request: Request) -> Response:
        """An article's page; 410 and why for one taken down; 404 for none (or one under
        embargo, or a members-only story without a member's key)."""
        slug = request.path_params["slug"]
        key = (self.publisher.revision or 0, slug)
        if key not in self._articles:
            self._articles[key] = self._article(slug)
            while len(self._articles) > ARTICLE_CACHE:
                self._articles.popitem(last=False)
        resource = self._articles[key]
        if isinstance(resource, MembersOnly):
            if refused := self._refused(request, poll=False):
                return refused
            resource = resource.resource
        if isinstance(resource, Takedown):
            return HTMLResponse(pages.gone(self.cfg, resource), status_code=410, headers={
                "cache-control": f"public, max-age={self.cfg.server.cache_max_age}"})
        if resource is None:
            return PlainTextResponse(f"No article at /articles/{slug}\n", status_code=404)
        return ResourceResponse(resource)

    def _article(self, slug: str) -> Resource | MembersOnly | Takedown | None:
        article = self.store.by_slug(slug, where=self.publisher.public)
        members = article is None and self.publisher.hidden and self.store.by_slug(slug)
        if members:
            article = members
        if article is None:
            return self.store.gone(slug)
        page = Resource.make(pages.article(self.cfg, article), CONTENT_TYPES["html"],
                             article.updated, self.cfg.server.cache_max_age,
                             private=bool(members))
        return MembersOnly(page) if members else page

    def _refused(self, request: Request, *, poll: bool = True) -> Response | None:
        """None for a request with a member's key (counted as a poll of theirs if `poll`);
        else 404 without a key or with a wrong one (nothing is revealed), 403 with a
        revoked one."""
        found = self.keys.check(request.query_params.get("key", ""))
        if found is None:
            return PlainTextResponse("Not Found", status_code=404)
        name, revoked = found
        if revoked:
            return PlainTextResponse("This key was revoked.\n", status_code=403,
                                     headers={"cache-control": "no-store"})
        if poll:
            self.keys.polled(name, request.headers.get("user-agent", ""))
        return None

    def tag_feed(self, request: Request) -> Response:
        tag, fmt = request.path_params["tag"], request.path_params["fmt"]
        if fmt not in render.RENDERERS:
            return PlainTextResponse("Feeds are .atom, .rss or .json\n", status_code=404)
        resource = self.publisher.tag_feed(tag, fmt)
        if resource is None:
            return PlainTextResponse(f"No articles are tagged {tag!r}\n", status_code=404)
        return ResourceResponse(resource)


    def query_feed(self, request: Request) -> Response:
        """A feed narrowed by its query string, cached per distinct query (`Publisher.
        query_feed`); the published document when the query selects nothing; 400 and why
        for a value it does not take."""
        name, fmt = request.path_params["name"], request.path_params["fmt"]
        if name in self.publisher.members_only:
            resource = self.publisher.members.get(request.url.path)
            if resource is None:
                return PlainTextResponse("Not Found", status_code=404)
            return self._refused(request) or ResourceResponse(resource)
        published = self.publisher.resources.get(request.url.path)
        if published is None:
            return PlainTextResponse("Not Found", status_code=404)
        try:
            query = FeedQuery.parse(request.scope.get("query_string", b""))
        except BadQuery as exc:
            return PlainTextResponse(f"Bad query: {exc}\n", status_code=400,
                                     headers={"cache-control": "no-store"})
        resource = self.publisher.query_feed(name, fmt, query) if query else published
        if resource is None:
            return PlainTextResponse("This feed cannot be narrowed that way now\n",
                                     status_code=503, headers={"cache-control": "no-store"})
        return ResourceResponse(resource)

    def archive_page(self, request: Request) -> Response:
        """An RFC 5005 archive page, from the output folder (nginx can serve them directly);
        a members-only feed's with a member's key."""
        if request.path_params["name"] in self.publisher.members_only and (
                refused := self._refused(request)):
            return refused
        resource = self.publisher.archive_page(request.url.path)
        if resource is None:
            return PlainTextResponse("No such archive page\n", status_code=404)
        return ResourceResponse(resource)


@dataclass(frozen=True)
class MembersOnly:
    """The page of a story a members-only feed shows: served with a member's key only."""

    resource: Resource


class ResourceResponse(Response):
    """A Starlette response that answers like the hot path, conditional GET included."""

    def __init__(self, resource: Resource):
        self.resource = resource

    async def __call__(self, scope, receive, send):
        await answer(self.resource, scope, send)


async def answer(resource: Resource, scope, send) -> tuple[int, int]:
    """200 or 304 (see `choose`), sent; the status and the number of body bytes sent."""
    head = scope["method"] == "HEAD"
    status, headers, body = choose(resource, scope["headers"])
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if head else body})
    return status, 0 if head else len(body)


def choose(resource: Resource, request_headers) -> tuple[int, list, bytes]:
    """The answer to a GET of `resource`: 200 or 304, in the best coding the client takes,
    the feed or its browser view, all worked out in `resource.answers`; here only headers
    are compared."""
    if_none_match = if_modified_since = dest = mode = None
    coding = 0
    for name, value in request_headers:
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
        return not_modified
    return resource.answers[(coding, False, True) if view else (coding, False)]


def _mtime(path: Path | None) -> datetime:
    stamp = path.stat().st_mtime if path is not None else 0
    return datetime.fromtimestamp(int(stamp), UTC)


def _file_resource(path: Path) -> Resource:
    """A small file served as it is (the favicon), with validators and a day's caching."""
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix.lower() == ".ico":
        content_type = "image/x-icon"
    return Resource.make(path.read_bytes(), content_type.encode(), _mtime(path), ICON_MAX_AGE)


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
