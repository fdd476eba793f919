"""A person opening a feed URL in a real browser (headless Chromium) sees a readable page,
while a feed reader asking for the same URL gets the feed byte for byte.

Chromium no longer renders feeds styled with XSLT or CSS; the service answers a top-level
navigation (Fetch Metadata: Sec-Fetch-Dest: document, Sec-Fetch-Mode: navigate) with an
HTML view of the same feed instead.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import lxml.html
import pytest
from live import LiveService
from programs import missing

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium")
TITLE = (
    "Dutch Prime Minister Mark Rutte has resigned after the dramatic collapse of his coalition "
    "government."
)
MEDIA_TYPES = {
    "atom": "application/atom+xml",
    "rss": "application/rss+xml",
    "json": "application/feed+json",
}


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    if CHROMIUM is None:
        missing("chromium", "apt-get install chromium")
    with LiveService(tmp_path_factory.mktemp("browser")) as service:
        yield service.drop_seed()


def chromium(profile: Path, *args: str) -> str:
    """Run headless Chromium once with a fresh profile; its standard output."""
    run = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_chromium_shows_a_readable_page_and_readers_get_the_feed(svc, tmp_path, fmt):
    url = svc.url(f"feeds/news.{fmt}")
    dom = lxml.html.fromstring(chromium(tmp_path / "profile", "--dump-dom", url))

    assert dom.findtext(".//h1") == "Newsfeed"
    notice = dom.find(".//aside").text_content()
    assert "This is a web feed." in notice
    assert "copy its URL into your feed reader" in " ".join(notice.split())
    assert dom.get_element_by_id("feed-url").get("value") == url
    (entry,) = dom.xpath("//ul[@class='entries']/li")
    link = entry.find("a")
    assert (link.text, link.get("href")) == (TITLE, svc.url("articles/2023-07-08-rutte-resigns"))
    assert entry.find(".//time").get("datetime").startswith("2023-07-08")
    assert "8 July 2023 · News.Az" in entry.text_content()
    autodiscovery = {
        x.get("type"): x.get("href") for x in dom.xpath("//head/link[@rel='alternate']")
    }
    assert autodiscovery == {
        media_type: svc.url(f"feeds/news.{other}") for other, media_type in MEDIA_TYPES.items()
    }

    reader = httpx.get(url, timeout=10)  # no Fetch Metadata, as every feed reader
    assert reader.headers["content-type"].startswith(MEDIA_TYPES[fmt])
    assert reader.content == (svc.output / "feeds" / f"news.{fmt}").read_bytes()
