"""The HTML pages: the home page listing the feeds, and each article's own page."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

import config
from articles.model import Article
from feeds import render

_env = Environment(
    loader=PackageLoader("feeds", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["longdate"] = lambda d: f"{d:%-d %B %Y}"
FORMATS = [("atom", "Atom"), ("rss", "RSS"), ("json", "JSON Feed")]


def home(
    cfg: config.Config, listing: list[tuple[config.Feed, render.Channel, list[Article]]]
) -> bytes:
    feeds = [
        {"feed": feed, "channel": channel, "entries": entries[:10]}
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
        )
        .encode()
    )


def article(cfg: config.Config, a: Article) -> bytes:
    feed = cfg.feed[0]
    channel = render.Channel(
        key=feed.name, title=feed.title, description=feed.description, base_url=cfg.site.base_url
    )
    return (
        _env.get_template("article.html")
        .render(
            site=cfg.site,
            a=a,
            body=Markup(a.content_html),
            url=channel.article_url(a),
            channel=channel,
            formats=FORMATS,
            media_types=render.MEDIA_TYPES,
        )
        .encode()
    )
