"""An editor's HTTP client for the desk of a `LiveService`: signs in through the form, and
reads the hidden CSRF token of a page as a browser would send it back; and what the desk
tests read back to check a change: the JSON feed and the store's rows."""

from __future__ import annotations

import json
import re
import sqlite3

import httpx

TOKEN = "desk-test-token-0123456789abcdef"
DESK_TOML = f'[api]\ntokens = ["{TOKEN}"]\n'
SEED_SLUG = "2023-07-08-rutte-resigns"


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no csrf_token in the page"
    return match.group(1)


def feed(svc) -> dict:
    return json.loads(svc.get("/feeds/news.json").content)


def store_rows(svc, query: str) -> list[tuple]:
    with sqlite3.connect(svc.root / "var" / "newsfeed.db") as db:
        return db.execute(query).fetchall()


class DeskClient:
    def __init__(self, svc, address: str | None = None):
        """`address`: the client address the service should see (X-Forwarded-For, which it
        takes from a local proxy), so tests of slowed sign-ins stay apart."""
        headers = {"x-forwarded-for": address} if address else {}
        self.http = httpx.Client(base_url=svc.base_url, headers=headers, timeout=20,
                                 follow_redirects=False)

    def sign_in(self, token: str = TOKEN, **fields: str) -> httpx.Response:
        page = self.http.get("/desk/login")
        return self.http.post("/desk/login", data={"csrf_token": csrf_of(page.text),
                                                   "token": token, **fields})

    def signed_in(self) -> DeskClient:
        answer = self.sign_in()
        assert (answer.status_code, answer.headers["location"]) == (303, "/desk"), answer.text
        return self

    def csrf(self, path: str = "/desk") -> str:
        page = self.http.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return csrf_of(page.text)

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.http.get(path, **kwargs)

    def post(self, path: str, **kwargs) -> httpx.Response:
        return self.http.post(path, **kwargs)
