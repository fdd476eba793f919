"""The rules of a stored article row, with no database in sight: how an `Article` becomes a
row (its published id, dedupe key, slug and fingerprint) and back, and how a story dropped
again edits its row (corrections, `updated`, embargo dates).

`articles.store` applies them inside its transactions; this module never touches a connection.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
import uuid
from datetime import UTC, datetime

from articles import queries
from articles.model import Article, Correction, Enclosure, Image
from articles.schema import articles

# Ids of stories without one of their own are UUIDv5s in this namespace: fixed at first
# ingest, the same on every instance, and independent of the site's base_url.
ID_NAMESPACE = uuid.UUID("5b0f4f7e-8d55-4c84-9a57-2b1c2a2a7e11")

_FIELDS = [c.name for c in articles.columns if c.name not in (
    "pk", "dedupe_key", "fingerprint", "external_id", "deleted", "revised", "deleted_reason")]


def slugify(text: str, limit: int = 80) -> str:
    """A URL path segment: lower-case ASCII words joined by '-'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "article"


def apply_edit(row: dict, article: Article, now: datetime, redate: bool) -> bool:
    """Apply `article` to the stored `row` (or to one new in this batch), in memory
    (`Store.save` writes it); whether it changed. The rules of an edit:

    - a correction note not already kept is added with the time of the edit;
    - `updated` moves (to the article's own `updated`, else now) only with a new note or
      a change of title, text, authors, image or date; other changes (tags, summary…)
      leave it, and an identical re-drop changes nothing;
    - a story still under embargo takes the new `published` date: dropped again with
      another date, its embargo moves (or is lifted, dated now or before); with `redate`
      (an editor's correction) a published story takes it too.
    """
    content = content_of(article)
    kept = [c["note"] for c in row["corrections"]]
    notes = [c.note for c in article.corrections if c.note not in kept]
    content["corrections"] = [*row["corrections"], *(
        {"note": note, "at": now.astimezone(UTC).isoformat()} for note in notes)]
    scheduled = "pk" in row and row["published"] > now
    redated = (scheduled or redate) and article.published != row["published"]
    version = fingerprint(content, article.published if redated else row["published"])
    # The second: a version stored before versions held the date.
    if row["fingerprint"] in (version, fingerprint(content)) and not redated:
        return False
    seen = ("title", "content_html", "authors", "image")
    news = bool(notes) or any(content[k] != row[k] for k in seen) or redated or (
        article.updated is not None and article.updated != row["updated"])
    row.update(content)
    row["fingerprint"] = version
    if redated:
        row["published"] = article.published
    if "pk" not in row:  # new in this very batch: not edited after publishing
        row["updated"] = max(article.updated or row["published"], row["published"])
        return True
    if news:
        row["updated"] = max(article.updated or now, row["published"])
    return True


def dedupe_key(a: Article) -> str:
    """Same outlet, same title, same day: the same story, whatever file it came in."""
    basis = "\x1f".join(
        [
            a.source.casefold(),
            " ".join(a.title.casefold().split()),
            a.published.astimezone(UTC).date().isoformat(),
        ]
    )
    return hashlib.sha256(basis.encode()).hexdigest()


def content_of(a: Article) -> dict:
    return {
        "title": a.title,
        "summary": a.summary,
        "content_html": a.content_html,
        "authors": list(a.authors),
        "source": a.source,
        "source_url": a.source_url,
        "source_id": a.source_id,
        "cites": list(a.cites),
        "link": a.link,
        "tags": list(a.tags),
        "language": a.language,
        "enclosures": [_flat(e) for e in a.enclosures],
        "origin": a.origin,
        "image": _flat(a.image) if a.image else None,
        "corrections": [{"note": c.note, "at": c.at.astimezone(UTC).isoformat()}
                        for c in a.corrections],
        "date_from": a.date_from,
    }


def _flat(value) -> dict:
    """A dataclass of plain fields as a dict (`dataclasses.asdict` deep-copies each field:
    a tenth of storing a page's story)."""
    return {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}


def fingerprint(content: dict, published: datetime | None = None) -> str:
    """The version of an article's stored `content` (`content_of`) and `published` date: what
    its feeds say of it (versions stored before the desk left the date out: None)."""
    content = dict(content)
    if published is not None:
        content["published"] = published.astimezone(UTC).isoformat()
    # The same story from another file, or dated by other means, is not an edit.
    for name in ("origin", "date_from"):
        del content[name]
    for name in ("image", "corrections"):  # absent before 0006: old versions stay equal
        if not content[name]:
            del content[name]
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def new_row(a: Article, dedupe: str, slug: str, now: datetime) -> dict:
    content = content_of(a)  # a correction note of a new story: made now, as any other
    content["corrections"] = [{"note": c.note, "at": now.astimezone(UTC).isoformat()}
                              for c in a.corrections]
    if a.id and re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$", a.id):
        published_id = a.id  # already a URI (urn:, tag:, http:): keep it
    else:
        published_id = f"urn:uuid:{uuid.uuid5(ID_NAMESPACE, a.id or dedupe)}"
    return {
        "id": published_id,
        "external_id": a.id or None,
        "slug": slug or derived_slug(a),
        "dedupe_key": dedupe,
        "fingerprint": fingerprint(content, a.published),
        "published": a.published,
        "updated": max(a.updated or a.published, a.published),
        **content,
    }


def derived_slug(a: Article) -> str:
    """The slug of a story that gives none: its date and title."""
    return f"{a.published.astimezone(UTC):%Y-%m-%d}-{slugify(a.title, 60)}"


def deleted_reason(row: dict) -> str:
    return (f"it is the article {row['slug']!r}, deleted on {row['deleted']:%Y-%m-%d %H:%M} UTC; "
            "a deleted article is never published again (send it as a new story instead, "
            "with another id and title)")


def row_terms(pk: int, row: dict) -> list[dict]:
    values = {("tag", queries.term(t)) for t in row["tags"]}
    values |= {("author", queries.term(a)) for a in row["authors"]}
    if row["source"]:
        values.add(("source", queries.term(row["source"])))
    return [{"kind": k, "value": v, "article_pk": pk} for k, v in sorted(values) if v]


def from_row(row: dict) -> Article:
    values = {k: row[k] for k in _FIELDS}
    for name in ("authors", "cites", "tags"):
        values[name] = tuple(values[name])
    values["enclosures"] = tuple(Enclosure(**e) for e in values["enclosures"])
    values["image"] = Image(**values["image"]) if values["image"] else None
    values["corrections"] = tuple(
        Correction(c["note"], datetime.fromisoformat(c["at"])) for c in values["corrections"])
    return Article(**values)
