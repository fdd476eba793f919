"""JSON `.json`: one article object, or a list of them, with the front-matter keys.

`content` is the body: HTML when it contains a tag, else Markdown. In a list each article
keeps its own `slug` (else its `id`); without either the store derives one from its date
and title, so articles of one file never share the file's name.

A schema.org article (`"@type": "NewsArticle"`, alone or in a JSON-LD `@graph`), as a CMS
exports one and pages state theirs, is read by its own keys (`_from_schema_org`), and so is a
post from WordPress's REST API (`_from_wordpress`).
"""

from __future__ import annotations

import json
import re

from articles.fields import given
from articles.model import Article, Rejected
from articles.parse.context import Context
from articles.parse.fields import article_from_fields
from articles.parse.markdown_file import render
from articles.sanitize import clean_html, html_to_text, paragraphs_to_html

_TAG = re.compile(r"<(?:/?[A-Za-z][\w-]*|!--)[^>]*>")


def parse(text: str, context: Context) -> list[Article]:
    try:  # not strict: a line break left in a string (a word processor's, made one) is text
        doc = json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise Rejected(f"it is not valid JSON ({exc.msg} at line {exc.lineno}, "
                       f"column {exc.colno})") from None
    if isinstance(doc, dict):
        if "items" in doc and str(doc.get("version", "")).startswith("https://jsonfeed.org/"):
            raise Rejected("it is a JSON Feed, not an article; follow it as a [[source]] instead")
        return [_article(doc, context, slug=context.stem)]
    if not isinstance(doc, list):
        raise Rejected("it is JSON but neither an article object nor a list of them")
    if not doc:
        raise Rejected("it is an empty JSON list")
    found = []
    for n, item in enumerate(doc, 1):
        try:
            found.append(_article(item, context, slug=_id(item)))
        except Rejected as exc:
            raise Rejected(f"its article {n} of {len(doc)} cannot be read: {exc}") from None
    return found


def _article(item: object, context: Context, *, slug: str) -> Article:
    if not isinstance(item, dict):
        raise Rejected(f"it is a JSON {type(item).__name__}, not an object of keys and values")
    if "title" not in item and (node := _schema_org_article(item)) is not None:
        item = _from_schema_org(node)
    elif isinstance(item.get("title"), dict) and "rendered" in item["title"]:
        item = _from_wordpress(item)
    content = given(item, "content") or ""
    if not isinstance(content, str):
        raise Rejected("its content must be text (HTML or Markdown)")
    link = item.get("link")
    base = link if isinstance(link, str) else None
    if not {"content", "content_html"} & item.keys() and "content_text" in item:
        # JSON Feed's plain text, a paragraph a blank line apart: no Markdown
        body = paragraphs_to_html([p.strip() for p in re.split(r"\n\s*\n", content) if p.strip()])
    elif _TAG.search(content):
        body = clean_html(content, base_url=base)
    else:
        body = render(content, base)
    return article_from_fields(item, body, context, slug=slug)


def _id(item: object) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value).strip() if isinstance(value, str) or type(value) is int else ""


def _schema_org_article(item: dict) -> dict | None:
    """The schema.org article `item` is (typed as one, or untyped with a `headline`), or the
    first its JSON-LD `@graph` holds."""
    from articles.parse.page_statements import ARTICLE_TYPES, as_list, node_types

    if "@type" not in item and "headline" in item:
        return item
    for node in [item, *as_list(item.get("@graph"))]:
        if isinstance(node, dict) and node_types(node) & ARTICLE_TYPES:
            return node
    return None


def _from_schema_org(node: dict) -> dict:
    """A schema.org article in newsfeed's keys: `headline` the title, `datePublished` the
    date, `dateModified` its update, the `author`s' names, the `publisher`'s name as the
    source, `articleBody` the text (a paragraph a line), `description` the summary,
    `keywords` the tags, `image`, `url` and `inLanguage`. A URL that is not absolute is left
    out, as a page's would be."""
    from articles.parse.page_statements import (
        absolute_url,
        as_list,
        as_name,
        as_text,
        is_organization,
        keywords,
    )

    link = absolute_url(as_text(node.get("url")) or as_text(node.get("mainEntityOfPage")), "")
    authors = [as_name(a) for a in as_list(node.get("author"))
               if not (isinstance(a, dict) and is_organization(a))]
    outlets = [as_name(p) for p in as_list(node.get("publisher"))] + [
        as_name(a) for a in as_list(node.get("author"))
        if isinstance(a, dict) and is_organization(a)]
    body = next((b for b in as_list(node.get("articleBody")) if isinstance(b, str)), "")
    image = next(iter(as_list(node.get("image"))), None)
    if isinstance(image, dict):  # an ImageObject
        image = image.get("url") or image.get("contentUrl")
    fields = {
        "title": as_text(node.get("headline")) or as_text(node.get("name")),
        "date": as_text(node.get("datePublished")) or as_text(node.get("dateCreated")),
        "updated": as_text(node.get("dateModified")),
        "authors": [a for a in authors if a],
        "source": next((o for o in outlets if o), ""),
        "content": body if _TAG.search(body) else paragraphs_to_html(
            [line.strip() for line in body.splitlines() if line.strip()]),
        "summary": as_text(node.get("description")),
        "tags": keywords(node.get("keywords")),
        "link": link,
        "image": absolute_url(image, link) if isinstance(image, str) else "",
        "language": as_text(node.get("inLanguage")),
    }
    return {key: value for key, value in fields.items() if value}


def _from_wordpress(post: dict) -> dict:
    """A post as WordPress's REST API gives it (`/wp-json/wp/v2/posts/…`) in newsfeed's keys:
    the `rendered` title, text and excerpt, `date_gmt` and `modified_gmt` (UTC; `date` is the
    site's clock), `link`, `slug`, `guid`, and with `_embed` its authors, terms and featured
    image."""
    def rendered(key: str) -> str:
        value = post.get(key)
        value = value.get("rendered") if isinstance(value, dict) else value
        return value if isinstance(value, str) else ""

    def utc(key: str) -> str:
        value = post.get(f"{key}_gmt")
        return f"{value}Z" if isinstance(value, str) and re.fullmatch(
            r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", value) else post.get(key) or ""

    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
    authors = [a.get("name") for a in embedded.get("author") or [] if isinstance(a, dict)]
    terms = [t.get("name") for group in embedded.get("wp:term") or [] if isinstance(group, list)
             for t in group if isinstance(t, dict)]
    media = [m.get("source_url") for m in embedded.get("wp:featuredmedia") or []
             if isinstance(m, dict)]
    fields = {
        "title": html_to_text(rendered("title")),
        "date": utc("date"),
        "updated": utc("modified"),
        "content": rendered("content"),
        "summary": html_to_text(rendered("excerpt")),
        "link": post.get("link"),
        "slug": post.get("slug"),
        "id": rendered("guid"),
        "authors": [a for a in authors if isinstance(a, str) and a],
        "tags": [t for t in terms if isinstance(t, str) and t],
        "image": next((m for m in media if isinstance(m, str) and m), None)
        or post.get("jetpack_featured_media_url"),
    }
    return {key: value for key, value in fields.items() if value}
