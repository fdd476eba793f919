"""WebSub: the hub advertised in every format, and told, over real HTTP, of exactly the
feeds whose bytes changed. The hub is a real HTTP server on 127.0.0.1 recording the POSTs."""

from __future__ import annotations

import http.server
import json
import logging
import threading
from urllib.parse import parse_qs

import lxml.etree
import pytest
from live import free_port
from test_feeds_publish import Site, story

from feeds.publishing import websub

ATOM = "{http://www.w3.org/2005/Atom}"


class Hub:
    """An HTTP server that records each POST's form and answers with `status`."""

    def __init__(self):
        self.posts: list[dict[str, list[str]]] = []
        self.status = 204
        hub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                assert self.headers["Content-Type"] == "application/x-www-form-urlencoded"
                hub.posts.append(parse_qs(self.rfile.read(length).decode()))
                self.send_response(hub.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hub"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def pinged(self) -> list[str]:
        assert all(p["hub.mode"] == ["publish"] for p in self.posts)
        return sorted(url for p in self.posts for url in p["hub.url"])

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub():
    h = Hub()
    yield h
    h.close()


def feeds(hub_url: str) -> str:
    return (f'[websub]\nhub = "{hub_url}"\n[[feed]]\nname = "world"\ncategories = ["world"]\n'
            '[[feed]]\nname = "sport"\ncategories = ["sport"]\n')


def urls(name: str) -> list[str]:
    return sorted(f"https://news.example.org/feeds/{name}.{fmt}" for fmt in ("atom", "json", "rss"))


def test_every_format_advertises_the_hub(tmp_path, hub):
    site = Site(tmp_path, feeds(hub.url))
    site.save(story(1, tags=("world",)))
    site.publish()
    atom = lxml.etree.fromstring(site.body("/feeds/world.atom"))
    assert [ln.get("href") for ln in atom.findall(f"{ATOM}link[@rel='hub']")] == [hub.url]
    channel = lxml.etree.fromstring(site.body("/feeds/world.rss")).find("channel")
    assert [ln.get("href") for ln in channel.findall(f"{ATOM}link[@rel='hub']")] == [hub.url]
    assert json.loads(site.body("/feeds/world.json"))["hubs"] == [
        {"type": "WebSub", "url": hub.url}]


def test_the_hub_hears_of_exactly_the_feeds_that_changed(tmp_path, hub):
    site = Site(tmp_path, feeds(hub.url))
    site.save(story(1, tags=("world",)), story(2, tags=("sport",)))
    site.publish()
    assert websub.notify(hub.url, site.publisher.changed) == []
    assert hub.pinged() == sorted(urls("world") + urls("sport"))

    hub.posts.clear()
    site.save(story(3, tags=("sport",)))
    site.publish()
    assert websub.notify(hub.url, site.publisher.changed) == []
    assert hub.pinged() == urls("sport")

    hub.posts.clear()  # a restart over the same files changes nothing, so tells nothing
    again = Site(tmp_path, feeds(hub.url), store=site.store)
    again.publish(force=True)
    assert websub.notify(hub.url, again.publisher.changed) == []
    assert hub.posts == []


def test_a_hub_that_fails_costs_a_warning_not_a_feed(tmp_path, hub, caplog):
    hub.status = 503
    with caplog.at_level(logging.WARNING, logger="newsfeed.websub"):
        failed = websub.notify(hub.url, ["https://news.example.org/feeds/world.atom"])
        unreachable = f"http://127.0.0.1:{free_port()}/hub"
        assert websub.notify(unreachable, ["https://news.example.org/feeds/x.rss"]) == [
            "https://news.example.org/feeds/x.rss"]
    assert failed == ["https://news.example.org/feeds/world.atom"]
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "answered 503" in messages and "could not be reached" in messages


def test_no_hub_no_ping(hub):
    assert websub.notify("", ["https://news.example.org/feeds/world.atom"]) == []
    assert websub.notify(hub.url, []) == []
    assert hub.posts == []
