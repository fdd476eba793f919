"""The article's keys, declared once: what front matter, a `.json` file or an API body may
give (`ArticleInput`), and the JSON newsfeed gives out for an article (`ArticleJson`).

The readers (`articles.parse.fields` maps the keys onto an `Article`), the API's checks and
its OpenAPI schema all come from these models. A new key is a field here, with what its
value must be (`Must`) and the names other systems give it (`_read_as`), then a line in
`article_from_fields`.

Files are read leniently (`title: 2024` in YAML is the text "2024"), API bodies strictly
(`strict=True`: JSON types as declared).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Annotated
from urllib.parse import quote

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    Strict,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    WithJsonSchema,
)

from articles.model import Article, Rejected


@dataclass(frozen=True)
class Must:
    """What a key's value must be, as said in the error naming the key."""

    what: str


class _Keys(BaseModel):
    model_config = ConfigDict(coerce_numbers_to_str=True)  # in files only: not strict


Text = Annotated[str | None, Must("a string")]
# Strict in files too: a YAML/TOML date, a string, or Unix seconds (never true/false).
Date = Annotated[
    StrictStr | StrictInt | StrictFloat | Annotated[datetime, Strict()]
    | Annotated[date, Strict()] | None,
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "number"}, {"type": "null"}],
                    "description": "ISO 8601 or RFC 822 date, a date without time, "
                                   "or Unix seconds"}),
    Must("a date: a string such as 2024-03-01T09:30:00Z, or Unix seconds"),
]
Terms = Annotated[list[str] | str | None, Must("a string or a list of strings")]


class Person(_Keys):
    """A person as a table: `{"name": …}` (other keys, such as an email, are ignored)."""

    name: str = ""


People = Annotated[Person | str | list[Person | str] | None,
                   Must('a name, a {"name": …} object, or a list of them')]


class ImageInput(_Keys):
    """The lead image as a table; only `url` is needed."""

    url: str
    width: int = Field(0, ge=0)
    height: int = Field(0, ge=0)
    type: str = Field("", description="Its media type, e.g. image/jpeg")
    length: int = Field(0, ge=0, description="Its size in bytes")
    caption: str = ""
    credit: str = ""


def _read_as(name: str, *others: str, about: str = ""):
    """A key also read by `others`, the names other systems give it (the first found wins)."""
    return Field(None, validation_alias=AliasChoices(name, *others),
                 description=f"{about} Also read as {', '.join(others)}.".strip())


class ArticleInput(_Keys):
    """The keys of a dropped `.md` file's front matter, a `.json` file, or an API body.
    `content` is HTML or Markdown; without `date` the article is dated now."""

    title: Text = None
    date: Date = None
    # Other names for `date`, as other systems write theirs: Astro's and RSS's `pubDate`,
    # Hugo's `publishDate`, JSON Feed's `date_published`, Ghost's and others' `published_at`.
    published: Date = _read_as("published", "pubDate", "publishDate", "publish_date",
                               "pub_date", "date_published", "datePublished", "published_at",
                               "publishedAt", about="Another name for date.")
    updated: Date = _read_as("updated", "lastmod", "modified", "date_modified", "dateModified",
                             "updated_at", "updatedAt", "last_modified", "lastModified")
    author: People = None
    authors: People = None
    source: Text = None
    source_url: Text = None
    link: Text = None
    id: Text = None
    slug: Text = None
    tags: Terms = None
    categories: Terms = None
    cites: Terms = None
    summary: Text = _read_as("summary", "description", "excerpt")
    content: Text = _read_as("content", "content_html", "content_text")
    language: Text = None
    image: Annotated[
        str | ImageInput | None,
        Field(description="The lead image: its absolute URL, or a table"),
        Must("a URL, or a table with a url and any of width, height, type, length, "
             "caption, credit"),
    ] = None
    correction: Annotated[
        str | None, Field(description="A correction note, published with the update"),
        Must("a string: the correction note"),
    ] = None
    embargo: Annotated[
        bool, Field(description="true: a date far ahead is meant; published at its time"),
        Must("true or false"),
    ] = False


def _names(name: str) -> tuple[str, ...]:
    """A key's name and the other names it is read by, in the order they are looked for."""
    alias = ArticleInput.model_fields[name].validation_alias
    return tuple(alias.choices) if isinstance(alias, AliasChoices) else (name,)


NAMES = {name: _names(name) for name in ArticleInput.model_fields}
KEYS = frozenset(key for names in NAMES.values() for key in names)  # every name read
_FIELD_OF = {key: name for name, names in NAMES.items() for key in names}


def given(doc: dict, name: str) -> object:
    """The value `doc` gives for the key `name`, under any of its names."""
    return next((doc[key] for key in NAMES[name] if key in doc), None)


class InvalidKey(Rejected):
    """A key whose value has the wrong type; `key` names it and `what` says what it must be."""

    def __init__(self, key: str, what: str):
        super().__init__(f"its {key} must be {what}")
        self.key, self.what = key, what


def read_keys(doc: dict, *, strict: bool = False) -> ArticleInput:
    """`doc`'s known keys, checked (unknown keys are left out), or `InvalidKey`. In a file,
    another system's name holding something else (`modified: true`) is left out too: it
    may mean something else there."""
    try:
        return ArticleInput.model_validate(doc, strict=strict or None)  # None: as declared
    except ValidationError as exc:
        key = str(exc.errors()[0]["loc"][0])  # as the document names it
        name = _FIELD_OF[key]
        if key != name and not strict:
            return read_keys({k: v for k, v in doc.items() if k != key})
        what = next(m.what for m in ArticleInput.model_fields[name].metadata
                    if isinstance(m, Must))
        raise InvalidKey(key, what) from None


# -- out ------------------------------------------------------------------------------

Time = Annotated[datetime, PlainSerializer(datetime.isoformat, return_type=str),
                 WithJsonSchema({"type": "string", "format": "date-time"})]


class EnclosureJson(BaseModel):
    url: str
    type: str
    length: int


class CorrectionJson(BaseModel):
    note: str
    at: Time


class ArticleJson(BaseModel):
    """An article as the API, `newsfeed show --json` and `newsfeed list --json` give it."""

    id: str
    slug: str
    url: str = Field(description="Its page on this site")
    title: str
    summary: str
    content_html: str
    published: Time
    updated: Time
    authors: list[str]
    source: str = Field(description="The outlet that published it")
    source_url: str
    cites: list[str] = Field(description="Outlets it credits")
    link: str = Field(description="The original's own URL, if known")
    tags: list[str]
    language: str
    image: str | None = Field(description="The lead image's URL")
    enclosures: list[EnclosureJson]
    corrections: list[CorrectionJson] = Field(description="Correction notes, oldest first")
    origin: str = Field(description="The file or upstream source it came from")
    scheduled: bool = Field(description="Dated in the future: not in the feeds until then")


def article_json(a: Article, base_url: str, now: datetime | None = None) -> dict:
    """`a` as `ArticleJson`, in plain JSON types; scheduled if published after `now`."""
    return ArticleJson(
        id=a.id,
        slug=a.slug,
        url=f"{base_url}articles/{quote(a.slug)}",
        title=a.title,
        summary=a.summary,
        content_html=a.content_html,
        published=a.published,
        updated=a.updated or a.published,
        authors=list(a.authors),
        source=a.source,
        source_url=a.source_url,
        cites=list(a.cites),
        link=a.link,
        tags=list(a.tags),
        language=a.language,
        image=a.image.url if a.image else None,
        enclosures=[EnclosureJson(url=e.url, type=e.type, length=e.length)
                    for e in a.enclosures],
        corrections=[CorrectionJson(note=c.note, at=c.at) for c in a.corrections],
        origin=a.origin,
        scheduled=a.published > (now or datetime.now(UTC)),
    ).model_dump(mode="json")
