"""Issue 2's acceptance test: the seed story from the drop folder to a feed a reader subscribes to.

One real `newsfeed run` process (tests/live.py) on a free port, with its own config, SQLite
store and folders. The seed file is copied into its drop folder, then the feeds are read over
HTTP the way readers and pollers read them: feedparser for Atom and RSS, json for JSON Feed,
lxml for the exact text of dates and for the HTML pages. The tests of this module share the
one process and run in order: the seed, then bad input and an undated story dropped into the
same running service, then a restart.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import httpx
import lxml.etree
import lxml.html
import pytest
from live import SEED, LiveService, drop_folder_files

pytestmark = pytest.mark.slow

TITLE = (
    "Dutch Prime Minister Mark Rutte has resigned after the dramatic collapse of his coalition "
    "government."
)
SLUG = "2023-07-08-rutte-resigns"
PUBLISHED = datetime(2023, 7, 8, tzinfo=UTC)
ATOM_DATE = "2023-07-08T00:00:00+00:00"
RFC822_DATE = "Sat, 08 Jul 2023 00:00:00 +0000"
HTTP_DATE = "Sat, 08 Jul 2023 00:00:00 GMT"
MAX_BYTES = 4096  # the seed is about 2 KB; a bigger file is refused
CONTENT_TYPES = {
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
IDENTITY = {"Accept-Encoding": "identity"}


def seed_paragraphs() -> list[str]:
    """The story's paragraphs as the file has them: between the dateline and the signature."""
    blocks = [b.strip() for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    assert blocks[0] == "date 2023-07-08 + ↺ − 16 px"
    assert blocks[-1] == "News.Az"
    return blocks[1:-1]


PARAGRAPHS = seed_paragraphs()


@pytest.fixture(scope="module")
def svc(tmp_path_factory):
    """The running service with the seed story ingested from its drop folder."""
    service = LiveService(tmp_path_factory.mktemp("seed"))
    text = service.config_path.read_text(encoding="utf-8")
    assert text.count("[inbox]\n") == 1
    service.config_path.write_text(
        text.replace("[inbox]\n", f"[inbox]\nmax_bytes = {MAX_BYTES}\n"), encoding="utf-8"
    )
    service.start()
    try:
        shutil.copyfile(SEED, service.inbox / SEED.name)  # one write, one close: like `cp`
        service.wait_for("/feeds/news.json", lambda r: SLUG.encode() in r.content)
        yield service
    finally:
        service.stop()


def get(svc: LiveService, path: str, **headers) -> httpx.Response:
    return svc.get(path, headers={**IDENTITY, **headers})


def raw_get(svc: LiveService, path: str, method: str = "GET", **headers) -> httpx.Response:
    """A response whose `content` is the bytes on the wire, not decoded by httpx."""
    with httpx.stream(method, svc.url(path), headers=headers, timeout=10) as r:
        r.wire = b"".join(r.iter_raw())
    return r


def parse_feed(body: bytes):
    doc = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    assert not doc.bozo, doc.get("bozo_exception")
    return doc


def entry_by_link(doc, link: str):
    matches = [e for e in doc.entries if e.link == link]
    assert len(matches) == 1, [e.link for e in doc.entries]
    return matches[0]


def check_body(body_html: str) -> None:
    """Every paragraph as <p>, text intact, no chrome, no signature."""
    elements = lxml.html.fragments_fromstring(body_html)
    assert [el.tag for el in elements] == ["p"] * len(PARAGRAPHS)
    assert [el.text_content() for el in elements] == PARAGRAPHS
    assert all(not (el.tail or "").strip() for el in elements)
    assert '"irreconcilable"' in body_html
    assert "immediately… offer" in body_html
    for junk in ("16 px", "↺", "date 2023"):
        assert junk not in body_html
    assert elements[-1].text_content() != "News.Az"
    assert not body_html.rstrip().endswith("News.Az</p>")


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in drop_folder_files(folder))


def drop(svc: LiveService, name: str, data: bytes, mtime: float | None = None) -> None:
    """Write a file beside the inbox, then rename it in whole, as a careful producer does."""
    staging = svc.root / "staging"
    staging.mkdir(exist_ok=True)
    path = staging / name
    path.write_bytes(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    os.rename(path, svc.inbox / name)


def wait_for_file(path: Path, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} did not appear"
        time.sleep(0.05)


# -- the seed story in each format ---------------------------------------------------------


def test_atom_has_the_seed_story_exactly_right(svc):
    r = get(svc, "/feeds/news.atom")
    assert r.status_code == 200
    assert r.headers["content-type"] == CONTENT_TYPES["atom"]
    assert "content-encoding" not in r.headers
    doc = parse_feed(r.content)
    assert doc.version == "atom10"
    assert doc.feed.updated == ATOM_DATE  # the newest entry's date, not the build time
    assert doc.feed.author == "Newsfeed"
    e = entry_by_link(doc, svc.url(f"articles/{SLUG}"))
    assert e.title == TITLE
    assert e.title_detail.type == "text/plain"
    assert e.id.startswith("urn:uuid:") and len(e.id) == len("urn:uuid:") + 36
    assert e.published == ATOM_DATE
    assert e.updated == ATOM_DATE
    assert e.authors == [{"name": "News.Az"}]
    assert e.contributors == [{"name": "Sky News"}]
    assert [c.type for c in e.content] == ["text/html"]
    check_body(e.content[0].value)


def test_rss_has_the_seed_story_exactly_right(svc):
    r = get(svc, "/feeds/news.rss")
    assert r.status_code == 200
    assert r.headers["content-type"] == CONTENT_TYPES["rss"]
    doc = parse_feed(r.content)
    assert doc.version == "rss20"
    e = entry_by_link(doc, svc.url(f"articles/{SLUG}"))
    assert e.title == TITLE
    assert e.guidislink is False
    assert e.author == "News.Az"  # dc:creator
    assert e.contributors == [{"name": "Sky News"}]  # dc:contributor
    check_body(e.content[0].value)  # content:encoded

    root = lxml.etree.fromstring(r.content)
    channel = root.find("channel")
    assert channel.findtext("lastBuildDate") == RFC822_DATE
    (item,) = [i for i in channel.findall("item") if i.findtext("link") == e.link]
    assert item.findtext("pubDate") == RFC822_DATE
    dc = "{http://purl.org/dc/elements/1.1/}"
    assert [x.text for x in item.findall(f"{dc}creator")] == ["News.Az"]
    assert [x.text for x in item.findall(f"{dc}contributor")] == ["Sky News"]


def test_json_feed_has_the_seed_story_exactly_right(svc):
    r = get(svc, "/feeds/news.json")
    assert r.status_code == 200
    assert r.headers["content-type"] == CONTENT_TYPES["json"]
    doc = json.loads(r.content)
    assert doc["version"] == "https://jsonfeed.org/version/1.1"
    assert doc["feed_url"] == svc.url("feeds/news.json")
    (item,) = [i for i in doc["items"] if i["url"] == svc.url(f"articles/{SLUG}")]
    assert item["title"] == TITLE
    assert datetime.fromisoformat(item["date_published"]) == PUBLISHED
    assert item["date_published"] == ATOM_DATE
    assert item["authors"] == [{"name": "News.Az"}]
    assert item["_source"]["cites"] == ["Sky News"]
    check_body(item["content_html"])


def test_the_id_is_the_same_uri_in_every_format(svc):
    link = svc.url(f"articles/{SLUG}")
    atom = entry_by_link(parse_feed(get(svc, "/feeds/news.atom").content), link)
    rss = entry_by_link(parse_feed(get(svc, "/feeds/news.rss").content), link)
    items = json.loads(get(svc, "/feeds/news.json").content)["items"]
    (item,) = [i for i in items if i["url"] == link]
    assert atom.id == rss.id == item["id"]


def test_the_entry_links_to_its_own_page_with_date_and_credits(svc):
    r = get(svc, f"/articles/{SLUG}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    page = lxml.html.fromstring(r.content)
    assert [h.text_content() for h in page.iter("h1")] == [TITLE]
    assert ATOM_DATE in page.xpath("//time/@datetime")
    (article,) = page.xpath("//article")
    text = article.text_content()
    for p in PARAGRAPHS:  # the story, then what is left must still credit both outlets
        assert p in text
        text = text.replace(p, "")
    assert "8 July 2023" in text
    assert "News.Az" in text
    assert "Sky News" in text


def test_home_page_lists_the_feed_with_autodiscovery(svc):
    r = get(svc, "/")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    page = lxml.html.fromstring(r.content)
    alternates = {
        link.get("type"): link.get("href") for link in page.xpath("//head/link[@rel='alternate']")
    }
    assert alternates == {
        "application/atom+xml": svc.url("feeds/news.atom"),
        "application/rss+xml": svc.url("feeds/news.rss"),
        "application/feed+json": svc.url("feeds/news.json"),
    }
    links = {a.get("href"): a.text_content() for a in page.xpath("//body//a")}
    assert links[svc.url(f"articles/{SLUG}")] == TITLE
    assert svc.url("feeds/news.atom") in links


# -- HTTP: validators, HEAD, gzip ------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_conditional_get_head_and_gzip(svc, fmt):
    path = f"/feeds/news.{fmt}"
    first = get(svc, path)
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert first.headers["last-modified"] == HTTP_DATE
    assert first.headers["content-length"] == str(len(first.content))
    assert "Accept-Encoding" in first.headers["vary"]

    again = raw_get(svc, path, **IDENTITY, **{"If-None-Match": etag})
    assert again.status_code == 304
    assert again.wire == b""
    assert again.headers["etag"] == etag

    since = raw_get(svc, path, **IDENTITY, **{"If-Modified-Since": first.headers["last-modified"]})
    assert since.status_code == 304
    assert since.wire == b""

    head = raw_get(svc, path, method="HEAD", **IDENTITY)
    assert head.status_code == 200
    assert head.wire == b""
    assert head.headers["content-type"] == CONTENT_TYPES[fmt]
    assert head.headers["etag"] == etag
    assert head.headers["last-modified"] == HTTP_DATE
    assert head.headers["content-length"] == str(len(first.content))

    zipped = raw_get(svc, path, **{"Accept-Encoding": "gzip"})
    assert zipped.status_code == 200
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.headers["content-type"] == CONTENT_TYPES[fmt]
    assert zipped.headers["etag"] == etag[:-1] + '-gz"'
    assert zipped.headers["content-length"] == str(len(zipped.wire))
    assert gzip.decompress(zipped.wire) == first.content


def test_the_original_is_archived_and_the_inbox_is_empty(svc):
    assert files_in(svc.inbox) == []
    assert files_in(svc.archive) == [SEED.name]
    assert (svc.archive / SEED.name).read_bytes() == SEED.read_bytes()
    assert files_in(svc.rejected) == []


# -- bad input and undated input in the same running service ---------------------------------


def tiny_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data)
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


BAD_FILES = {
    "empty.txt": (b"", "it is empty"),
    "image.txt": (tiny_png(), "it is a binary file, not text (it contains NUL bytes)"),
    "garbled.txt": (
        bytes(range(0x80, 0x100)) * 4,
        "its text is neither UTF-8 nor a legacy encoding such as Windows-1252; save it as UTF-8",
    ),
    "huge.txt": (
        (b"A long story. " * 400)[: MAX_BYTES + 1],
        f"it is {MAX_BYTES + 1:,} bytes, over the limit of {MAX_BYTES:,} (inbox.max_bytes)",
    ),
}


def test_bad_files_are_rejected_with_a_reason_and_the_service_carries_on(svc):
    before = get(svc, "/feeds/news.atom").content
    for name, (data, _) in BAD_FILES.items():
        drop(svc, name, data)
    for name, (data, reason) in BAD_FILES.items():
        error = svc.rejected / f"{name}.error.txt"
        wait_for_file(error)
        assert error.read_text(encoding="utf-8") == reason + "\n"  # one line
        assert (svc.rejected / name).read_bytes() == data  # the original, untouched
        assert f"rejected {name}: {reason}" in svc.log()
    assert files_in(svc.inbox) == []
    assert sorted(files_in(svc.rejected)) == sorted(
        [*BAD_FILES, *(f"{n}.error.txt" for n in BAD_FILES)]
    )
    assert svc.proc.poll() is None
    assert svc.get("/healthz").status_code == 200
    after = get(svc, "/feeds/news.atom")
    assert after.content == before  # nothing of the bad files reached the feed
    for fmt in ("atom", "rss"):
        doc = parse_feed(get(svc, f"/feeds/news.{fmt}").content)
        assert [e.title for e in doc.entries] == [TITLE]


def test_a_story_without_a_date_takes_the_files_mtime_and_says_so(svc):
    mtime = datetime(2023, 1, 2, 3, 4, 5, tzinfo=UTC)  # older than the seed: it stays first
    text = (
        "The harbour authority reopened the northern lock on Monday after six weeks of repairs.\n\n"
        "Ships had been diverted through the southern channel, adding hours to each passage.\n\n"
        "The authority said the remaining work on the quay walls will be finished in spring.\n"
    )
    drop(svc, "undated.txt", text.encode(), mtime=mtime.timestamp())
    url = svc.url("articles/undated")
    r = svc.wait_for("/feeds/news.json", lambda r: url.encode() in r.content)
    items = json.loads(r.content)["items"]
    assert [i["url"] for i in items] == [svc.url(f"articles/{SLUG}"), url]
    item = items[1]
    assert item["title"] == (
        "The harbour authority reopened the northern lock on Monday after six weeks of repairs."
    )
    assert item["date_published"] == "2023-01-02T03:04:05+00:00"
    assert item["date_modified"] == "2023-01-02T03:04:05+00:00"
    assert item["content_html"].count("<p>") == 3
    assert (
        "undated.txt has no date; using the file's modification time 2023-01-02T03:04:05+00:00"
        in svc.log()
    )
    doc = parse_feed(get(svc, "/feeds/news.atom").content)
    assert doc.feed.updated == ATOM_DATE  # still the newest entry's date
    assert entry_by_link(doc, url).published == "2023-01-02T03:04:05+00:00"
    assert (svc.archive / "undated.txt").read_text(encoding="utf-8") == text


# -- restart ---------------------------------------------------------------------------------


def test_a_restart_gives_byte_identical_feeds_and_the_same_etags(svc):
    # The feeds; the home page also shows live reader counts, which a restart may move.
    paths = ["/feeds/news.atom", "/feeds/news.rss", "/feeds/news.json"]
    files = {p: svc.output / p.lstrip("/") for p in paths}
    files |= {f"{p}.gz": f.with_name(f.name + ".gz") for p, f in files.items()}
    before = {p: get(svc, p) for p in paths}
    zipped = {p: raw_get(svc, p, **{"Accept-Encoding": "gzip"}).wire for p in paths}
    on_disk = {p: f.read_bytes() for p, f in files.items()}
    for p in paths:
        assert on_disk[p] == before[p].content
        assert on_disk[f"{p}.gz"] == zipped[p]

    assert svc.stop() == 0
    assert svc.log().count("stopped cleanly") == 1
    svc.start()
    after = {p: get(svc, p) for p in paths}
    for p in paths:
        assert after[p].content == before[p].content, p
        assert after[p].headers["etag"] == before[p].headers["etag"], p
        assert after[p].headers["last-modified"] == before[p].headers["last-modified"], p
        assert raw_get(svc, p, **{"Accept-Encoding": "gzip"}).wire == zipped[p], p
    assert {p: f.read_bytes() for p, f in files.items()} == on_disk
    assert files_in(svc.inbox) == []
    assert svc.log().count("stored 2023-07-08-rutte-resigns") == 1  # not stored twice

