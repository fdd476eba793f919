"""What a saved web page states about itself, read as it is written: its `<meta>` tags and its
schema.org objects (JSON-LD, then microdata; extruct reads both), flattened and with `@id`
references resolved, and the helpers turning such a value into plain text, names, numbers
and absolute URLs. Which statement to believe for each field is `page_meta`'s choice.
"""

from __future__ import annotations

import functools
import logging
import re
import unicodedata
from functools import cache
from urllib.parse import urljoin

from lxml import etree

from articles.sanitize import clean_text, html_to_text, is_absolute_http

log = logging.getLogger("newsfeed.parse")


ARTICLE_TYPES = frozenset((
    "NewsArticle", "Article", "ReportageNewsArticle", "BlogPosting", "AnalysisNewsArticle",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
    "TechArticle", "Report", "SocialMediaPosting", "ScholarlyArticle", "SatiricalArticle",
    "AdvertiserContentArticle",
))
ORGANIZATION_TYPES = frozenset(("Organization", "NewsMediaOrganization", "Corporation",
                                 "WebSite", "OnlineBusiness", "LocalBusiness"))
MICRODATA = "_from_microdata"  # marks a node read from microdata rather than JSON-LD
_CDATA_START = re.compile(r"\s*(?:/\*\s*|//\s*)?<!\[CDATA\[(?:\s*\*/)?")
_CDATA_END = re.compile(r"(?:/\*\s*|//\s*)?\]\]>(?:\s*\*/)?\s*$")
_JSONLD_SCRIPTS = etree.XPath('//script[@type="application/ld+json"]')
_ITEMSCOPES = etree.XPath("//@itemscope")  # any: the page has microdata (cheaper than elements)
_MAX_NODES = 500  # of JSON-LD and microdata together: a page of thousands is read in part
# What joins a statement's parts: "Story | Site", "Jane Doe · Reuters", and between Chinese
# words an underscore ("北京地铁新线路开通运营_新浪新闻")
SEPARATORS = re.compile(r"\s+[|–—·•:»«/\\-]{1,2}\s+|\s+::\s+|\s*[|｜]\s*"
                        r"|(?<=[\u4e00-\u9fff])_(?=[\u4e00-\u9fff])")


# --- statements -------------------------------------------------------------------------------

def meta_tags(doc) -> dict[str, list[str]]:
    """Each `<meta>` name, property or itemprop (lower case) with its plain-text contents."""
    found: dict[str, list[str]] = {}
    for element in doc.iter("meta"):
        content = element.get("content")
        if content is None:
            continue
        value = as_text(content)
        if not value:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            keys = (element.get(attribute) or "").lower()
            # RDFa's property and microdata's itemprop may name several: "og:title twitter:title"
            for key in keys.split() if attribute in ("property", "itemprop") else [keys.strip()]:
                if key:
                    found.setdefault(key, []).append(value)
    return found


def structured_nodes(doc) -> list[dict]:
    """Every schema.org object of the page's JSON-LD, then of its microdata, flattened out of
    `@graph`s, lists and `mainEntity`; `@id` references to other nodes resolved."""
    roots: list = []
    for script in _JSONLD_SCRIPTS(doc):
        if _CDATA_START.match(text := script.text or ""):  # XHTML's "<![CDATA[ {…} ]]>"
            script = etree.Element("script", type="application/ld+json")
            script.text = _CDATA_END.sub("", _CDATA_START.sub("", text, count=1), count=1)
        try:  # one script at a time: a broken one must not hide the others
            roots.extend(_jsonld().extract_items(script))
        except (ValueError, TypeError, RecursionError) as error:
            log.info("ignoring a JSON-LD block that is not JSON (%s)", str(error)[:80])
    if _ITEMSCOPES(doc):
        try:
            roots.extend(_from_microdata(item) for item in _microdata().extract_items(doc, None))
        except (ValueError, TypeError, RecursionError, etree.LxmlError):
            log.info("ignoring microdata that could not be read")
    nodes: list[dict] = []
    pending = list(reversed(roots))
    while pending and len(nodes) < _MAX_NODES:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(reversed(node))
        elif isinstance(node, dict):
            nodes.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
                if isinstance(node.get(key), list | dict):
                    pending.append(node[key])
    by_id = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str)}
    for node in nodes:
        for key in ("author", "publisher", "image", "creator"):
            if key in node:
                node[key] = _resolve(node[key], by_id)
    return nodes


# extruct, htmldate and trafilatura (page_body's main_text) are imported on the first page
# read, not by every process that imports the parsers: with what they bring (rdflib,
# dateparser's data) they are 40 MB, which a service that is never handed a page should not
# carry.

@cache
def _jsonld():
    from extruct.jsonld import JsonLdExtractor

    return JsonLdExtractor()


@cache
def _microdata():
    from extruct.w3cmicrodata import MicrodataExtractor

    return MicrodataExtractor()


def _from_microdata(item) -> dict:
    """An extruct microdata item in the shape of a JSON-LD node."""
    if not isinstance(item, dict):
        return item
    types = item.get("type") or []
    node = {"@type": [str(t).rstrip("/").rsplit("/", 1)[-1] for t in as_list(types)],
            MICRODATA: True}
    for key, value in (item.get("properties") or {}).items():
        node[key] = ([_from_microdata(v) for v in value] if isinstance(value, list)
                     else _from_microdata(value))
    return node


def _resolve(value, by_id: dict):
    """`value` (or each item of it) with a bare `{"@id": …}` reference replaced by its node."""
    if isinstance(value, list):
        return [_resolve_one(v, by_id) for v in value[:50]]
    return _resolve_one(value, by_id)


def _resolve_one(value, by_id: dict):
    if (isinstance(value, dict) and set(value) <= {"@id", "@type"}
            and isinstance(value.get("@id"), str) and value["@id"] in by_id):
        return by_id[value["@id"]]
    return value


def node_types(node: dict) -> set[str]:
    return {str(t).rsplit("/", 1)[-1] for t in as_list(node.get("@type"))}


def is_organization(node: dict) -> bool:
    """Whether a schema.org node is an organization's; one typed both Person and
    Organization (as a one-person site's SEO plugin types its owner) is a person's."""
    types = node_types(node)
    return bool(types & ORGANIZATION_TYPES) and "Person" not in types


# --- value helpers -------------------------------------------------------------------------

def as_list(value) -> list:
    if value is None or value == "":
        return []
    return value[:50] if isinstance(value, list) else [value]


def as_text(value) -> str:
    """A JSON-LD or meta value as one line of plain text: markup and entities undone."""
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or ""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if not isinstance(value, str):
        return ""
    text = value[:2000]
    if "<" in text or "&" in text:
        text = html_to_text(text)
    return clean_text(text)


def as_name(value) -> str:
    if isinstance(value, list):
        return next((n for n in map(as_name, value) if n), "")
    if isinstance(value, dict):  # a Person may give its name in parts only
        parts = (value.get("givenName"), value.get("additionalName"), value.get("familyName"))
        return as_text(value.get("name") or value.get("legalName")
                       or " ".join(as_text(p) for p in parts if isinstance(p, str)))
    return as_text(value) if isinstance(value, str) and not is_absolute_http(value) else ""


def as_int(value) -> int:
    if isinstance(value, dict):
        value = value.get("value") or value.get("@value")
    match = re.match(r"\s*(\d{1,5})(?:\.0+)?\s*(?:px)?\s*$", str(value or ""))
    return int(match.group(1)) if match else 0


def absolute_url(url: str, base: str) -> str:
    url = url.strip()
    if not url or url.startswith("data:"):
        return ""
    try:
        url = urljoin(base, url) if base else url
    except ValueError:
        return ""
    return url if is_absolute_http(url) else ""


def keywords(value) -> list[str]:
    if isinstance(value, str):
        return [k for k in (clean_text(p) for p in value.split(",")) if k][:30]
    return [k for k in (as_text(v) for v in as_list(value)) if k][:30]


def meta_all(meta: dict[str, list[str]], *keys: str) -> list[str]:
    return [value for key in keys for value in meta.get(key, [])]


def meta_first(meta: dict[str, list[str]], *keys: str) -> str:
    return next(iter(meta_all(meta, *keys)), "")


def unique(values) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for v in values:
        if v and v.casefold() not in seen:
            seen[v.casefold()] = v
    return tuple(seen.values())


@functools.lru_cache(maxsize=4096)
def squash(name: str) -> str:
    """A name for comparing: "USA TODAY", "usatoday", "www.usatoday.com" alike, and "EL PAÍS"
    like "elpais", "The Washington Post" like "Washington Post"."""
    name = name.casefold()
    if name.isascii():  # nothing to decompose
        name = name.removeprefix("www.")
    else:
        name = unicodedata.normalize("NFKD", name).removeprefix("www.")
        name = "".join(c for c in name if not unicodedata.combining(c))
    return _NOT_WORD.sub("", _DOMAIN_END.sub("", name)).removeprefix("the")


_DOMAIN_END = re.compile(r"\.(?:com|net|org|co\.uk|de|fr|ch|at|it|es)/?$")
_NOT_WORD = re.compile(r"\W")
