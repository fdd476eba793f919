"""A web page saved whole in one file: `.mhtml`/`.mht` (Chrome's and Edge's "Webpage, Single
File", Internet Explorer's and Word's; MIME multipart/related, RFC 2557) and `.webarchive`
(Safari's, a property list).

The page itself (the container's main HTML resource, in its own encoding) is read as a saved
`.html` page (`html_page`), with the address the container says it was saved from as its
link when the page states none, and the time it was saved as its file's time when the file
was copied later (the time an undated story takes); its pictures, styles and frames are not
read.
"""

from __future__ import annotations

import email
import email.policy
import plistlib
from dataclasses import replace
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from xml.parsers.expat import ExpatError

from articles.encoding import decode, html_charset, normalize_newlines
from articles.model import Article, Rejected
from articles.parse import html_page
from articles.parse.context import Context
from articles.parse.page_date_lines import EARLIEST

PRELOAD = html_page.PRELOAD
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_bytes(data: bytes, context: Context) -> list[Article]:
    if context.name.lower().endswith(".webarchive"):
        markup, charset, address = _webarchive(data)
    else:
        markup, charset, address, saved = _mhtml(data)
        if saved is not None and EARLIEST <= saved <= context.mtime:
            context = replace(context, mtime=saved)  # copied later: the save is the file's time
    text = normalize_newlines(decode(markup, charset or html_charset(markup), markup=True))
    if not text.strip():
        raise Rejected("the page saved in it is empty")
    return html_page.parse(text, context, address=address if _is_web(address) else "")


def _mhtml(data: bytes) -> tuple[bytes, str | None, str, datetime | None]:
    """(the page's bytes, their charset, its address, when it was saved) of an MHTML file:
    its root part, the one the `start` parameter or `Snapshot-Content-Location` names, else
    its first HTML part; the time its `Date` header gives."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not message.is_multipart():
        raise Rejected("it is not a saved web page (an .mhtml file is a MIME multipart "
                       "message holding the page)")
    parts = [p for p in message.walk() if p.get_content_type() in _HTML_TYPES]
    start = message.get_param("start", header="content-type") or ""
    named = str(message.get("Snapshot-Content-Location", "")).strip()
    root = next((p for p in parts if start and str(p.get("Content-ID", "")).strip() == start),
                None) or next((p for p in parts if named and _location(p) == named), None)
    root = root or next(iter(parts), None)
    if root is None:
        raise Rejected("it holds no web page (no text/html part in it)")
    return (root.get_payload(decode=True) or b"", root.get_content_charset(),
            named or _location(root), _saved_at(message))


def _saved_at(message: EmailMessage) -> datetime | None:
    """The time in a message's `Date` header, if it is one with a zone."""
    try:
        saved = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError, IndexError):
        return None
    return saved.astimezone(UTC) if saved.tzinfo else None


def _location(part: EmailMessage) -> str:
    return str(part.get("Content-Location", "")).strip()


def _webarchive(data: bytes) -> tuple[bytes, str | None, str]:
    """(the page's bytes, their encoding's name, its address) of a Safari web archive."""
    try:
        archive = plistlib.loads(data)
    except (plistlib.InvalidFileException, ExpatError, ValueError, TypeError, OverflowError,
            LookupError, IndexError, KeyError) as exc:  # a damaged binary or XML list
        raise Rejected(f"it is not a Safari web archive ({type(exc).__name__}: {exc})"[:300]
                       ) from None
    page = archive.get("WebMainResource") if isinstance(archive, dict) else None
    if not isinstance(page, dict) or not isinstance(page.get("WebResourceData"), bytes):
        raise Rejected("it is not a Safari web archive (it has no main resource)")
    if str(page.get("WebResourceMIMEType", "text/html")).lower() not in _HTML_TYPES:
        raise Rejected(f"the page saved in it is no web page "
                       f"({page.get('WebResourceMIMEType')})")
    charset = page.get("WebResourceTextEncodingName")
    return (page["WebResourceData"], charset if isinstance(charset, str) else None,
            str(page.get("WebResourceURL", "")))


def _is_web(address: str) -> bool:
    return address.startswith(("http://", "https://"))
