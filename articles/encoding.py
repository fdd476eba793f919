"""Turning a dropped file's bytes into text without mojibake, or refusing it with a reason.

In order: a byte order mark (UTF-8, UTF-16 LE/BE) decides; NUL bytes mean binary (but in a
web page's markup, where a few are a server's padding, they are removed); valid UTF-8 wins
(text in it that was once read as Windows-1252, "GuÃ­a", is repaired); then the charset an
HTML page declares; then UTF-8 with a few stray legacy bytes (a Windows quote pasted into a
UTF-8 file) is repaired byte by byte; then legacy text: Windows-1252 when it reads as
Western text (not Turkish), else the Central European, Cyrillic, Greek, Turkish, Hebrew,
Arabic, Baltic, Chinese or Korean code page that reads best. Control characters making up a
real share of the text mean binary; a handful (a word processor's form feed) are removed.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata

from articles.model import Rejected

log = logging.getLogger("newsfeed.parse")

# The other code pages copies come in: Central European, Cyrillic, Greek, Turkish, Hebrew,
# Arabic, Baltic, KOI8-R; and Chinese and Korean (Japan's Shift_JIS stays refused: too many
# other bytes read as it).
_OTHER_LEGACY = ["cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
                 "koi8_r", "gb18030", "big5", "euc_kr"]
_TURKISH = frozenset("ÐðÝýÞþ")  # Windows-1252's letters where Windows-1254 has Ğ ğ İ ı Ş ş
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f]")  # NEL is a line end
_LINE_BREAKS = str.maketrans({"\x0b": "\n", "\x0c": "\n"})  # vertical tab, form feed
_INNER_TABS = re.compile(r"(?<=\S)\t+")  # between words: one space; indenting: expanded
_FEW_CONTROLS = 16  # a short text needs more than these, and a share of it, to be binary
_STRAYS = re.compile("[\udc80-\udcff]+")  # undecodable bytes under "surrogateescape"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_NUL_SHARE = 1000  # a page's markup with more than 1 NUL byte in this many is binary
_QUOTES = "’‘“”–—·…"  # punctuation that sits between letters in real text
# A UTF-8 lead byte's Windows-1252 letter (Â, Ã, â) before a continuation byte's: mojibake.
# The letters are looked for first: the search reads a character at a time, `in` does not.
_MOJIBAKE_LEADS = "ÂÃâ"
_MOJIBAKE = re.compile(f"[{_MOJIBAKE_LEADS}][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
                       "\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def decode(data: bytes, declared: str | None = None, *, markup: bool = False) -> str:
    """The text of `data`; `declared` is the charset the document names, if any; `markup`
    when it is a web page."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(_strict(data, "utf-8", skip=len(codecs.BOM_UTF8)), markup)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _checked(_strict(data, "utf-16"), markup)
    if b"\x00" in data:
        if not (markup and data.lstrip().startswith(b"<")
                and data.count(b"\x00") * _NUL_SHARE <= len(data)):
            raise Rejected("it is a binary file, not text (it contains NUL bytes)")
        data = data.replace(b"\x00", b"")
    try:
        return _checked(_unmangled(data.decode("utf-8")), markup)
    except UnicodeDecodeError:
        pass
    if declared and (text := _declared(data, declared)) is not None:
        return _checked(text, markup)
    return _checked(_repaired_utf8(data) or _legacy(data), markup)


def html_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a `<meta>` tag in its head, if any."""
    m = _CHARSET.search(data[:16384])
    return m[1].decode("ascii", "replace") if m else None


def normalize_newlines(text: str) -> str:
    """One kind of line ending: CRLF, CR, NEL and the Unicode separators become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for sep in ("\x85", "\u2028", "\u2029"):
        text = text.replace(sep, "\n")
    return text


def _strict(data: bytes, encoding: str, skip: int = 0) -> str:
    """`data[skip:]` decoded, or `Rejected` naming the first bad byte's offset in the file."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        name = encoding.upper()
        raise Rejected(f"it starts with a {name} byte order mark but is not valid {name} "
                       f"(bad bytes at offset {skip + exc.start})") from None


def _unmangled(text: str) -> str:
    """UTF-8 text that was read as Windows-1252 on its way and saved again (a page shown in
    the wrong charset, then copied: "GuÃ­a TV" for "Guía TV", "itâ€™s"), put right by ftfy;
    text without such a pair of characters is left as it is, unread by ftfy."""
    if not any(lead in text for lead in _MOJIBAKE_LEADS) or not _MOJIBAKE.search(text):
        return text
    import ftfy  # only for text that looks decoded twice

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        log.info("repaired text decoded twice (UTF-8 read as Windows-1252)")
    return fixed


def _checked(text: str, markup: bool = False) -> str:
    """`text` without control characters (tabs become spaces, form feeds and vertical tabs
    line breaks), or `Rejected` where the others are more than a few and 1 in 50 characters:
    a document whose lines all end in a word processor's line break is text. A web page's
    tabs stay: its markup's white space is not its text's."""
    if _holds_controls(text) and (controls := _CONTROLS.findall(text)):
        binary = len(controls) - controls.count("\x0b") - controls.count("\x0c")
        if binary > _FEW_CONTROLS and binary > len(text) / 50:
            raise Rejected("it is a binary file, not text (it is full of control characters)")
        log.info("removed %d control characters from the text", len(controls))
        text = _CONTROLS.sub("", text.translate(_LINE_BREAKS))
    return _INNER_TABS.sub(" ", text).expandtabs(4) if "\t" in text and not markup else text


def _holds_controls(text: str) -> bool:
    """Whether `text` holds a control character `_CONTROLS` takes, told from its UTF-8 bytes
    in a few passes of C: the search for them reads a character at a time, and was a page's
    longest step before its markup is parsed."""
    raw = text.encode("utf-8", "surrogatepass")
    return len(raw.translate(None, _C0_BYTES)) != len(raw) or bool(_C1_UTF8.search(raw))


_C0_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_C1_UTF8 = re.compile(rb"\xc2[\x80-\x84\x86-\x9f]")  # U+0080-U+009F but NEL, in UTF-8


def _declared(data: bytes, name: str) -> str | None:
    """`data` in the charset a page declares; Latin-1 and ASCII mean Windows-1252 (WHATWG)."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-8", "utf-16", "utf-32")):  # it is not: the strays are read below
        return None
    codec = "cp1252" if codec in ("iso8859-1", "ascii") else codec
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _repaired_utf8(data: bytes) -> str | None:
    """Mostly UTF-8 with a few Windows-1252 bytes in it, each read as Windows-1252."""
    text = data.decode("utf-8", "surrogateescape")
    strays = sum(len(m) for m in _STRAYS.findall(text))
    if sum(1 for ch in text if "\x80" <= ch < "\udc80" or ch > "\udcff") < strays:
        return None  # more stray bytes than UTF-8 characters: legacy text

    def legacy(m: re.Match) -> str:
        raw = bytes(ord(ch) - 0xDC00 for ch in m[0])
        try:
            return raw.decode("cp1252")
        except UnicodeDecodeError:
            raise Rejected(f"it is mostly UTF-8 but has bytes that are neither UTF-8 nor "
                           f"Windows-1252 (0x{raw.hex()}); save it as UTF-8") from None

    log.info("text is UTF-8 with %d stray legacy bytes, read as Windows-1252", strays)
    return _STRAYS.sub(legacy, text)


def _legacy(data: bytes) -> str:
    """Single-byte legacy text: Windows-1252 when it reads as Western text, else the best
    other code page whose text is plausible."""
    try:
        text = data.decode("cp1252")
        if _plausible(text) and _western(text) and not (_TURKISH & set(text) and _turkish(data)):
            return text
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # only for text that is not UTF-8

    for match in charset_normalizer.from_bytes(data, cp_isolation=_OTHER_LEGACY):
        if match.chaos < 0.1 and _plausible(text := str(match)):
            return text
    raise Rejected(
        "its text is neither UTF-8 nor a legacy encoding such as Windows-1252; save it as UTF-8"
    )


def _plausible(text: str) -> bool:
    """Legacy text reads as words: letters and punctuation, not symbols and C1 controls,
    and no symbol wedged inside a word (Polish "poda³" is "podał" misread)."""
    odd = wedged = 0
    for before, ch, after in zip(text, text[1:], text[2:], strict=False):
        if ch < "\x80" or ch in _QUOTES or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
            continue  # (CJK punctuation, full-width forms: between letters, as written)
        kind = unicodedata.category(ch)[0]
        if kind not in "LPZN" and ch not in "€™°±§©®":
            odd += 1
        elif kind in "PNS" and before.isalpha() and after.isalpha():
            wedged += 1
    return odd <= max(1, len(text) // 200) and wedged <= max(1, len(text) // 2000)


def _turkish(data: bytes) -> bool:
    """Whether Western-looking legacy text with Icelandic letters in it is Turkish."""
    import charset_normalizer

    best = charset_normalizer.from_bytes(data, cp_isolation=["cp1252", "cp1254"]).best()
    return best is not None and best.encoding == "cp1254"


def _western(text: str) -> bool:
    """Western European text is mostly ASCII letters; Cyrillic or Greek read as
    Windows-1252 is mostly accented ones."""
    letters = [ch for ch in text if ch.isalpha()]
    accented = sum(1 for ch in letters if ch > "\x7f")
    return len(letters) < 20 or accented <= len(letters) * 0.3
