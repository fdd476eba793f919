"""The desk's editorial pages over real HTTP against the real process: the story list and
its flags, corrections, takedowns, refused files and new stories, each by the store's and the
drop folder's own rules."""

from __future__ import annotations

import html
import os
import re
import time

import pytest
from desk_client import DESK_TOML, DeskClient, csrf_of, feed, store_rows
from live import SEED, LiveService
from test_saved_pages import augusta_with_a_picture

pytestmark = pytest.mark.slow

UNDATED = "Harbour reopens after the storm\n\nThe harbour reopened on Saturday after three " \
          "days of closure, officials said.\n\nCity Desk\n"


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    with LiveService(tmp_path_factory.mktemp("desk"), DESK_TOML) as service:
        service.drop_seed()
        yield service


def drop(svc, name: str, text: str, mtime: float | None = None) -> None:
    """Write a file beside the drop folder, date it, and move it in whole."""
    path = svc.root / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    path.rename(svc.inbox / name)


def test_the_story_list_shows_the_subfolder_a_file_came_from(svc):
    (svc.root / "bridge.md").write_text("---\ntitle: The old bridge closes for repairs\n"
                                        "date: 2024-06-01\n---\nThe bridge closes.\n")
    (svc.inbox / "world" / "europe").mkdir(parents=True)
    (svc.root / "bridge.md").rename(svc.inbox / "world" / "europe" / "bridge.md")
    svc.wait_for("/feeds/news.json", lambda r: b"The old bridge closes" in r.content)
    home = DeskClient(svc, "198.51.100.42").signed_in().get("/desk").text
    story = home[home.index("The old bridge closes"):][:1500]
    assert '<dt>From</dt><dd class="muted">world/europe/bridge.md</dd>' in story
    seed = home[home.index("Rutte"):][:1500]  # a file at the top of the inbox: its name
    assert f'<dt>From</dt><dd class="muted">{SEED.name}</dd>' in seed


def test_a_saved_page_dated_only_by_htmldate_reading_its_text_is_flagged(svc):
    page = ("<html><head><title>Ferry back</title><link rel='canonical' "
            "href='https://ferry.example/2020/05/14/ferry-back'></head><body>"
            "<div class='story'><h1>Ferry back</h1><p>"  # its day only in its address
            + "The ferry is back in service after a week. " * 8 + "</p></div></body></html>")
    drop(svc, "ferry.html", page)
    svc.wait_for("/feeds/news.json", lambda r: b"Ferry back" in r.content)
    home = DeskClient(svc, "198.51.100.15").signed_in().get("/desk").text
    story = home[home.index("Ferry back"):][:1500]
    assert "2020" in story and "date guessed from the page&#39;s text" in story


def test_a_correction_is_saved_by_the_api_rules_and_errors_stand_beside_their_field(svc):
    drop(svc, "harbour.txt", UNDATED, mtime=time.time() - 3 * 86400)
    svc.wait_for("/feeds/news.json", lambda r: b"Harbour reopens" in r.content)
    client = DeskClient(svc, "198.51.100.14").signed_in()
    home = client.get("/desk").text
    story = home[home.index("Harbour reopens"):][:1500]
    assert "dated by the file&#39;s time" in story and "no byline" in story

    page = client.get("/desk/articles/harbour")
    values = dict(re.findall(r'<input type="text" id="(\w+)" name="\w+" value="([^"]*)"',
                             page.text))
    assert values["title"] == "Harbour reopens after the storm"
    assert values["source"] == "City Desk"
    csrf = csrf_of(page.text)
    base = {"csrf_token": csrf, "title": values["title"], "source": "City Desk",
            "content": "<p>The harbour reopened on Saturday.</p>"}
    before = feed(svc)
    for fields, field, why in (({"date": "the day before yesterday"}, "date", "not a date"),
                               ({"date": "2026-11-28", "title": ""}, "title",
                                "The headline cannot be blank."),
                               ({"date": "2026-11-28", "title": " \t "}, "title",
                                "The headline cannot be blank."),
                               ({"date": ""}, "date", "date"),
                               ({"date": "2026-11-28", "link": "not a url"}, "link",
                                "absolute")):
        answer = client.post("/desk/articles/harbour", data={**base, **fields})
        assert answer.status_code == 422, fields
        error = re.search(rf'<p class="error" id="{field}-error">([^<]+)</p>', answer.text)
        assert error and why in error.group(1), (field, answer.text[-3000:])
        assert f'id="{field}" name="{field}"' in answer.text  # the field, with what was sent
        assert "add a &#39;title&#39; key" not in answer.text  # the API's wording, not the desk's
    assert feed(svc) == before

    answer = client.post("/desk/articles/harbour", data={
        **base, "date": "2026-11-28 09:30", "author": "Jane Doe, Piet Jansen",
        "cites": "ANP", "tags": "city, harbour"})
    assert (answer.status_code, answer.headers["location"]) == (
        303, "/desk/articles/harbour?saved=1")
    item = next(i for i in svc.wait_for("/feeds/news.json", lambda r: b"Piet Jansen"
                                        in r.content).json()["items"]
                if i["title"].startswith("Harbour"))
    assert item["date_published"] == "2026-11-28T09:30:00+00:00"
    assert [a["name"] for a in item["authors"]] == ["Jane Doe", "Piet Jansen"]
    assert item["tags"] == ["city", "harbour"]
    page = client.get("/desk/articles/harbour?saved=1").text
    assert "Saved" in page and "date stated" in page and "dated by the file" not in page
    # Saving the form as it stands changes nothing.
    values = dict(re.findall(r'<input type="text" id="(\w+)" name="\w+" value="([^"]*)"',
                             page))
    content = re.search(r'name="content"[^>]*>([^<]*(?:<(?!/textarea)[^<]*)*)</textarea>',
                        page).group(1)
    answer = client.post("/desk/articles/harbour", data={
        **{k: html.unescape(v) for k, v in values.items() if k != "reason"},
        "summary": "The harbour reopened on Saturday.", "content": html.unescape(content),
        "csrf_token": csrf_of(page)})
    assert answer.headers["location"].endswith("?unchanged=1")


def test_a_takedown_needs_a_reason_and_keeps_it(svc):
    drop(svc, "takedown.md", "---\ntitle: Story to take down\ndate: 2024-05-01\n---\nText.\n")
    svc.wait_for("/feeds/news.json", lambda r: b"Story to take down" in r.content)
    client = DeskClient(svc, "198.51.100.15").signed_in()
    csrf = client.csrf("/desk/articles/takedown")
    answer = client.post("/desk/articles/takedown/delete", data={"csrf_token": csrf,
                                                                 "reason": "  "})
    assert answer.status_code == 422 and 'id="reason-error"' in answer.text
    answer = client.post("/desk/articles/takedown/delete",
                         data={"csrf_token": csrf, "reason": "Legal: a court order"})
    assert answer.headers["location"] == "/desk?deleted=takedown"
    svc.wait_for("/feeds/news.json", lambda r: b"Story to take down" not in r.content)
    assert store_rows(svc, "SELECT deleted_reason FROM articles WHERE slug = 'takedown'") == [
        ("Legal: a court order",)]
    assert client.get("/desk/articles/takedown").status_code == 404


def test_refused_files_are_listed_and_retried_or_discarded(svc):
    drop(svc, "broken.json", '{"title": "Tram line approved", "content": ')
    drop(svc, "empty.txt", " \n")
    deadline = time.monotonic() + 15
    while not (svc.rejected / "empty.txt.error.txt").exists() or not (
            svc.rejected / "broken.json.error.txt").exists():
        assert time.monotonic() < deadline, svc.log()
        time.sleep(0.05)
    client = DeskClient(svc, "198.51.100.16").signed_in()
    home = client.get("/desk").text
    assert "broken.json" in home and "it is not valid JSON" in home
    assert "empty.txt" in home and "it is empty" in home

    csrf = csrf_of(home)
    answer = client.post("/desk/refused/discard", data={"csrf_token": csrf, "name": "empty.txt"})
    assert answer.headers["location"] == "/desk?discarded=empty.txt"
    assert not (svc.rejected / "empty.txt").exists()
    assert not (svc.rejected / "empty.txt.error.txt").exists()

    # Put right where it lies (the store, a folder, a deleted story: what was wrong), retried:
    (svc.rejected / "broken.json").write_text(
        '{"title": "Tram line approved", "date": "2024-03-14", "content": "It passed."}')
    answer = client.post("/desk/refused/retry", data={"csrf_token": csrf, "name": "broken.json"})
    assert answer.headers["location"] == "/desk?retried=broken.json"
    svc.wait_for("/feeds/news.json", lambda r: b"Tram line approved" in r.content)
    assert not (svc.rejected / "broken.json.error.txt").exists()
    for name in ("../config.toml", "/etc/passwd", "broken.json", ".newsfeed/x"):
        answer = client.post("/desk/refused/discard", data={"csrf_token": csrf, "name": name})
        assert answer.status_code == 404, name
    assert svc.config_path.exists()


def test_a_story_added_at_the_desk_is_the_story_a_dropped_file_makes(svc):
    text = SEED.read_bytes().replace(b"Rutte", b"Rutter")
    client = DeskClient(svc, "198.51.100.17").signed_in()
    csrf = client.csrf("/desk/new")
    read = client.post("/desk/new", data={"csrf_token": csrf},
                       files=[("files", ("2023-07-08-rutter.txt", text, "text/plain"))])
    assert read.status_code == 200 and "Mark Rutter" in read.text
    assert b"Rutter" not in svc.get("/feeds/news.json").content
    form = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', read.text))
    assert form["slug"] == "2023-07-08-rutter" and form["origin"] == "2023-07-08-rutter.txt"
    blank = {**_form_fields(read.text), "title": ["  "]}
    answer = client.post("/desk/new/publish", data=blank)  # a blank headline, said so
    assert answer.status_code == 422
    assert re.search(r'<p class="error" id="s1-title-error">The headline cannot be blank.</p>',
                     answer.text), answer.text[-3000:]
    published = client.post("/desk/new/publish", data=_form_fields(read.text))
    assert published.headers["location"] == "/desk/articles/2023-07-08-rutter?published=1"
    desk_item = next(i for i in svc.wait_for("/feeds/news.json", lambda r: b"Rutter"
                                             in r.content).json()["items"]
                     if "Rutter" in i["title"])
    # The same file dropped into the drop folder is the same story: stored once, same id.
    (svc.root / "2023-07-08-rutter.txt").write_bytes(text)
    (svc.root / "2023-07-08-rutter.txt").rename(svc.inbox / "2023-07-08-rutter.txt")
    deadline = time.monotonic() + 15
    while not (svc.archive / "2023-07-08-rutter.txt").exists():
        assert time.monotonic() < deadline, svc.log()
        time.sleep(0.05)
    items = [i for i in feed(svc)["items"] if "Rutter" in i["title"]]
    assert [(i["id"], i["date_published"]) for i in items] == [
        (desk_item["id"], "2023-07-08T00:00:00+00:00")]


def test_a_page_chrome_saved_whole_with_its_pictures_is_read_at_the_desk(svc):
    """A 6 MB single-file save, over `inbox.max_bytes` (5 MB) but a page saved in one file
    may be four times that, uploaded at the desk: its story is read."""
    page = augusta_with_a_picture(6_000_000)
    assert 5_000_000 < len(page) < 20_000_000
    client = DeskClient(svc, "198.51.100.18").signed_in()
    read = client.post("/desk/new", data={"csrf_token": client.csrf("/desk/new")},
                       files=[("files", ("augusta.mhtml", page, "multipart/related"))])
    assert read.status_code == 200, read.text[-2000:]
    assert "Elder: Aus dem Ghetto nach Augusta" in read.text and "Daniel Dillenburg" in read.text


def _form_fields(page: str) -> dict[str, list[str]]:
    """The fields a browser would post from a drafts page: each name's values in order."""
    fields: dict[str, list[str]] = {}
    pattern = re.compile(
        r'<input type="(?:hidden|text)"(?: id="[^"]*")? name="(\w+)" value="([^"]*)"'
        r'|<textarea id="[^"]*" name="(\w+)"[^>]*>(.*?)</textarea>'
        r'|<select id="[^"]*" name="(\w+)"', re.S)
    for m in pattern.finditer(page):
        if m.group(1):
            fields.setdefault(m.group(1), []).append(html.unescape(m.group(2)))
        elif m.group(3):
            fields.setdefault(m.group(3), []).append(html.unescape(m.group(4)))
        else:
            fields.setdefault(m.group(5), []).append("")
    return fields
