"""The editor's pages behind the desk's sign-in (`feeds.desk.app.Desk` routes to them): what
came in (the story list, refused files), putting a story right (edit, delete), adding stories
(read pasted text or files as the drop folder would, then publish) and the feeds.

Stories are read and saved by the API's rules (`feeds.serving.api.read_article`,
`Store.save`); new ones by the drop folder's parser.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Callable
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

import config
from articles.model import Article, Rejected
from articles.parse import HEAD, SUFFIXES, WHOLE_PAGE_ALLOWANCE, Context, parse, size_limit
from articles.sources import describe
from articles.store import Store
from feeds import readers
from feeds.desk import charts, forms, preview, refused
from feeds.desk.sessions import Session
from feeds.serving.api import ApiError, read_article, wake

log = logging.getLogger("newsfeed.desk")

PAGE = 50
CHART_DAYS = 14
# Dates that say little about the story: the eye should find them.
DOUBTFUL_DATES = {"file time": "dated by the file's time", "first seen": "dated when first seen",
                  "guessed": "date guessed from the page's text"}

Render = Callable[..., Response]


class Pages:
    """The editor's pages, each `(request, session, form, **path parameters)` to a response.
    `render` draws a desk template (`Desk.page`); `on_change` wakes the rebuild after the store
    changed."""

    def __init__(self, store: Store, cfg: config.Config, render: Render,
                 on_change: Callable[[], None] | None = None):
        self.store, self.cfg, self.page, self.on_change = store, cfg, render, on_change

    # -- what came in --------------------------------------------------------------------

    async def home(self, request: Request, session: Session, form: FormData) -> Response:
        q = request.query_params.get("q", "")[:500]
        try:
            offset = max(0, int(request.query_params.get("offset", "0")))
        except ValueError:
            offset = 0
        now = datetime.now(UTC)
        found = await run_in_threadpool(
            functools.partial(self.store.list, PAGE + 1, offset, q=q, scheduled=True))
        # Scheduled stories are dated ahead, so the newest: among the first 200.
        scheduled = [a for a in await run_in_threadpool(
            functools.partial(self.store.list, 200, scheduled=True))
                     if a.published > now] if not q and not offset else []
        files = await run_in_threadpool(refused.listing, self.cfg.inbox.rejected)
        return self.page(
            request, "home.html", session, q=q, offset=offset, stories=found[:PAGE],
            more=len(found) > PAGE, page_size=PAGE, scheduled=scheduled, refused=files,
            doubtful=DOUBTFUL_DATES, now=now, notice=_notice(request.query_params))

    async def retry(self, request: Request, session: Session, form: FormData) -> Response:
        name = str(form.get("name") or "")
        moved = await run_in_threadpool(refused.retry, self.cfg.inbox.rejected,
                                        self.cfg.inbox.path, name)
        if moved is None:
            return self._gone(request, session, name)
        log.info("desk: %s sent %s back to the drop folder", session.account, name)
        return RedirectResponse("/desk?" + urlencode({"retried": name}), status_code=303)

    async def discard(self, request: Request, session: Session, form: FormData) -> Response:
        name = str(form.get("name") or "")
        if not await run_in_threadpool(refused.discard, self.cfg.inbox.rejected, name):
            return self._gone(request, session, name)
        log.info("desk: %s discarded the refused file %s", session.account, name)
        return RedirectResponse("/desk?" + urlencode({"discarded": name}), status_code=303)

    def _story(self, slug: str) -> Article | None:
        """The live story at `slug`, scheduled or out."""
        return self.store.by_slug(slug, scheduled=True)

    def _gone(self, request: Request, session: Session, name: str) -> Response:
        return self.page(request, "message.html", session, status=404, title="Not found",
                         message=f"There is no refused file {name!r} (any more).")

    # -- putting a story right -----------------------------------------------------------

    async def article(self, request: Request, session: Session, form: FormData, *, slug: str,
                      values: dict | None = None, errors: dict | None = None,
                      status: int = 200) -> Response:
        existing = await run_in_threadpool(self._story, slug)
        if existing is None:
            return self.page(request, "message.html", session, status=404, title="Not found",
                             message=f"There is no story at /articles/{slug} (any more).")
        return self.page(
            request, "article.html", session, status=status, a=existing,
            values=values or forms.values(existing, self.cfg.site.tz, datetime.now(UTC)),
            errors=errors or {},
            entry=preview.entry(self.cfg, existing), doubtful=DOUBTFUL_DATES,
            url=f"{self.cfg.site.base_url}articles/{quote(existing.slug)}",
            notice=_notice(request.query_params))

    async def save(self, request: Request, session: Session, form: FormData, *,
                   slug: str) -> Response:
        existing = await run_in_threadpool(self._story, slug)
        if existing is None:
            return await self.article(request, session, form, slug=slug)
        posted = _strings(form)
        doc = forms.document(posted)
        if blank := forms.blanks(doc, ("title", "date")):
            return await self.article(request, session, form, slug=slug, values=posted,
                                      errors=blank, status=422)
        try:
            read = await run_in_threadpool(read_article, doc, self.cfg, "desk")
        except ApiError as exc:
            return await self.article(request, session, form, slug=slug, values=posted,
                                      errors=_errors(exc), status=422)
        same_image = existing.image and doc.get("image") == existing.image.url
        article = dataclasses.replace(
            read, slug=existing.slug, id="", origin=existing.origin,
            image=existing.image if same_image else read.image,
            # An editor who sets the date states it; one who leaves it keeps how it was found.
            date_from=existing.date_from if read.published == existing.published else "stated",
        )
        result = await run_in_threadpool(functools.partial(self.store.save, [article],
                                                           redate=True))
        if result.refused:
            return await self.article(request, session, form, slug=slug, values=posted,
                                      errors={"": result.refused[0][1]}, status=409)
        if result.changed:
            log.info("desk: %s saved %s", session.account, slug)
            wake(self.on_change)
        return RedirectResponse(f"/desk/articles/{quote(slug)}?"
                                + ("saved=1" if result.changed else "unchanged=1"),
                                status_code=303)

    async def delete(self, request: Request, session: Session, form: FormData, *,
                     slug: str) -> Response:
        reason = " ".join(str(form.get("reason") or "").split())
        if not reason:
            return await self.article(request, session, form, slug=slug, status=422,
                                      errors={"reason": "Say why it is taken down."})
        if not await run_in_threadpool(self.store.delete, slug, reason=reason):
            return await self.article(request, session, form, slug=slug)
        log.info("desk: %s deleted %s: %s", session.account, slug, reason)
        wake(self.on_change)
        return RedirectResponse("/desk?" + urlencode({"deleted": slug}), status_code=303)

    # -- adding a story ------------------------------------------------------------------

    async def new(self, request: Request, session: Session, form: FormData, *,
                  error: str = "", status: int = 200) -> Response:
        return self.page(request, "new.html", session, status=status, error=error,
                         suffixes=", ".join(sorted(SUFFIXES)), text=str(form.get("text") or ""))

    async def read_new(self, request: Request, session: Session, form: FormData) -> Response:
        """Read pasted text and uploaded files as the drop folder would, and show how."""
        now = datetime.now(UTC).replace(microsecond=0)
        inputs: list[tuple[str, bytes, datetime, bool]] = []  # name, bytes, mtime, pasted
        text = str(form.get("text") or "")
        if text.strip():
            inputs.append(("pasted.txt", text.encode("utf-8"), now, True))
        for upload in form.getlist("files"):
            if isinstance(upload, UploadFile) and upload.filename:
                data = await upload.read(self.cfg.inbox.max_bytes * WHOLE_PAGE_ALLOWANCE + 1)
                inputs.append((upload.filename.replace("\\", "/").rsplit("/", 1)[-1], data,
                               now, False))
        if not inputs:
            return await self.new(request, session, form, status=422,
                                  error="Paste a story or choose a file.")
        drafts, problems = [], []
        for name, data, mtime, pasted in inputs:
            try:
                found = await run_in_threadpool(self._read, name, data, mtime)
            except Rejected as exc:
                problems.append((name, str(exc)))
                continue
            for a in found:
                # Pasted text has no file name to give it a slug: the store makes one.
                a = dataclasses.replace(a, slug="" if pasted else a.slug,
                                        origin="desk" if pasted else a.origin)
                drafts.append(self._draft(a))
        return self.page(request, "drafts.html", session, drafts=drafts, problems=problems,
                         status=200 if drafts else 422)

    def _read(self, name: str, data: bytes, mtime: datetime) -> list[Article]:
        limit, limit_name = size_limit(name, self.cfg.inbox.max_bytes, data[:HEAD])
        if len(data) > limit:
            raise Rejected(f"it is over the limit of {limit:,} bytes ({limit_name})")
        context = Context(name=name, mtime=mtime, tz=self.cfg.site.tz,
                          strict_dates=self.cfg.inbox.strict_dates)
        try:
            return parse(name, data, context)
        except Rejected:
            raise
        except Exception as exc:  # a parser bug: refused, as the drop folder would
            log.exception("the desk could not read %s", name)
            raise Rejected(f"newsfeed could not read it ({type(exc).__name__})") from None

    def _draft(self, a: Article, values: dict | None = None, errors: dict | None = None) -> dict:
        as_read = forms.values(a, self.cfg.site.tz, datetime.now(UTC))
        hidden = {"id": a.id, "slug": a.slug, "origin": a.origin, "date_from": a.date_from,
                  "date_read": as_read["date"]}
        return {"values": values or as_read, "hidden": hidden, "errors": errors or {},
                "entry": preview.entry(self.cfg, a), "date_from": a.date_from}

    async def publish(self, request: Request, session: Session, form: FormData) -> Response:
        """Publish the stories of a drafts page, all or none: each story's fields come once
        per story, in order, under the JSON API's keys."""
        stories = _stories(form)
        read: list[Article] = []
        drafts, failed = [], False
        for posted in stories:
            doc = forms.document(posted)
            errors = forms.blanks(doc, ("title",))
            if not errors:
                try:
                    a = await run_in_threadpool(read_article, doc, self.cfg, "desk")
                except ApiError as exc:
                    errors = _errors(exc)
            if errors:
                failed = True
                drafts.append({"values": posted, "errors": errors,
                               "hidden": _hidden(posted), "entry": None,
                               "date_from": posted.get("date_from", "")})
                continue
            a = dataclasses.replace(
                a, slug=doc.get("slug", ""), origin=posted.get("origin") or "desk",
                date_from=(posted.get("date_from", "") if posted.get("date") ==
                           posted.get("date_read") else "stated"))
            read.append(a)
            drafts.append(self._draft(a, posted))
        if failed or not stories:
            return self.page(request, "drafts.html", session, drafts=drafts, problems=[],
                             status=422)
        result = await run_in_threadpool(self.store.save, read)
        if result.refused:
            for draft in drafts:
                draft["errors"] = {"": result.refused[0][1]}
            return self.page(request, "drafts.html", session, drafts=drafts, problems=[],
                             status=409)
        if result.changed:
            wake(self.on_change)
        stored = result.added + result.updated + result.unchanged
        log.info("desk: %s published %s", session.account, ", ".join(a.slug for a in stored))
        if len(stored) == 1:
            return RedirectResponse(f"/desk/articles/{quote(stored[0].slug)}?published=1",
                                    status_code=303)
        return RedirectResponse("/desk?" + urlencode({"published": len(stored)}),
                                status_code=303)

    # -- the feeds -----------------------------------------------------------------------

    async def feeds(self, request: Request, session: Session, form: FormData) -> Response:
        names = [f.name for f in self.cfg.feed]
        await run_in_threadpool(readers.flush, self.store)  # this instance's latest polls too
        counts = await run_in_threadpool(readers.counts, self.store, names)
        sources = await run_in_threadpool(describe, self.store, self.cfg.source)
        days = await run_in_threadpool(readers.history, self.store, names, CHART_DAYS)
        return self.page(request, "feeds.html", session, sources=sources,
                         rows=[(feed, counts[feed.name]) for feed in self.cfg.feed],
                         chart=charts.not_modified_days([(n, days[n]) for n in names]),
                         chart_days=CHART_DAYS,
                         window_hours=int(readers.WINDOW.total_seconds() // 3600))



def _errors(exc: ApiError) -> dict[str, str]:
    """An API error as a sentence beside the form field it names ("" for the whole form):
    {"date": "Its date 'x' is not a date newsfeed can read."}."""
    field = {"published": "date", "authors": "author", "categories": "tags"}.get(
        exc.field or "", exc.field or "")
    message = exc.message.removeprefix("the article is refused: ")
    return {field: message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")}


def _strings(form: FormData) -> dict[str, str]:
    return {k: v for k, v in form.items() if isinstance(v, str)}


def _stories(form: FormData) -> list[dict[str, str]]:
    """The stories of a drafts form: the n-th value of each key belongs to the n-th story."""
    columns = {key: [v for v in form.getlist(key) if isinstance(v, str)]
               for key in (*forms.KEYS, *forms.MORE, "id", "slug", "origin", "date_from",
                           "date_read")}
    count = len(columns["title"])
    return [{key: (values[n] if n < len(values) else "") for key, values in columns.items()}
            for n in range(count)]


def _hidden(posted: dict[str, str]) -> dict[str, str]:
    return {key: posted.get(key, "") for key in ("id", "slug", "origin", "date_from",
                                                   "date_read")}


def _notice(params) -> str:
    """The one-line result of the last action, from the query string it redirected to."""
    for key, text in (
        ("saved", "Saved: the feeds carry it within moments."),
        ("unchanged", "Nothing had changed: nothing was saved."),
        ("published", "Published: the feeds carry it within moments."),
        ("password", "Your password is set."),
    ):
        if key in params:
            return text if key != "published" or params[key] == "1" else (
                f"Published {params[key]} stories: the feeds carry them within moments.")
    for key, text in (("deleted", "Deleted {}: it leaves every feed within moments."),
                      ("retried", "{} is back in the drop folder, to be read again."),
                      ("discarded", "Discarded {}.")):
        if key in params:
            return text.format(params[key][:200])
    return ""
