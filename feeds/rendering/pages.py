"""The HTML pages: the home page listing the feeds, each article's own page, and the page a
browser gets for a feed (`feed_view`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from jinja2 import Environment, PackageLoader, select_autoescape
from lxml import etree
from markupsafe import Markup

import config
from articles.model import Article, Takedown
from articles.sanitize import is_absolute_http
from feeds.readers import FeedReaders
from feeds.rendering import render
from feeds.rendering.clean import safe_image

_env = Environment(
    loader=PackageLoader("feeds", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["longdate"] = lambda d: f"{d:%-d %B %Y}"
FORMATS = [("atom", "Atom"), ("rss", "RSS"), ("json", "JSON Feed")]


def home(
    cfg: config.Config,
    listing: list[tuple[config.Feed, render.Channel, list[Article]]],
    readers: Mapping[str, FeedReaders] | None = None,
) -> bytes:
    """The home page; `readers` (`feeds.readers.counts`) says who read each feed."""
    readers = readers or {}
    feeds = [
        {"feed": feed, "channel": channel, "entries": entries[:10],
         "reach": reach(readers.get(feed.name))}
        for feed, channel, entries in listing
    ]
    return (
        _env.get_template("home.html")
        .render(
            site=cfg.site,
            feeds=feeds,
            formats=FORMATS,
            media_types=render.MEDIA_TYPES,
            article_url=lambda a: f"{cfg.site.base_url}articles/{a.slug}",
            thumbnail=lambda a: safe_image(a.image, cfg.site.base_url),
            opml_url=f"{cfg.site.base_url}feeds.opml",
            icon_url=f"{cfg.site.base_url}favicon.ico",
        )
        .encode()
    )


def reach(stats: FeedReaders | None) -> str:
    """"N subscribers in the last 24 hours · P% of polls answered 304", or "" without polls."""
    if stats is None or not stats.polls:
        return ""
    n = stats.subscribers
    share = round(100 * stats.not_modified_share)
    return (f"{n:,} subscriber{'' if n == 1 else 's'} in the last 24 hours"
            f" · {share}% of polls answered 304")


def article(cfg: config.Config, a: Article) -> bytes:
    feed = next((f for f in cfg.feed if not f.members_only), cfg.feed[0])  # never revealed
    channel = render.Channel(
        key=feed.name, title=feed.title, description=feed.description, base_url=cfg.site.base_url
    )
    return (
        _env.get_template("article.html")
        .render(
            site=cfg.site,
            a=a,
            image=safe_image(a.image, a.link or cfg.site.base_url),
            body=Markup(a.content_html) if a.content_html.strip()
            else Markup("<p>{}</p>").format(a.summary),  # a summary-only story
            url=channel.article_url(a),
            channel=channel,
            formats=FORMATS,
            media_types=render.MEDIA_TYPES,
        )
        .encode()
    )


def gone(cfg: config.Config, takedown: Takedown) -> bytes:
    """The page of a story taken down (served with 410 Gone): when, and why."""
    return _env.get_template("gone.html").render(site=cfg.site, gone=takedown).encode()


@dataclass(frozen=True)
class ViewEntry:
    title: str
    url: str
    published: datetime | None
    authors: list[str]
    summary: str
    image: str = ""  # the entry's thumbnail (Media RSS, JSON Feed image), absolute http(s)


@dataclass(frozen=True)
class ViewFeed:
    title: str
    description: str
    language: str
    self_url: str
    home_url: str
    entries: list[ViewEntry]


def feed_view(body: bytes, content_type: bytes) -> bytes | None:
    """The page a browser gets for a feed: its entries, and how to subscribe to it.

    Read back from the feed's own bytes, once per document. None for anything but an Atom,
    RSS or JSON feed that parses.
    """
    fmt = _FORMAT_OF.get(content_type.partition(b";")[0].strip().decode())
    if fmt is None:
        return None
    try:
        feed = _READERS[fmt](body)
    except (ValueError, TypeError, AttributeError, etree.XMLSyntaxError):
        return None
    label = dict(FORMATS)[fmt]
    stem, _, suffix = feed.self_url.rpartition(".")
    alternates = (  # the same feed in each format, when its URL says which it is
        [(other, other_label, f"{stem}.{other}") for other, other_label in FORMATS]
        if suffix == fmt
        else [(fmt, label, feed.self_url)]
    )
    return (
        _env.get_template("feed.html")
        .render(
            site={"language": feed.language or "en"},
            feed=feed,
            fmt=fmt,
            label=label,
            alternates=alternates,
            media_types=render.MEDIA_TYPES,
        )
        .encode()
    )


_FORMAT_OF = {media_type: fmt for fmt, media_type in render.MEDIA_TYPES.items()}
_ATOM = "{http://www.w3.org/2005/Atom}"
_DC = "{http://purl.org/dc/elements/1.1/}"


def _xml(body: bytes) -> etree._Element:
    return etree.fromstring(body, etree.XMLParser(resolve_entities=False, no_network=True))


def _atom(body: bytes) -> ViewFeed:
    root = _xml(body)

    def link(parent: etree._Element, rel: str) -> str:
        links = parent.iterchildren(_ATOM + "link")
        return next((x.get("href", "") for x in links if x.get("rel", "alternate") == rel), "")

    def text(parent: etree._Element, tag: str) -> str:
        return parent.findtext(_ATOM + tag, "")

    return ViewFeed(
        title=text(root, "title"),
        description=text(root, "subtitle"),
        language=root.get("{http://www.w3.org/XML/1998/namespace}lang", ""),
        self_url=link(root, "self"),
        home_url=link(root, "alternate"),
        entries=[
            ViewEntry(
                title=text(e, "title"),
                url=link(e, "alternate"),
                published=_iso_date(text(e, "published") or text(e, "updated")),
                authors=[text(a, "name") for a in e.iterchildren(_ATOM + "author")],
                summary=text(e, "summary"),
                image=_thumbnail(e),
            )
            for e in root.iterchildren(_ATOM + "entry")
        ],
    )


def _rss(body: bytes) -> ViewFeed:
    channel = _xml(body).find("channel")
    self_link = channel.find(f"{_ATOM}link[@rel='self']")
    return ViewFeed(
        title=channel.findtext("title", ""),
        description=channel.findtext("description", ""),
        language=channel.findtext("language", ""),
        self_url="" if self_link is None else self_link.get("href", ""),
        home_url=channel.findtext("link", ""),
        entries=[
            ViewEntry(
                title=item.findtext("title", ""),
                url=item.findtext("link", ""),
                published=_rfc822_date(item.findtext("pubDate")),
                authors=[c.text or "" for c in item.iterchildren(_DC + "creator")],
                summary=item.findtext("description", ""),
                image=_thumbnail(item),
            )
            for item in channel.iterchildren("item")
        ],
    )


def _json(body: bytes) -> ViewFeed:
    doc = json.loads(body)
    return ViewFeed(
        title=doc.get("title", ""),
        description=doc.get("description", ""),
        language=doc.get("language", ""),
        self_url=doc.get("feed_url", ""),
        home_url=doc.get("home_page_url", ""),
        entries=[
            ViewEntry(
                title=item.get("title", ""),
                url=item.get("url", ""),
                published=_iso_date(item.get("date_published")),
                authors=[a.get("name", "") for a in item.get("authors", [])],
                summary=item.get("summary", ""),
                image=_web_url(item.get("image")),
            )
            for item in doc.get("items", [])
        ],
    )


def _thumbnail(entry: etree._Element) -> str:
    thumbnail = entry.find(f"{{{render.MEDIA_NS}}}thumbnail")
    return "" if thumbnail is None else _web_url(thumbnail.get("url"))


def _web_url(url: object) -> str:
    return url if isinstance(url, str) and is_absolute_http(url) else ""


def _iso_date(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _rfc822_date(text: str | None) -> datetime | None:
    return parsedate_to_datetime(text) if text else None


_READERS = {"atom": _atom, "rss": _rss, "json": _json}
