"""The query string of a feed URL: `?limit=N`, `?q=text`, `?category=name`."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

MAX_QUERY_LIMIT = 500  # the most entries ?limit= may ask for
MAX_QUERY_TEXT = 200  # characters of ?q= and ?category=


class BadQuery(ValueError):
    """A query string a feed URL does not take; the message says why, in one line."""


@dataclass(frozen=True)
class FeedQuery:
    """What the query string of a feed URL selects: `?limit=N`, `?q=text`, `?category=name`,
    combinable; other parameters (cache busters, utm_*) are ignored."""

    limit: int = 0  # 0: the feed's own
    q: str = ""  # every word, ignoring case, in title, summary or text
    category: str = ""

    @classmethod
    def parse(cls, query_string: bytes) -> FeedQuery:
        try:
            text = query_string.decode("utf-8")
            pairs = parse_qsl(text, keep_blank_values=True, strict_parsing=False,
                              errors="strict", max_num_fields=50)
        except (UnicodeDecodeError, ValueError):
            raise BadQuery("the query string is not valid UTF-8 form encoding") from None
        given: dict[str, str] = {}
        for key, value in pairs:
            if key in ("limit", "q", "category"):
                if key in given:
                    raise BadQuery(f"'{key}' is given more than once")
                given[key] = value
        limit = 0
        if "limit" in given:
            raw = given["limit"].strip()
            if not raw.isascii() or not raw.isdigit() or not 1 <= int(raw) <= MAX_QUERY_LIMIT:
                raise BadQuery(f"'limit' must be a whole number from 1 to {MAX_QUERY_LIMIT}, "
                               f"got {given['limit'][:40]!r}")
            limit = int(raw)
        q, category = (normal(given.get(key, "")) for key in ("q", "category"))
        for key, value in (("q", q), ("category", category)):
            if len(value) > MAX_QUERY_TEXT:
                raise BadQuery(f"'{key}' must be at most {MAX_QUERY_TEXT} characters")
            if any(ord(c) < 32 or ord(c) == 127 for c in value):
                raise BadQuery(f"'{key}' must not hold control characters")
        return cls(limit, q, category)

    def __bool__(self) -> bool:
        return bool(self.limit or self.q or self.category)

    def encode(self) -> str:
        """The normalized query string: sorted, encoded, only what selects something."""
        pairs = [("category", self.category), ("limit", str(self.limit) if self.limit else ""),
                 ("q", self.q)]
        return urlencode([(k, v) for k, v in pairs if v])


def normal(value: str) -> str:
    """`value` as compared: case-folded, single spaces."""
    return " ".join(value.casefold().split())
