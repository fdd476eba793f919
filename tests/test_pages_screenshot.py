"""The home page, an article page and a tag page (the browser view of a tag feed) in headless
Chromium: screenshots that show something, and the DOM's og:, article:published_time and
canonical links."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import lxml.html
import pytest
from live import SEED, LiveService
from programs import missing

pytestmark = pytest.mark.slow

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARTICLE = "articles/2023-07-08-rutte-resigns"
WIDTH, HEIGHT = 1200, 900


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    if CHROMIUM is None:
        missing("chromium", "apt-get install chromium")
    with LiveService(tmp_path_factory.mktemp("screens")) as service:
        (service.inbox / "world").mkdir()  # a file in inbox/world/ is tagged "world"
        shutil.copyfile(SEED, service.inbox / "world" / SEED.name)
        service.wait_for("/feeds/news.json", lambda r: b"Rutte" in r.content)
        yield service


def tag_page(svc) -> str:
    """The browser view of the feed of the seed's tag."""
    item = json.loads(svc.get("/feeds/news.json").content)["items"][0]
    assert "world" in item["tags"]
    return "feeds/tags/world.atom"


def chromium(profile: Path, *args: str) -> subprocess.CompletedProcess:
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--hide-scrollbars", f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run


def png_rows(data: bytes, rows: int) -> tuple[int, int, list[bytes], set[bytes]]:
    """Width, height, the first `rows` unfiltered scanlines of an 8-bit RGB(A) PNG, and the
    colours in them."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat.append(chunk)
        pos += 12 + length
    width, height, depth, colour, *_ = header
    assert depth == 8 and colour in (2, 6), header
    bpp = 4 if colour == 6 else 3
    stride = width * bpp
    raw = zlib.decompressobj().decompress(b"".join(idat), (stride + 1) * rows)
    previous, lines = bytearray(stride), []
    for y in range(min(rows, height)):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + ((a + b) >> 1)) & 255
            elif kind == 4:
                c = previous[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        lines.append(bytes(line))
        previous = line
    colours = {line[i:i + bpp] for line in lines for i in range(0, stride, bpp)}
    return width, height, lines, colours


@pytest.mark.parametrize("page", ["home", "article", "tag"])
def test_a_screenshot_shows_the_page(svc, tmp_path, page):
    path = {"home": "", "article": ARTICLE, "tag": None}[page]
    if path is None:
        path = tag_page(svc)
    shot = tmp_path / f"{page}.png"
    chromium(tmp_path / "profile", f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}",
             svc.url(path))
    assert shot.exists()
    data = shot.read_bytes()
    assert len(data) > 8_000, len(data)  # one colour all over compresses to a few hundred bytes
    width, height, _, colours = png_rows(data, 220)  # the title and first lines are here
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(colours) > 10, colours  # background, text, links, anti-aliasing


def dom(svc, tmp_path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(chromium(tmp_path / "profile", "--dump-dom", svc.url(path)).stdout)


def meta(page: lxml.html.HtmlElement, prop: str) -> str | None:
    found = page.xpath(f"//head/meta[@property='{prop}']/@content")
    return found[0] if found else None


def test_the_article_page_has_og_and_published_time_and_canonical(svc, tmp_path):
    page = dom(svc, tmp_path, ARTICLE)
    assert page.xpath("//head/link[@rel='canonical']/@href") == [svc.url(ARTICLE)]
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:url") == svc.url(ARTICLE)
    assert "Rutte" in meta(page, "og:title")
    assert meta(page, "og:site_name") == "Newsfeed"
    assert meta(page, "article:published_time").startswith("2023-07-08T")
    alternates = page.xpath("//head/link[@rel='alternate']/@href")
    assert svc.url("feeds/news.atom") in alternates


def test_the_home_page_has_og_canonical_and_its_links(svc, tmp_path):
    page = dom(svc, tmp_path, "")
    assert page.xpath("//head/link[@rel='canonical']/@href") == [svc.base_url]
    assert meta(page, "og:url") == svc.base_url
    assert meta(page, "og:type") == "website"
    assert page.xpath("//head/link[@rel='outline']/@href") == [svc.url("feeds.opml")]
    assert page.xpath("//head/link[@rel='icon']/@href") == [svc.url("favicon.ico")]
    assert svc.url(ARTICLE) in page.xpath("//a/@href")


def test_the_tag_page_is_canonical_to_its_feed(svc, tmp_path):
    path = tag_page(svc)
    page = dom(svc, tmp_path, path)
    assert page.xpath("//head/link[@rel='canonical']/@href") == [svc.url(path)]
    assert page.findtext(".//h1")
    assert svc.url(ARTICLE) in page.xpath("//a/@href")
