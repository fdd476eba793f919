"""OPML 2.0 listing every configured feed, so a reader subscribes to all of them at once
(`/feeds.opml`, `newsfeed export-opml`)."""

from __future__ import annotations

from lxml import etree

import config
from articles.sanitize import clean_text
from feeds.rendering.render import Channel

CONTENT_TYPE = "text/x-opml; charset=utf-8"


def channels(cfg: config.Config) -> list[Channel]:
    """The public feeds: a members-only one is not revealed."""
    return [
        Channel(key=f.name, title=f.title, description=f.description,
                base_url=cfg.site.base_url, language=cfg.site.language)
        for f in cfg.feed if not f.members_only
    ]


def feed_list(cfg: config.Config) -> list[dict]:
    """Each feed's name, title and URL per format (`export-opml --json`)."""
    return [
        {
            "name": c.key,
            "title": c.title,
            "description": c.description,
            "urls": {fmt: c.url(fmt) for fmt in ("atom", "rss", "json")},
            "html_url": c.base_url,
        }
        for c in channels(cfg)
    ]


def opml(cfg: config.Config) -> bytes:
    """One `<outline type="rss">` per feed, pointing at its Atom document."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = clean_text(cfg.site.title)
    etree.SubElement(head, "docs").text = "http://opml.org/spec2.opml"
    body = etree.SubElement(root, "body")
    for channel in channels(cfg):
        title = clean_text(channel.title)
        outline = etree.SubElement(body, "outline", type="rss", text=title, title=title,
                                   xmlUrl=channel.url("atom"), htmlUrl=channel.base_url)
        if description := clean_text(channel.description):
            outline.set("description", description)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
