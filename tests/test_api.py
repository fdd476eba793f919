"""The HTTP API under /api/ on the real running newsfeed: tokens, limits, errors, and every
operation, with the store checked directly before and after."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import feedparser
import httpx
import pytest
from live import LiveService

from articles.store import Store

TOKEN = "api-test-token-0123456789abcdef"
OTHER = "second-token-with-other-length"
MAX_BYTES = 20_000
HARBOUR = {
    "title": "Harbour reopens after six weeks of repairs",
    "date": "2024-03-01T09:30:00Z",
    "author": "Jane Doe",
    "tags": ["world", "Europe"],
    "content": "The northern lock reopened on *Monday*.\n\nShips had been diverted.",
}


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    svc = LiveService(tmp_path_factory.mktemp("api"), f'[api]\ntokens = ["{TOKEN}", "{OTHER}"]\n')
    text = svc.config_path.read_text(encoding="utf-8")  # a small body limit, to reach it
    svc.config_path.write_text(text.replace("poll_seconds =", f"max_bytes = {MAX_BYTES}\n"
                                                               "poll_seconds ="), encoding="utf-8")
    with svc:
        yield svc


class Api:
    def __init__(self, svc: LiveService):
        self.svc = svc

    def __call__(self, method: str, path: str, token: str | None = TOKEN, **kwargs):
        headers = {**(auth(token) if token else {}), **kwargs.pop("headers", {})}
        return httpx.request(method, self.svc.url(f"/api{path}"), headers=headers, timeout=10,
                             **kwargs)


@pytest.fixture
def api(svc) -> Api:
    return Api(svc)


def store_state(svc: LiveService) -> tuple[int, list[tuple]]:
    """The store's revision and every row (deleted ones too), read from the database."""
    import sqlalchemy as sa

    from articles.schema import articles

    store = Store(f"sqlite:///{svc.root}/var/newsfeed.db")
    try:
        with store.engine.connect() as conn:
            rows = conn.execute(sa.select(articles).order_by(articles.c.pk)).all()
        return store.revision(), [tuple(r) for r in rows]
    finally:
        store.close()


def feed_titles(svc: LiveService) -> list[str]:
    return [e.title for e in feedparser.parse(svc.get("/feeds/news.atom").content).entries]


def wait_until(check, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_article_lifecycle(svc, api):
    created = api("POST", "/articles", json=HARBOUR)
    assert created.status_code == 201, created.text
    article = created.json()["article"]
    slug = article["slug"]
    assert created.json()["status"] == "added"
    assert slug == "2024-03-01-harbour-reopens-after-six-weeks-of-repairs"
    assert created.headers["location"] == svc.url(f"/articles/{slug}") == article["url"]
    assert article["content_html"] == ("<p>The northern lock reopened on <em>Monday</em>.</p>\n"
                                       "<p>Ships had been diverted.</p>")
    assert (article["authors"], article["tags"], article["origin"]) == (
        ["Jane Doe"], ["world", "Europe"], "api")
    assert article["published"] == "2024-03-01T09:30:00+00:00"
    assert article["id"].startswith("urn:uuid:")
    wait_until(lambda: HARBOUR["title"] in feed_titles(svc))  # the rebuild was woken

    assert api("GET", f"/articles/{slug}").json() == {"article": article}
    again = api("POST", "/articles", json=HARBOUR)  # the same story again: as the inbox does
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")

    edited = api("PUT", f"/articles/{slug}", json={**HARBOUR, "title": "Harbour reopens at last",
                                                   "id": "urn:other", "slug": "elsewhere"})
    assert (edited.status_code, edited.json()["status"]) == (200, "updated")
    after = edited.json()["article"]
    assert (after["id"], after["slug"], after["title"]) == (
        article["id"], slug, "Harbour reopens at last")  # id and slug stay
    assert after["updated"] > after["published"]
    wait_until(lambda: "Harbour reopens at last" in feed_titles(svc))

    listed = api("GET", "/articles", params={"q": "HARBOUR at"}).json()
    assert [a["slug"] for a in listed["articles"]] == [slug]
    assert api("GET", "/articles", params={"q": "harbour", "category": "nowhere"}).json()[
        "articles"] == []
    assert api("GET", "/articles", params={"category": "europe"}).json()["articles"][0][
        "slug"] == slug

    deleted = api("DELETE", f"/articles/{slug}")
    assert (deleted.status_code, deleted.content) == (204, b"")
    wait_until(lambda: not any("Harbour" in t for t in feed_titles(svc)))
    assert svc.get(f"/articles/{slug}").status_code == 410  # gone, and why
    assert api("GET", f"/articles/{slug}").status_code == 404
    assert api("DELETE", f"/articles/{slug}").status_code == 404
    assert api("PUT", f"/articles/{slug}", json=HARBOUR).status_code == 404
    assert slug not in [a["slug"] for a in api("GET", "/articles").json()["articles"]]

    # Never again: the same story (by its id, slug, or outlet + title + day) is refused...
    before = store_state(svc)
    for body in (HARBOUR, {**HARBOUR, "title": "Other", "id": article["id"]},
                 {**HARBOUR, "title": "Other", "slug": slug}):
        refused = api("POST", "/articles", json=body)
        assert refused.status_code == 409, refused.text
        assert "deleted" in refused.json()["error"] and "\n" not in refused.json()["error"]
    assert store_state(svc) == before
    # ...and a new story with a title that makes the same slug gets another slug and id.
    other = api("POST", "/articles", json={**HARBOUR, "source": "Other Desk"}).json()["article"]
    assert other["slug"] == f"{slug}-2" and other["id"] != article["id"]


def test_a_deleted_story_dropped_into_the_inbox_is_not_published_again(svc, api):
    body = {**HARBOUR, "title": "Ferry strike ends", "id": "urn:example:ferry"}
    slug = api("POST", "/articles", json=body).json()["article"]["slug"]
    assert api("DELETE", f"/articles/{slug}").status_code == 204
    before = store_state(svc)
    staging = svc.root / "ferry.json"
    staging.write_text(json.dumps(body), encoding="utf-8")
    old = time.time() - 3600
    os.utime(staging, (old, old))
    staging.rename(svc.inbox / "ferry.json")
    wait_until(lambda: not (svc.inbox / "ferry.json").exists())
    time.sleep(1.5)  # a rebuild or two
    assert "Ferry strike ends" not in feed_titles(svc)
    assert store_state(svc)[1] == before[1]  # no row added, the tombstone untouched
    reason = (svc.rejected / "ferry.json.error.txt").read_text(encoding="utf-8")
    assert "deleted" in reason and reason.count("\n") == 1


@pytest.mark.parametrize("token", [None, "wrong-token", TOKEN + "x", TOKEN[:-1], ""])
def test_without_a_valid_token_401_and_nothing_changes(svc, api, token):
    slug = api("POST", "/articles", json={**HARBOUR, "title": "Token test story"}).json()[
        "article"]["slug"]
    before = store_state(svc)
    headers = {"Authorization": f"Bearer {token}".strip()} if token is not None else {}
    for method, path, kwargs in [
        ("GET", "/articles", {}),
        ("POST", "/articles", {"json": {**HARBOUR, "title": "Intruder"}}),
        ("GET", f"/articles/{slug}", {}),
        ("PUT", f"/articles/{slug}", {"json": {**HARBOUR, "title": "Defaced"}}),
        ("DELETE", f"/articles/{slug}", {}),
    ]:
        response = api(method, path, token=None, headers=headers, **kwargs)
        assert response.status_code == 401, (method, path, response.text)
        assert response.headers["www-authenticate"] == 'Bearer realm="newsfeed"'
        assert "token" in response.json()["error"]
    assert store_state(svc) == before


def test_other_schemes_and_the_second_token(svc, api):
    assert api("GET", "/articles", token=None,
               headers={"Authorization": f"Basic {TOKEN}"}).status_code == 401
    assert api("GET", "/articles", token=None,
               headers={"Authorization": f"bearer {OTHER}"}).status_code == 200


def test_an_oversized_body_is_413_and_changes_nothing(svc, api):
    slug = api("POST", "/articles", json={**HARBOUR, "title": "A story to overwrite"}).json()[
        "article"]["slug"]
    before = store_state(svc)
    big = {**HARBOUR, "title": "Too big", "content": "word " * (MAX_BYTES // 5)}
    response = api("POST", "/articles", json=big)
    assert response.status_code == 413
    assert response.json() == {"error": f"the body is over the limit of {MAX_BYTES:,} bytes "
                                        "(inbox.max_bytes)"}

    def chunks():  # no Content-Length: the limit holds while reading
        data = json.dumps(big).encode()
        for start in range(0, len(data), 4096):
            yield data[start:start + 4096]

    streamed = api("POST", "/articles", content=chunks(),
                   headers={"Content-Type": "application/json"})
    assert streamed.status_code == 413
    assert api("PUT", f"/articles/{slug}", json=big).status_code == 413
    assert store_state(svc) == before


@pytest.mark.parametrize(("body", "status", "field", "words"), [
    ({**HARBOUR, "title": ""}, 422, "title", "no title (add a 'title' key)"),  # not the desk's
    ({k: v for k, v in HARBOUR.items() if k != "title"}, 422, "title",
     "no title (add a 'title' key)"),
    ({**HARBOUR, "content": ""}, 422, "content", "no text"),
    ({**HARBOUR, "date": "the day after tomorrow"}, 422, "date", "is not a date"),
    ({**HARBOUR, "updated": "2020-01-01"}, 422, "updated", "before its date"),
    ({**HARBOUR, "link": "/relative"}, 422, "link", "absolute"),
    ({**HARBOUR, "title": 42}, 422, "title", "must be a string"),
    ({**HARBOUR, "tags": {"a": 1}}, 422, "tags", "list of strings"),
    ({**HARBOUR, "date": True}, 422, "date", "must be a date"),
    ({**HARBOUR, "author": [{"name": 3}]}, 422, "author", "name"),
    ({**HARBOUR, "id": "a\x00b"}, 422, "id", "not allowed"),
    ({**HARBOUR, "image": 42}, 422, "image", "must be a URL, or a table"),
    ({**HARBOUR, "image": {"width": 640}}, 422, "image", "must be a URL, or a table"),
    ({**HARBOUR, "image": {"url": "https://news.example/a.jpg", "height": -1}}, 422, "image",
     "table"),
    ({**HARBOUR, "image": "/img/harbour.jpg"}, 422, "image", "absolute"),
    ({**HARBOUR, "correction": ["a note"]}, 422, "correction", "must be a string"),
    ({**HARBOUR, "embargo": "yes"}, 422, "embargo", "true or false"),
])
def test_invalid_articles_are_422_naming_the_field(svc, api, body, status, field, words):
    before = store_state(svc)
    response = api("POST", "/articles", json=body)
    assert response.status_code == status, response.text
    error = response.json()
    assert error["field"] == field and words in error["error"]
    assert "\n" not in error["error"]
    assert store_state(svc) == before


CONTRACT = {"id", "slug", "title", "summary", "published", "updated", "authors", "source",
            "cites", "link", "tags", "language", "image", "origin", "scheduled"}


def test_the_lead_image_a_correction_and_a_scheduled_story(svc, api):
    image = {"url": "https://news.example/img/lighthouse.jpg", "width": 800, "height": 600,
             "caption": "The lighthouse at dusk", "credit": "Port Authority"}
    body = {**HARBOUR, "title": "Lighthouse relit", "image": image}
    created = api("POST", "/articles", json=body)
    assert created.status_code == 201, created.text
    article = created.json()["article"]
    assert article.keys() >= CONTRACT
    assert (article["image"], article["scheduled"], article["corrections"]) == (
        image["url"], False, [])

    edited = api("PUT", f"/articles/{article['slug']}", json={
        **body, "image": "https://news.example/img/lighthouse-2.jpg",
        "correction": "The lighthouse is on the north pier, not the south one."})
    after = edited.json()["article"]
    assert after["image"] == "https://news.example/img/lighthouse-2.jpg"
    assert [c["note"] for c in after["corrections"]] == [
        "The lighthouse is on the north pier, not the south one."]
    assert api("GET", f"/articles/{article['slug']}").json()["article"] == after

    ahead = api("POST", "/articles", json={**HARBOUR, "title": "Harbour festival opens",
                                           "date": "2099-06-01T08:00:00Z", "embargo": True})
    assert ahead.json()["article"]["scheduled"] is True
    assert api("POST", "/articles", json={**HARBOUR, "title": "Without an image"}).json()[
        "article"]["image"] is None


@pytest.mark.parametrize(("content", "content_type", "status", "words"), [
    (b"{not json", "application/json", 422, "not valid JSON"),
    (b'[{"title": "A list"}]', "application/json", 422, "JSON object"),
    (b'"just text"', "application/json", 422, "JSON object"),
    (b'{"title": "x", "content": "y"}', "text/plain", 415, "application/json"),
    (b'{"title": "Lone \\ud800 surrogate", "content": "y"}', "application/json", 422,
     "not allowed"),
])
def test_bodies_that_are_not_an_article_object(svc, api, content, content_type, status, words):
    before = store_state(svc)
    response = api("POST", "/articles", content=content, headers={"Content-Type": content_type})
    assert response.status_code == status and words in response.json()["error"]
    assert store_state(svc) == before


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "201"}, {"limit": "ten"},
                                    {"offset": "-1"}, {"limit": ""}, {"q": "x" * 501}])
def test_bad_list_parameters_are_422(api, params):
    response = api("GET", "/articles", params=params)
    assert response.status_code == 422 and response.json()["field"] == next(iter(params))


def test_paging(api):
    for n in range(3):
        api("POST", "/articles", json={**HARBOUR, "title": f"Paging story {n}",
                                       "date": f"2024-04-0{n + 1}"})
    first = api("GET", "/articles", params={"q": "paging", "limit": 2}).json()
    assert [a["title"] for a in first["articles"]] == ["Paging story 2", "Paging story 1"]
    assert (first["limit"], first["offset"], first["next_offset"]) == (2, 0, 2)
    rest = api("GET", "/articles", params={"q": "paging", "limit": 2, "offset": 2}).json()
    assert [a["title"] for a in rest["articles"]] == ["Paging story 0"]
    assert rest["next_offset"] is None
    assert api("GET", "/articles", params={"q": "100%_"}).json()["articles"] == []


def test_unknown_paths_and_methods_answer_json(api):
    missing = api("GET", "/nothing/here")
    assert missing.status_code == 404 and missing.json() == {"error": "Not Found"}
    wrong = api("PATCH", "/articles")
    assert wrong.status_code == 405 and "POST" in wrong.headers["allow"]
    assert api("GET", "/articles/with%0Anewline").status_code == 404


def test_the_openapi_document_describes_the_routes(svc, api):
    response = api("GET", "/openapi.json", token=None)  # public, like any API's documentation
    assert response.status_code == 200
    doc = response.json()
    assert doc["openapi"].startswith("3.") and doc["servers"] == [{"url": svc.url("/api")}]
    assert {path: sorted(set(ops) - {"parameters"}) for path, ops in doc["paths"].items()} == {
        "/articles": ["get", "post"],
        "/articles/{slug}": ["delete", "get", "put"],
    }
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    documented = doc["components"]["schemas"]["ArticleInput"]["properties"]
    from articles.fields import NAMES

    assert set(documented) == set(NAMES)  # every key the parser reads, and no other
    for name, names in NAMES.items():  # with the other names it is read by
        assert all(other in documented[name]["description"] for other in names[1:]), name
    article = doc["components"]["schemas"]["Article"]
    assert CONTRACT <= set(article["required"]) == set(article["properties"])


def test_api_writes_are_counted(svc, api):
    body = {**HARBOUR, "title": "Counted story", "id": "urn:example:counted"}
    slug = api("POST", "/articles", json=body).json()["article"]["slug"]
    assert api("DELETE", f"/articles/{slug}").status_code == 204
    assert api("POST", "/articles", json=body).status_code == 409  # deleted: never again
    text = svc.get("/metrics").text
    assert 'newsfeed_articles_ingested_total{result="added",via="api"}' in text
    assert 'newsfeed_articles_rejected_total{reason="deleted",via="api"}' in text


def test_without_tokens_the_api_is_off(tmp_path: Path):
    with LiveService(tmp_path) as svc:
        for path in ("/api/articles", "/api/openapi.json", "/api/anything"):
            response = svc.get(path, headers=auth())
            assert response.status_code == 404
            assert response.json()["error"].startswith("API disabled")
        posted = httpx.post(svc.url("/api/articles"), json=HARBOUR, headers=auth())
        assert posted.status_code == 404
        assert store_state(svc)[1] == []
