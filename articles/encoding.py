"""Turning a dropped file's bytes into text without mojibake, or refusing it with a reason."""

from __future__ import annotations

import codecs
import unicodedata

import charset_normalizer

from articles.model import Rejected

_ALLOWED_CONTROLS = set("\t\n\r\f")
_LEGACY = ["cp1252", "iso8859_15", "cp1250", "cp1251", "iso8859_2", "cp1257"]


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or plausible legacy text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16")
    if b"\x00" in data:
        raise Rejected("it is a binary file, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = _legacy(data)
    if _control_share(text) > 0.01:
        raise Rejected("it is a binary file, not text (it is full of control characters)")
    return text


def normalize_newlines(text: str) -> str:
    """One kind of line ending: CRLF, CR, NEL and the Unicode separators become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for sep in ("\x85", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise Rejected(
            f"it starts with a {encoding.upper()} byte order mark but is not valid {encoding.upper()} "
            f"(bad bytes at offset {exc.start})"
        ) from None


def _legacy(data: bytes) -> str:
    """Single-byte legacy text: cp1252 when it reads cleanly, else the best plausible guess."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible(text):
        return text
    best = charset_normalizer.from_bytes(data, cp_isolation=_LEGACY).best()
    if best is not None and best.chaos < 0.1:
        text = str(best)
        if _plausible(text):
            return text
    raise Rejected("its text is neither UTF-8 nor a legacy encoding such as Windows-1252; save it as UTF-8")


def _plausible(text: str) -> bool:
    """Legacy text reads as words: letters and punctuation, not symbols and C1 controls."""
    odd = sum(
        1
        for ch in text
        if ord(ch) > 127 and unicodedata.category(ch)[0] not in "LPZN" and ch not in "€™°±§©®"
    )
    return odd <= max(1, len(text) // 200) and _control_share(text) == 0


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    bad = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS)
    return bad / len(text)
