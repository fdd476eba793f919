"""The HTTP API under `/api/`: create, update, delete, list and search articles.

An article sent here goes through the drop folder's pipeline: the `.json` parser builds
it (`articles.parse.parse`), with the same keys, checks and sanitizing, then `Store.save`
stores it by the same rules (an article already stored is updated or left alone; a
deleted one is refused). Everything but `/api/openapi.json` needs a bearer token from
`[api] tokens`, compared in constant time; with no token configured the API is off.
Every error is JSON, `{"error": "<one line>"}`, with `"field"` when one field is at fault.

    curl -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" \\
         -d '{"title": "Harbour reopens", "date": "2024-03-01", "content": "The lock..."}' \\
         http://127.0.0.1:8080/api/articles
"""

from __future__ import annotations

import dataclasses
import hmac
import json
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy.exc import SQLAlchemyError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

import config
from articles.fields import KEYS, InvalidKey, article_json, read_keys
from articles.model import Article, Rejected
from articles.parse import Context, parse
from articles.queries import Filter
from articles.store import Store
from feeds import metrics
from feeds.serving import openapi

log = logging.getLogger("newsfeed.api")

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000_000
MAX_QUERY = 500
_BAD_CHARACTERS = re.compile("[\x00\ud800-\udfff]")  # no database stores these as text
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")  # what `articles.rows.slugify` makes


class ApiError(Exception):
    def __init__(self, status: int, message: str, field: str | None = None,
                 headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.message, self.field, self.headers = status, message, field, headers


def error(status: int, message: str, field: str | None = None,
          headers: dict[str, str] | None = None) -> JSONResponse:
    body = {"error": " ".join(str(message).split())}
    if field:
        body["field"] = field
    return JSONResponse(body, status_code=status, headers=headers)


class Api:
    """The ASGI app mounted at `/api` by `feeds.serving.web.App`.

    `on_change` is called after a change to the store (the scheduler wakes its rebuild), so
    feeds show it within moments rather than at the next periodic check.
    """

    def __init__(self, store: Store, cfg: config.Config,
                 on_change: Callable[[], None] | None = None):
        self.store, self.cfg, self.on_change = store, cfg, on_change
        self.tokens = [t.encode("utf-8") for t in cfg.api.tokens if t.strip()]
        self.app = Starlette(
            routes=[
                Route("/articles", self.articles, methods=["GET", "POST"]),
                Route("/articles/{slug}", self.article, methods=["GET", "PUT", "DELETE"]),
                Route("/openapi.json", self.openapi, methods=["GET"]),
            ],
            exception_handlers={
                ApiError: lambda request, exc: error(exc.status, exc.message, exc.field,
                                                     exc.headers),
                HTTPException: lambda request, exc: error(exc.status_code, exc.detail,
                                                          headers=exc.headers),
                Exception: self._crashed,
            },
        )

    async def __call__(self, scope, receive, send) -> None:
        if not self.tokens:
            response = error(404, "API disabled: set [api] tokens in the config to turn it on")
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)

    # -- endpoints -----------------------------------------------------------------------

    async def articles(self, request: Request) -> Response:
        if request.method == "POST":
            return await self.create(request)
        return await self.list_articles(request)

    async def article(self, request: Request) -> Response:
        if request.method == "PUT":
            return await self.update(request)
        if request.method == "DELETE":
            return await self.delete(request)
        return await self.show(request)

    async def list_articles(self, request: Request) -> Response:
        self._authorize(request)
        params = request.query_params
        limit = _integer(params.getlist("limit"), "limit", 20, 1, MAX_LIMIT)
        offset = _integer(params.getlist("offset"), "offset", 0, 0, MAX_OFFSET)
        if len(params.getlist("q")) > 1:
            raise ApiError(422, "'q' must be given once", "q")
        q = _text_param(params.get("q", ""), "q")
        categories = [_text_param(c, "category") for c in params.getlist("category")]
        found = await self._store(self.store.list, limit + 1, offset, q=q,
                                  where=Filter(categories=[c for c in categories if c.strip()]),
                                  scheduled=True)
        return JSONResponse({
            "articles": [self._json(a) for a in found[:limit]],
            "limit": limit,
            "offset": offset,
            "next_offset": offset + limit if len(found) > limit else None,
        })

    async def create(self, request: Request) -> Response:
        self._authorize(request)
        article = await self._article(request)
        return await self._save(article)

    async def show(self, request: Request) -> Response:
        self._authorize(request)
        article = await self._existing(request.path_params["slug"])
        return JSONResponse({"article": self._json(article)})

    async def update(self, request: Request) -> Response:
        self._authorize(request)
        existing = await self._existing(request.path_params["slug"])
        article = await self._article(request)
        # The URL names the article: its slug wins, and an id in the body cannot point the
        # edit at another story.
        return await self._save(dataclasses.replace(article, slug=existing.slug, id=""),
                                update=True)

    async def delete(self, request: Request) -> Response:
        self._authorize(request)
        slug = request.path_params["slug"]
        reason = await self._reason(request)
        if not _SLUG.match(slug) or not await self._store(self.store.delete, slug,
                                                          reason=reason):
            raise ApiError(404, f"no article at /articles/{slug}")
        log.info("deleted %s through the API", slug)
        wake(self.on_change)
        return Response(status_code=204)

    async def _reason(self, request: Request) -> str:
        """A DELETE's optional reason: a JSON body `{"reason": "…"}`, or `?reason=`."""
        body = await self._body(request)
        if not body.strip():
            return _text_param(request.query_params.get("reason", ""), "reason")
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError):
            doc = None
        if not isinstance(doc, dict) or not isinstance(doc.get("reason", ""), str):
            raise ApiError(422, 'the body of a DELETE is optional: {"reason": "why"}', "reason")
        return _text_param(doc.get("reason", ""), "reason")

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(
            openapi.document(self.cfg, max_limit=MAX_LIMIT, max_offset=MAX_OFFSET,
                             max_query=MAX_QUERY)
        )

    # -- the steps -----------------------------------------------------------------------

    def _authorize(self, request: Request) -> None:
        """Nothing happens without a valid token; every token is compared, in constant time."""
        scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
        given = credentials.strip().encode("latin-1") if scheme.lower() == "bearer" else b""
        valid = False
        for token in self.tokens:
            valid |= hmac.compare_digest(given, token)
        if not valid:
            raise ApiError(401, "a valid API token is needed: send 'Authorization: Bearer "
                                "<token>' with one of the [api] tokens",
                           headers={"WWW-Authenticate": 'Bearer realm="newsfeed"'})

    async def _body(self, request: Request) -> bytes:
        limit = self.cfg.inbox.max_bytes
        too_large = ApiError(413, f"the body is over the limit of {limit:,} bytes "
                                  "(inbox.max_bytes)")
        length = request.headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            raise too_large
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large
            chunks.append(chunk)
        return b"".join(chunks)

    async def _article(self, request: Request) -> Article:
        """The article in a request's JSON body, read as the drop folder reads a `.json` file."""
        media_type = request.headers.get("content-type", "application/json")
        media_type = media_type.partition(";")[0].strip().lower()
        if media_type != "application/json" and not media_type.endswith("+json"):
            raise ApiError(415, f"send the article as application/json, not {media_type!r}")
        body = await self._body(request)
        try:
            doc = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise ApiError(422, f"the body is not valid JSON ({exc})") from None
        if not isinstance(doc, dict):
            raise ApiError(422, "the body must be a JSON object of article fields, "
                                f"not a JSON {type(doc).__name__}")
        return await run_in_threadpool(read_article, doc, self.cfg, "api")

    async def _save(self, article: Article, *, update: bool = False) -> Response:
        result = await self._store(self.store.save, [article])
        if result.refused:
            reason = result.refused[0][1]
            metrics.record_rejected([reason], "api")
            raise ApiError(409, f"the article is refused: {reason}")
        status, stored = next((status, stored) for status, stored in (
            ("added", result.added), ("updated", result.updated), ("unchanged", result.unchanged)
        ) if stored)
        metrics.ARTICLES_INGESTED.labels("api", status).inc()
        if result.changed:
            log.info("%s %s through the API", status, stored[0].slug)
            wake(self.on_change)
        out = self._json(stored[0])
        if status == "added" and not update:
            return JSONResponse({"status": status, "article": out}, status_code=201,
                                headers={"Location": out["url"]})
        return JSONResponse({"status": status, "article": out})

    async def _existing(self, slug: str) -> Article:
        article = (await self._store(self.store.by_slug, slug, scheduled=True)
                   if _SLUG.match(slug) else None)
        if article is None:
            raise ApiError(404, f"no article at /articles/{slug}")
        return article

    async def _store(self, fn, *args, **kwargs):
        try:
            return await run_in_threadpool(fn, *args, **kwargs)
        except SQLAlchemyError as exc:
            log.warning("the store failed: %s", str(exc).splitlines()[0])
            raise ApiError(503, "the store is not available right now; try again",
                           headers={"Retry-After": "5"}) from None

    def _json(self, a: Article) -> dict:
        return article_json(a, self.cfg.site.base_url)

    def _crashed(self, request: Request, exc: Exception) -> Response:
        log.exception("API request %s %s failed", request.method, request.url.path,
                      exc_info=exc)
        return error(500, f"newsfeed failed ({type(exc).__name__}); see the service log")


def wake(on_change: Callable[[], None] | None) -> None:
    """Call `on_change` after the store changed (the API's and the desk's); should it fail, the
    next periodic rebuild publishes the change anyway."""
    if on_change is not None:
        try:
            on_change()
        except Exception:
            log.debug("on_change failed", exc_info=True)


def read_article(doc: dict, cfg: config.Config, way: str) -> Article:
    """The article a JSON object of article keys gives, read as the drop folder reads a `.json`
    file; `ApiError` 422 naming the field at fault. `way` ("api", "desk") is its origin and
    its label in the metrics."""
    _check_fields(doc)
    context = Context(name="api.json", mtime=datetime.now(UTC).replace(microsecond=0),
                      tz=cfg.site.tz, strict_dates=cfg.inbox.strict_dates)
    try:
        (article,) = parse(context.name, json.dumps(doc).encode(), context)
    except Rejected as exc:
        metrics.record_rejected([str(exc)], way)
        raise ApiError(422, f"the article is refused: {exc}", _field_of(str(exc))) from None
    except Exception as exc:  # a parser bug: refused, as the drop folder would
        log.exception("could not read an article sent through the %s", way)
        metrics.record_rejected(["could not read"], way)
        raise ApiError(422, f"newsfeed could not read it ({type(exc).__name__}); "
                            "see the service log") from None
    # A file's name gives its slug when the file has none; a request has no name, so
    # without a slug the store makes one from the date and title.
    return dataclasses.replace(article, slug=doc.get("slug") or "", origin=way)


def mount(store: Store, cfg: config.Config, on_change: Callable[[], None] | None = None) -> Mount:
    """The route that `feeds.serving.web.App` adds for `/api/`: every path under it, even one with a
    newline in it (Starlette's own pattern stops there), answered by the API in JSON."""
    route = Mount("/api", app=Api(store, cfg, on_change))
    route.path_regex = re.compile(route.path_regex.pattern, re.DOTALL)
    return route


def _integer(values: list[str], name: str, default: int, low: int, high: int) -> int:
    """A query parameter's whole number (given once, in range), or `default` if absent."""
    if not values:
        return default
    value = values[0]
    if len(values) > 1 or not re.fullmatch(r"\d{1,10}", value) or not low <= int(value) <= high:
        raise ApiError(422, f"'{name}' must be a whole number from {low} to {high}, given once; "
                            f"got {'&'.join(values)[:40]!r}", name)
    return int(value)


def _text_param(value: str, name: str) -> str:
    if len(value) > MAX_QUERY:
        raise ApiError(422, f"'{name}' is longer than {MAX_QUERY} characters", name)
    return _BAD_CHARACTERS.sub("", value)  # no stored text holds them: they match nothing


def _check_fields(doc: dict) -> None:
    """The types of the known keys (`articles.fields.ArticleInput`, strictly), each mistake
    naming its field; the parser then checks the values (dates that read as dates,
    absolute URLs, a title and a text)."""
    try:
        read_keys(doc, strict=True)
    except InvalidKey as exc:
        raise ApiError(422, f"'{exc.key}' must be {exc.what}, got "
                            f"{json.dumps(doc[exc.key])[:60]}", exc.key) from None
    for key in KEYS & doc.keys():
        if any(_BAD_CHARACTERS.search(text) for text in _strings(doc[key])):
            raise ApiError(422, f"'{key}' holds a character that is not allowed (U+0000 or a "
                                "lone surrogate)", key)


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    return []


def _field_of(message: str) -> str | None:
    """The field a parser's refusal is about, when it names one."""
    for pattern, field in ((r"no title", "title"), (r"no text", "content"),
                           (r"no date", "date"), (r"updated date", "updated")):
        if re.search(pattern, message):
            return field
    match = re.search(r"\bits (\w+)", message)
    if match and match.group(1) in KEYS:
        return "date" if match.group(1) == "published" else match.group(1)
    return None
