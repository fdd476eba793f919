"""An editor at the desk in a real browser (Chromium from Debian, driven by Selenium through
Debian's chromedriver; nothing is downloaded), against the real process: sign in, find the
story dated by its file's time and correct it, paste a copied story and publish it, upload
two files, have a forged post refused, sign out.

The tests take screenshots of the desk's main pages; with NEWSFEED_SCREENSHOTS=1 they are
written to docs/ (the README shows them).
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from desk_client import DESK_TOML, TOKEN
from live import ROOT, LiveService
from selenium import webdriver
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
WIDTH = 1100
UNDATED = "Harbour reopens after the storm\n\nThe harbour reopened on Saturday after three " \
          "days of closure, officials said.\n\nCity Desk\n"
COPIED = """date 2024-02-03 + ↺ − 16 px

Rotterdam's port reopened on Saturday after a week-long strike by lashers.

Container ships began to enter the port at dawn, NL Times reports citing ANP.

The union said the agreement raises wages by six percent over two years.

NL Times
"""
MARKDOWN = """---
title: Council approves the new tram line
date: 2024-03-14T09:30:00+01:00
author: Jane Doe
source: City Desk
tags: [city, transport]
---
The council voted 31 to 12 on Thursday to build the line.
"""
HTML = """<html><head>
<meta property="og:title" content="Ferry timetable changes in spring">
<meta property="article:published_time" content="2024-03-20T07:00:00+01:00">
<meta name="author" content="Piet Jansen"><meta property="og:site_name" content="Harbour News">
</head><body><nav>Home</nav><article><p>The ferry will leave every twenty minutes.</p>
</article></body></html>"""


# An upstream source whose server is down: the feeds page shows its state.
SOURCE = """
[[source]]
name = "wire"
url = "http://127.0.0.1:9/feed.xml"
allow_private = true
every_minutes = 60
"""


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("chromium and chromedriver are not installed: "
                    "apt-get install chromium chromium-driver")
    with LiveService(tmp_path_factory.mktemp("desk-browser"), DESK_TOML + SOURCE) as service:
        service.drop_seed()
        path = service.root / "harbour.txt"
        path.write_text(UNDATED, encoding="utf-8")
        three_days_ago = time.time() - 3 * 86400
        os.utime(path, (three_days_ago, three_days_ago))
        path.rename(service.inbox / "harbour.txt")
        service.wait_for("/feeds/news.json", lambda r: b"Harbour reopens" in r.content)
        tomorrow = (datetime.now(UTC) + timedelta(days=1)).strftime("%Y-%m-%dT07:00:00Z")
        for name, text in (("budget.md", f"---\ntitle: Budget to be presented\ndate: "
                                         f"{tomorrow}\n---\nUnder embargo until then.\n"),
                           ("notes.txt", "\n")):
            (service.root / name).write_text(text, encoding="utf-8")
            (service.root / name).rename(service.inbox / name)
        deadline = time.monotonic() + 15
        while not (service.rejected / "notes.txt.error.txt").exists():
            assert time.monotonic() < deadline, service.log()
            time.sleep(0.05)
        yield service


@pytest.fixture(scope="module")
def browser(svc, tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM  # given, with the driver: Selenium looks up nothing
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--force-device-scale-factor=1", f"--window-size={WIDTH},900",
                f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


def shoot(driver, name: str, folder: Path) -> None:
    """A screenshot of the whole page, up to 2,000 px (to docs/ with NEWSFEED_SCREENSHOTS=1)."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WIDTH, "height": min(size["height"], 2000),
                 "scale": 1}})
    path = folder / f"desk-{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
    if os.environ.get("NEWSFEED_SCREENSHOTS"):
        shutil.copyfile(path, ROOT / "docs" / path.name)


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("shots")


def feed_items(svc) -> list[dict]:
    return json.loads(svc.get("/feeds/news.json").content)["items"]


def notice(browser) -> str:
    return browser.find_element(By.CSS_SELECTOR, "p.notice").text


def until(browser, condition, timeout: float = 10):
    """Wait for the page a click leads to: `condition(browser)` true, old elements ignored."""
    return WebDriverWait(browser, timeout, ignored_exceptions=(
        NoSuchElementException, StaleElementReferenceException)).until(condition)


def at(url: str):
    return lambda browser: browser.current_url == url


def test_sign_in_find_the_story_dated_by_its_file_and_correct_it(svc, browser, shots):
    browser.get(svc.url("desk"))
    assert browser.current_url == svc.url("desk/login")  # no session: the sign-in page
    assert "Rutte" not in browser.page_source
    shoot(browser, "login", shots)
    browser.find_element(By.ID, "token").send_keys(TOKEN, Keys.ENTER)  # the keyboard
    until(browser, at(svc.url("desk")))
    shoot(browser, "stories", shots)
    refused = browser.find_element(By.ID, "refused").find_element(By.XPATH, "..").text
    assert "notes.txt" in refused and "it is empty" in refused
    scheduled = browser.find_element(By.CSS_SELECTOR, "#scheduled + ul").text
    assert "Budget to be presented" in scheduled and "goes out" in scheduled

    flagged = [li for li in browser.find_elements(By.CSS_SELECTOR, "ul.stories > li")
               if "dated by the file's time" in li.text]
    assert len(flagged) == 1 and "Harbour reopens after the storm" in flagged[0].text
    assert "no byline" in flagged[0].text
    flagged[0].find_element(By.CSS_SELECTOR, "a.title").click()
    until(browser, at(svc.url("desk/articles/harbour")))
    preview = browser.find_element(By.CSS_SELECTOR, ".preview").text
    assert "Harbour reopens after the storm" in preview and "City Desk" in preview

    date = browser.find_element(By.ID, "date")
    date.clear()
    date.send_keys("2026-11-28 09:30")
    byline = browser.find_element(By.ID, "author")
    assert byline.get_attribute("value") == "City Desk"  # the outlet, as no person is named
    byline.clear()
    byline.send_keys("Jane Doe")
    browser.find_element(By.ID, "correction").send_keys("The date was that of the file.")
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    saved = time.monotonic()
    deadline = saved + 10
    while True:
        items = [i for i in feed_items(svc) if i["title"].startswith("Harbour")]
        if items and items[0]["date_published"] == "2026-11-28T09:30:00+00:00":
            break
        assert time.monotonic() < deadline, svc.log()
        time.sleep(0.02)
    print(f"the feed carried the correction {time.monotonic() - saved:.2f} s after saving")
    assert [a["name"] for a in items[0]["authors"]] == ["Jane Doe"]
    until(browser, lambda b: "Saved" in notice(b))
    assert "date stated" in browser.find_element(By.TAG_NAME, "main").text
    assert browser.find_element(By.ID, "date").get_attribute("value") == "2026-11-28 09:30"
    assert "The date was that of the file." in browser.find_element(By.ID, "corrections").text
    shoot(browser, "article", shots)


def test_paste_a_copied_story_and_publish_it(svc, browser, shots):
    browser.get(svc.url("desk/new"))
    browser.find_element(By.ID, "text").send_keys(COPIED)
    shoot(browser, "new", shots)
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    title = "Rotterdam's port reopened on Saturday after a week-long strike by lashers."
    assert browser.find_element(By.ID, "s1-title").get_attribute("value") == title
    assert browser.find_element(By.ID, "s1-date").get_attribute("value") == "2024-02-03 00:00"
    assert browser.find_element(By.ID, "s1-source").get_attribute("value") == "NL Times"
    assert browser.find_element(By.ID, "s1-cites").get_attribute("value") == "ANP"
    assert not any("Rotterdam" in i["title"] for i in feed_items(svc))  # not yet published
    shoot(browser, "read", shots)
    byline = browser.find_element(By.ID, "s1-author")
    byline.clear()
    byline.send_keys("Sanne de Vries")
    browser.find_element(By.XPATH, "//button[starts-with(., 'Publish')]").click()
    until(browser, lambda b: "Published" in notice(b))
    assert "/desk/articles/2024-02-03-rotterdam-s-port" in browser.current_url
    item = next(i for i in svc.wait_for("/feeds/news.json", lambda r: b"Rotterdam"
                                        in r.content).json()["items"] if "Rotterdam" in i["title"])
    assert (item["date_published"], [a["name"] for a in item["authors"]]) == (
        "2024-02-03T00:00:00+00:00", ["Sanne de Vries"])
    assert item["title"] == title


def test_upload_two_files_and_publish_both(svc, browser, tmp_path):
    (tmp_path / "tram.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "ferry.html").write_text(HTML, encoding="utf-8")
    browser.get(svc.url("desk/new"))
    browser.find_element(By.ID, "files").send_keys(
        f"{tmp_path / 'tram.md'}\n{tmp_path / 'ferry.html'}")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    titles = [e.get_attribute("value") for e in browser.find_elements(
        By.CSS_SELECTOR, "input[name=title]")]
    assert titles == ["Council approves the new tram line", "Ferry timetable changes in spring"]
    browser.find_element(By.XPATH, "//button[. = 'Publish 2 stories']").click()
    until(browser, lambda b: "Published 2 stories" in notice(b))
    items = svc.wait_for("/feeds/news.json", lambda r: b"Ferry" in r.content
                         and b"tram line" in r.content).json()["items"]
    by_title = {i["title"]: i for i in items}
    assert by_title["Council approves the new tram line"]["url"] == svc.url("articles/tram")
    assert by_title["Ferry timetable changes in spring"]["authors"] == [{"name": "Piet Jansen"}]


def test_a_post_without_its_csrf_token_is_refused(svc, browser):
    browser.get(svc.url("desk/articles/harbour"))
    browser.execute_script(
        "document.querySelector('form.card input[name=csrf_token]').remove()")
    title = browser.find_element(By.ID, "title")
    title.clear()
    title.send_keys("Forged headline")
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
    until(browser, lambda b: b.find_element(By.TAG_NAME, "h1").text == "Refused")
    assert "nothing was changed" in browser.find_element(By.TAG_NAME, "main").text
    assert not any("Forged" in i["title"] for i in feed_items(svc))
    browser.get(svc.url("desk/articles/harbour"))
    assert browser.find_element(By.ID, "title").get_attribute("value") == (
        "Harbour reopens after the storm")


def test_the_feeds_page_shows_readers_and_the_share_of_304s(svc, browser, shots):
    first = httpx.get(svc.url("feeds/news.atom"), headers={"user-agent": "NetNewsWire/6.1"})
    for _ in range(3):
        again = httpx.get(svc.url("feeds/news.atom"), headers={
            "user-agent": "NetNewsWire/6.1", "if-none-match": first.headers["etag"]})
        assert again.status_code == 304
    httpx.get(svc.url("feeds/news.atom"), headers={
        "user-agent": "Feedly/1.0 (+http://www.feedly.com/fetcher.html; 42 subscribers; "
                      "feed-id=1)"})
    browser.get(svc.url("desk/feeds"))
    row = browser.find_element(By.CSS_SELECTOR, "tbody tr")
    cells = [td.text for td in row.find_elements(By.TAG_NAME, "td")]
    assert "Feedly 42" in cells[6] and "NetNewsWire 1" in cells[6]  # and the test's httpx
    subscribers, aggregated, others, polls = (int(c) for c in cells[1:5])
    assert (aggregated, subscribers) == (42, 42 + others) and polls >= 5
    share = int(cells[5].rstrip("%")) / 100
    assert share >= 0.01  # the three 304s above, at least
    today = browser.find_elements(By.CSS_SELECTOR, "svg.chart g.day")[-1]  # the last day
    assert today.find_element(By.TAG_NAME, "title").get_attribute("textContent").endswith(
        f": {cells[5]} of {polls} polls answered 304, {subscribers} subscribers")
    bar = today.find_element(By.CSS_SELECTOR, "rect.share")
    assert int(bar.get_attribute("height")) == round(40 * share) or abs(
        int(bar.get_attribute("height")) / 40 - share) <= 0.02  # drawn to scale
    sources = browser.find_elements(By.CSS_SELECTOR, "table")[1].text
    assert "wire" in sources and "http://127.0.0.1:9/feed.xml" in sources
    assert "error" in sources  # nothing listens on port 9
    shoot(browser, "feeds", shots)


LABELLED = """
return [...document.querySelectorAll('main input, main textarea, main select')]
  .filter(e => e.type !== 'hidden' && !e.hidden)
  .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
  .map(e => e.name);
"""


@pytest.mark.parametrize("path", ["desk", "desk/articles/harbour", "desk/new", "desk/feeds"])
def test_every_field_has_a_label_and_a_phone_needs_no_sideways_scrolling(svc, browser, path):
    browser.get(svc.url(path))
    assert browser.execute_script(LABELLED) == []
    browser.set_window_size(390, 844)  # a phone
    try:
        browser.get(svc.url(path))
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} is {overflow} px wider than a phone"
    finally:
        browser.set_window_size(WIDTH, 900)


def test_sign_out_and_be_refused(svc, browser):
    browser.get(svc.url("desk"))
    cookie = browser.get_cookie("newsfeed_desk")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    browser.find_element(By.XPATH, "//button[. = 'Sign out']").click()
    until(browser, at(svc.url("desk/login?out=1")))
    assert "You are signed out" in browser.find_element(By.TAG_NAME, "main").text
    browser.get(svc.url("desk/articles/harbour"))
    assert browser.current_url.startswith(svc.url("desk/login"))
    browser.add_cookie({k: cookie[k] for k in ("name", "value", "path")})  # the old one
    browser.get(svc.url("desk/feeds"))
    assert browser.current_url.startswith(svc.url("desk/login"))
    assert "Subscribers" not in browser.page_source
