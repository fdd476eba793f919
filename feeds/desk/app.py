"""The desk's ASGI app, mounted at `/desk` (see `feeds.desk.mount`): the gate every request
passes, signing in and out, the password page, and drawing a page; the editor's pages behind
the gate are `feeds.desk.pages`.

Every request goes through `Desk.__call__`: without a live session it is sent to the
sign-in page (nothing else is revealed, not even whether a page exists); a post without the
session's CSRF token is refused with 403 before anything is read or changed; every answer
is `Cache-Control: no-store`.
"""

from __future__ import annotations

import hmac
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response

import config
from articles.parse import WHOLE_PAGE_ALLOWANCE
from articles.store import Store
from feeds.desk import accounts, forms
from feeds.desk.pages import Pages
from feeds.desk.sessions import COOKIE, Session, Sessions, Throttle, token_account

log = logging.getLogger("newsfeed.desk")

LOGIN_COOKIE = "newsfeed_desk_login"  # the sign-in form's CSRF token (double submit)
HEADERS = {
    "cache-control": "no-store",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "content-security-policy": "default-src 'none'; img-src * data:; style-src 'unsafe-inline';"
                               " form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}

_env = Environment(
    loader=PackageLoader("feeds", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

Handler = Callable[..., Awaitable[Response]]


class Desk:
    """The ASGI app at `/desk`. `on_change` wakes the rebuild after the store changed."""

    def __init__(self, store: Store, cfg: config.Config,
                 on_change: Callable[[], None] | None = None):
        self.store, self.cfg = store, cfg
        self.tokens = [t.encode("utf-8") for t in cfg.api.tokens if t.strip()]
        self.sessions = Sessions(store, cfg.desk.session_hours, cfg.api.tokens)
        self.throttle = Throttle()
        self.secure_site = cfg.site.base_url.startswith("https://")
        pages = Pages(store, cfg, self.page, on_change)
        self.routes: list[tuple[str, re.Pattern, Handler]] = [
            (method, re.compile(pattern), handler) for method, pattern, handler in (
                ("GET", r"/desk/?", pages.home),
                ("GET", r"/desk/articles/(?P<slug>[^/]+)", pages.article),
                ("POST", r"/desk/articles/(?P<slug>[^/]+)", pages.save),
                ("POST", r"/desk/articles/(?P<slug>[^/]+)/delete", pages.delete),
                ("GET", r"/desk/new", pages.new),
                ("POST", r"/desk/new", pages.read_new),
                ("POST", r"/desk/new/publish", pages.publish),
                ("POST", r"/desk/refused/retry", pages.retry),
                ("POST", r"/desk/refused/discard", pages.discard),
                ("GET", r"/desk/feeds", pages.feeds),
                ("GET", r"/desk/password", self.password),
                ("POST", r"/desk/password", self.change_password),
                ("POST", r"/desk/logout", self.logout),
            )
        ]

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        try:
            response = await self.dispatch(request)
        except SQLAlchemyError as exc:
            log.warning("the store failed: %s", str(exc).splitlines()[0])
            response = self.page(request, "message.html", None, status=503,
                                 title="The store is not available",
                                 message="The store is not available right now; try again.")
        response.headers.update(HEADERS)
        await response(scope, receive, send)

    async def dispatch(self, request: Request) -> Response:
        path, method = request.url.path, request.method
        if method == "HEAD":
            method = "GET"
        if path in ("/desk/login", "/desk/login/"):
            if method == "POST":
                return await self.sign_in(request)
            return await self.login(request)
        session = await run_in_threadpool(self.sessions.find, request.cookies.get(COOKIE, ""))
        if session is None:
            return RedirectResponse(self._login_url(request), status_code=303)
        if session.must_change and path not in ("/desk/password", "/desk/logout"):
            return RedirectResponse("/desk/password", status_code=303)
        form = FormData()
        if method == "POST":
            length = request.headers.get("content-length", "")
            if length.isdigit() and int(length) > self._body_limit:
                return self.page(request, "message.html", session, status=413,
                                 title="Too large", message=(
                                     f"That is more than {self._body_limit:,} bytes at once."))
            form = await request.form(
                max_part_size=self.cfg.inbox.max_bytes * WHOLE_PAGE_ALLOWANCE)
            given = form.get("csrf_token")
            if not isinstance(given, str) or not session.csrf_ok(given):
                return self.page(request, "message.html", session, status=403,
                                 title="Refused", message=(
                                     "This form is out of date or did not come from the desk; "
                                     "nothing was changed. Go back, reload and try again."))
        for route_method, pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if match and route_method == method:
                return await handler(request, session, form, **match.groupdict())
        return self.page(request, "message.html", session, status=404, title="Not found",
                         message="There is no such page on the desk.")

    # -- signing in and out --------------------------------------------------------------

    async def login(self, request: Request, *, error: str = "", status: int = 200,
                    headers: dict | None = None) -> Response:
        session = await run_in_threadpool(self.sessions.find, request.cookies.get(COOKIE, ""))
        if session is not None and not error:
            return RedirectResponse(self._next(request), status_code=303)
        csrf = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(32)
        response = self.page(request, "login.html", None, status=status, headers=headers,
                             csrf=csrf, error=error, next=self._next(request),
                             accounts_only=not self.tokens,
                             signed_out="out" in request.query_params)
        response.set_cookie(LOGIN_COOKIE, csrf, path="/desk/login", httponly=True,
                            samesite="strict", secure=self._secure(request))
        return response

    async def sign_in(self, request: Request) -> Response:
        form = await request.form(max_part_size=64 * 1024)
        given, expected = form.get("csrf_token"), request.cookies.get(LOGIN_COOKIE, "")
        if not (isinstance(given, str) and expected
                and hmac.compare_digest(given.encode(), expected.encode())):
            return self.page(request, "message.html", None, status=403, title="Refused",
                             message="This sign-in form is out of date; reload it and "
                                     "sign in again.")
        address = request.client.host if request.client else ""
        wait = self.throttle.wait(address)
        if wait > 0:
            seconds = int(wait) + 1
            return await self.login(
                request, status=429, headers={"retry-after": str(seconds)},
                error=f"Too many failed sign-ins from your address: try again in {seconds} "
                      f"second{'' if seconds == 1 else 's'}.")
        account = await run_in_threadpool(self._account, form)
        if account is None:
            self.throttle.failed(address)
            log.warning("failed desk sign-in from %s", address)
            return await self.login(request, status=401,
                                    error="That did not match: check it and try again.")
        self.throttle.succeeded(address)
        session_id = await run_in_threadpool(self.sessions.start, account)
        log.info("desk sign-in: %s from %s", account, address)
        response = RedirectResponse(self._next(request, form.get("next")), status_code=303)
        response.set_cookie(COOKIE, session_id, max_age=int(self.sessions.length.total_seconds()),
                            path="/desk", httponly=True, samesite="strict",
                            secure=self._secure(request))
        response.delete_cookie(LOGIN_COOKIE, path="/desk/login")
        return response

    def _account(self, form: FormData) -> str | None:
        """The account a sign-in form names and proves, or None."""
        token = str(form.get("token") or "").strip().encode("utf-8")
        if token:
            valid = False
            for configured in self.tokens:  # every one compared, in constant time
                valid |= hmac.compare_digest(token, configured)
            return token_account(token.decode()) if valid else None
        name, password = str(form.get("name") or "").strip(), str(form.get("password") or "")
        if not name or not password:
            return None
        account = accounts.check(self.store, name, password)
        return account.name if account else None

    async def logout(self, request: Request, session: Session, form: FormData) -> Response:
        await run_in_threadpool(self.sessions.end, request.cookies.get(COOKIE, ""))
        response = RedirectResponse("/desk/login?out=1", status_code=303)
        response.delete_cookie(COOKIE, path="/desk", httponly=True, samesite="strict",
                               secure=self._secure(request))
        return response

    async def password(self, request: Request, session: Session, form: FormData, *,
                       error: str = "", status: int = 200) -> Response:
        if session.account.startswith("token:"):
            return RedirectResponse("/desk", status_code=303)
        return self.page(request, "password.html", session, status=status, error=error)

    async def change_password(self, request: Request, session: Session,
                              form: FormData) -> Response:
        if session.account.startswith("token:"):
            return RedirectResponse("/desk", status_code=303)
        new, again = str(form.get("password") or ""), str(form.get("password_again") or "")
        if new != again:
            return await self.password(request, session, form, status=422,
                                       error="The two passwords differ.")
        try:
            await run_in_threadpool(accounts.set_password, self.store, session.account, new)
        except accounts.AccountError as exc:
            return await self.password(request, session, form, status=422, error=str(exc))
        log.info("desk account %s set its password", session.account)
        return RedirectResponse("/desk?password=1", status_code=303)

    # -- helpers -------------------------------------------------------------------------

    @property
    def _body_limit(self) -> int:
        return 10 * self.cfg.inbox.max_bytes  # a paste and a few files, or a page saved whole

    def page(self, request: Request, template: str, session: Session | None, *,
             status: int = 200, headers: dict | None = None, **values) -> HTMLResponse:
        body = _env.get_template(f"desk/{template}").render(
            site=self.cfg.site, session=session, path=request.url.path, show_date=self._date,
            **values)
        return HTMLResponse(body, status_code=status, headers=headers)

    def _date(self, value: datetime | None) -> str:
        return forms.show_date(value, self.cfg.site.tz)

    def _secure(self, request: Request) -> bool:
        return self.secure_site or request.url.scheme == "https"

    def _login_url(self, request: Request) -> str:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        if request.method != "GET" or wanted in ("/desk", "/desk/"):
            return "/desk/login"
        return "/desk/login?" + urlencode({"next": wanted})

    @staticmethod
    def _next(request: Request, posted=None) -> str:
        """Where to go after signing in: a desk page, never another site."""
        wanted = posted if isinstance(posted, str) else request.query_params.get("next", "")
        if re.fullmatch(r"/desk(/[^/\\][^\\]*)?", wanted or "") and "/login" not in wanted:
            return wanted
        return "/desk"
