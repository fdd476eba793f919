"""Making HTML and text safe to publish: nh3 for markup, and the small text helpers around it."""

from __future__ import annotations

import html
import re
from contextvars import ContextVar
from urllib.parse import urljoin, urlsplit

import nh3

# Characters XML 1.0 forbids (C0 controls but tab, LF, CR; surrogates; U+FFFE, U+FFFF).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TAGS = (nh3.ALLOWED_TAGS | {"figure", "figcaption", "picture", "source", "audio", "video"}) - {
    "map",
    "area",
}
_ATTRIBUTES = {
    **nh3.ALLOWED_ATTRIBUTES,
    "source": {"src", "srcset", "type", "media"},
    "audio": {"src", "controls"},
    "video": {"src", "controls", "poster", "width", "height"},
    "time": {"datetime"},
}
_URL_ATTRIBUTES = {"href", "src", "cite", "poster"}
_SCHEMES = {"http", "https", "mailto"}


def xml_safe(text: str) -> str:
    """`text` without the characters that make an XML document ill-formed."""
    return _XML_ILLEGAL.sub("", text)


def clean_html(markup: str, base_url: str | None = None) -> str:
    """Markup with only safe tags and attributes, and relative URLs made absolute on `base_url`."""
    token = _BASE_URL.set(base_url)
    try:
        return _CLEANER.clean(xml_safe(markup)).strip()
    finally:
        _BASE_URL.reset(token)


def _absolute(tag: str, attribute: str, value: str) -> str | None:
    """`clean_html`'s attribute filter: URLs made absolute on the base URL of the call."""
    base_url = _BASE_URL.get()
    try:
        if attribute in _URL_ATTRIBUTES and base_url:
            return urljoin(base_url, value)
        if attribute == "srcset" and base_url:
            return ", ".join(
                " ".join([urljoin(base_url, part.split()[0]), *part.split()[1:]])
                for part in value.split(",")
                if part.split()
            )
    except ValueError:  # an unparseable URL such as "http://[broken": drop the attribute
        return None
    return value


# Built once: nh3.clean builds its sanitizer at each call, four times the cost of cleaning a
# story. The base URL reaches the filter through a context variable: one value per thread.
_BASE_URL: ContextVar[str | None] = ContextVar("base_url", default=None)
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES,
                       attribute_filter=_absolute, strip_comments=True)


def paragraphs_to_html(paragraphs: list[str]) -> str:
    """Plain-text paragraphs as HTML paragraphs; quotation marks stay as they are."""
    return "\n".join(f"<p>{html.escape(xml_safe(p), quote=False)}</p>" for p in paragraphs)


def html_to_text(markup: str) -> str:
    """The words of some HTML, on one line."""
    text = nh3.clean(markup.replace("</p>", "</p> ").replace("<br", " <br"), tags=set())
    return " ".join(html.unescape(text).split())


def has_text(markup: str) -> bool:
    """Whether markup `clean_html` made holds any words: `html_to_text` would not be empty.
    Its tags are cut out by pattern, as its attribute values escape `>`."""
    return bool(html.unescape(_TAG.sub(" ", markup)).split())


_TAG = re.compile(r"<[^>]*>")


def clean_text(text: str) -> str:
    """A one-line plain string fit for a title or name."""
    joined = " ".join(text.split())
    # The usual text has no character XML forbids: then the words are the same without the
    # slower search for them. (A forbidden one that `split` takes for a space must go before
    # the split: it joins the words beside it. Six `in` tests cost a hundredth of a regex's
    # scan of a story's text.)
    if joined.isprintable() and not any(space in text for space in _FORBIDDEN_SPACES):
        return joined
    return " ".join(xml_safe(text).split())


_FORBIDDEN_SPACES = "\x0b\x0c\x1c\x1d\x1e\x1f"  # whitespace to `str.split`, illegal in XML


def summarize(text: str, limit: int = 280) -> str:
    """At most `limit` characters of `text`, cut at a word and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-–—")
    return cut + "…"


def srcset_urls(srcset: str | None) -> list[str]:
    """The addresses a `srcset` lists ("a.jpg 1x, b.jpg 2x")."""
    return [part.split()[0] for part in (srcset or "").split(",") if part.split()]


def is_absolute_http(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[broken": no address at all
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)
