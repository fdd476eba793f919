"""The desk's article form: an article's fields as form values, and posted form values as
the JSON API's article keys, so a desk edit is read and saved by the API's own rules
(`feeds.serving.api.read_article`, then `Store.save`).

Every key is a plain text field: `author`, `cites` and `tags` hold comma-separated lists,
`date` and `updated` a date in `site.timezone` (or with its own zone), `embargo` is
"true" when set. Empty fields are left out, as keys a JSON article does not give. A field
a story needs, left blank, is said of the form's field (`blanks`), not as the API says it
of a missing key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, tzinfo

from articles.model import Article
from articles.parse import EMBARGO_LIMIT
from articles.sanitize import clean_text

# The keys of the JSON API the form posts, in the order it shows them.
KEYS = ("title", "date", "updated", "author", "source", "cites", "tags", "image", "summary",
        "content", "correction", "embargo")
MORE = ("source_url", "link", "language")  # kept through an edit, under "More fields"
LISTS = ("author", "cites", "tags")
# A needed field left blank, said of the form's field (the API: "add a 'title' key").
BLANK = {"title": "The headline cannot be blank.", "date": "Give the story's date."}


def show_date(value: datetime | None, tz: tzinfo) -> str:
    """A date as the form shows it: in the site's zone, to the minute (or second)."""
    if value is None:
        return ""
    local = value.astimezone(tz)
    return f"{local:%Y-%m-%d %H:%M:%S}" if local.second else f"{local:%Y-%m-%d %H:%M}"


def values(a: Article, tz: tzinfo, now: datetime) -> dict[str, str]:
    """The form's values for a stored (or just read) article."""
    return {
        "title": a.title,
        "date": show_date(a.published, tz),
        "updated": "",  # empty: the store sets it to the time of the edit
        "author": ", ".join(a.authors),
        "source": a.source,
        "cites": ", ".join(a.cites),
        "tags": ", ".join(a.tags),
        "image": a.image.url if a.image else "",
        "summary": a.summary,
        "content": a.content_html,
        "correction": "",
        # Not stored: a date this far ahead was only taken with it, so it is meant still.
        "embargo": "true" if a.embargo or a.published > now + EMBARGO_LIMIT else "",
        "source_url": a.source_url,
        "link": a.link,
        "language": a.language,
    }


def document(form: Mapping[str, str]) -> dict:
    """The JSON article posted form values make: the API's keys, lists split on commas."""
    doc: dict = {}
    for key in (*KEYS, *MORE, "id", "slug"):
        value = " ".join(form.get(key, "").split()) if key not in ("content", "summary") else (
            form.get(key, "").strip())
        if key == "embargo":
            if value.lower() in ("true", "on", "yes", "1"):
                doc["embargo"] = True
        elif key in LISTS:
            if items := [item.strip() for item in value.split(",") if item.strip()]:
                doc[key] = items
        elif value or key in ("title", "content"):
            doc[key] = value
    return doc


def blanks(doc: Mapping, needed: Iterable[str]) -> dict[str, str]:
    """The `needed` fields the posted `doc` leaves blank (as the parser reads them: nothing
    but spaces or control characters is blank too), each with the error shown beside it."""
    return {key: BLANK[key] for key in needed if not clean_text(str(doc.get(key) or ""))}
