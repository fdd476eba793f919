"""The store's read queries: which articles a feed shows (`Filter`) and the statements that
find them along the indexes, those of every rebuild built once (`articles.store` runs them).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from articles.schema import UTCDateTime, articles, state, terms

NEWEST = (articles.c.published.desc(), articles.c.pk.desc())  # along ix_articles_newest
VERSION = (articles.c.pk, articles.c.fingerprint)  # an article's version: its fingerprint
RECENT = 20  # a filtered feed looks for its newest among 20 x its limit newest articles first
# The time of a read: a story dated after it is embargoed (stored, shown nowhere) until then.
# Every query below takes it as the parameter `now`.
NOW = sa.bindparam("now", type_=UTCDateTime())


@dataclass(frozen=True)
class Filter:
    """Which articles a feed shows: each non-empty list must match (any of its values), and
    none of `hidden` (the filters of members-only feeds, whose stories are for members only
    wherever they would show)."""

    categories: Sequence[str] = ()
    sources: Sequence[str] = ()
    authors: Sequence[str] = ()
    hidden: tuple[Filter, ...] = ()

    def frozen(self) -> Filter:
        """The same filter, hashable (config gives lists)."""
        return Filter(tuple(self.categories), tuple(self.sources), tuple(self.authors),
                      tuple(h.frozen() for h in self.hidden))

    def kinds(self) -> list[tuple[str, Sequence[str]]]:
        """(kind of term, values) for each list that is not empty, categories (tags) first."""
        return [(kind, values) for kind, values in (
            ("tag", self.categories), ("source", self.sources), ("author", self.authors))
            if values]


def term(value: str) -> str:
    """A tag, source or author as stored in `terms`: case and spacing folded."""
    return " ".join(value.casefold().split())[:200]


def matching(query: sa.Select, where: Filter, *, scheduled: bool = False) -> sa.Select:
    """`query` narrowed to the live articles `where` lets through: not deleted, and published
    by `now` (`scheduled`: embargoed ones too, for the newsroom's own lists)."""
    query = query.where(articles.c.deleted.is_(None))  # deleted: in no feed
    if not scheduled:
        query = query.where(articles.c.published <= NOW)
    return filtered(query, where)


def taken_down(where: Filter, pks: Sequence[int] | None) -> sa.Select:
    """The articles `where` lets through that were taken down at or after the parameter
    `since` while published (an embargoed story deleted was never out); among `pks` if
    given (else all: a scan, once per start). Newest takedown first."""
    query = sa.select(articles.c.id, articles.c.slug, articles.c.title, articles.c.deleted,
                      articles.c.deleted_reason).where(
        articles.c.deleted >= sa.bindparam("since", type_=UTCDateTime()),
        articles.c.published <= articles.c.deleted)
    if pks is not None:
        query = query.where(articles.c.pk.in_(list(pks)))
    return filtered(query, where).order_by(articles.c.deleted.desc(), articles.c.pk.desc())


def filtered(query: sa.Select, where: Filter) -> sa.Select:
    """`query` narrowed to the articles whose terms `where` lets through."""
    for kind, values in where.kinds():
        query = query.where(_has(kind, values))
    for hidden in where.hidden:  # one that lets everything through hides everything
        query = query.where(sa.not_(sa.and_(
            sa.true(), *(_has(kind, values) for kind, values in hidden.kinds()))))
    return query


def _has(kind: str, values: Sequence[str]) -> sa.Exists:
    return sa.exists().where(terms.c.article_pk == articles.c.pk, terms.c.kind == kind,
                             terms.c.value.in_([term(v) for v in values]))


def page(query: sa.Select, where: Filter, after_pk: int, limit: int) -> sa.Select:
    """`query` narrowed to the `limit` matching articles stored after `after_pk`, in order."""
    return matching(query, where).where(articles.c.pk > after_pk).order_by(
        articles.c.pk).limit(limit)


def versions(where: Filter) -> sa.CompoundSelect:
    """`Store.versions`' query for a filter, bound to `limit`, `recent` (the newest a filtered
    feed looks among first) and `after_pk`; built once per filter."""
    return _versions(where.frozen())


def by_terms(where: Filter, limit: int) -> sa.Select:
    """(pk, version) of the newest `limit` articles of a filter, through its first kind of
    terms: for a filter the `RECENT` newest articles hold too few of."""
    kind, values = where.kinds()[0]
    tagged = sa.select(terms.c.article_pk).where(
        terms.c.kind == kind, terms.c.value.in_([term(v) for v in values]))
    return matching(sa.select(*VERSION).where(articles.c.pk.in_(tagged)), where).order_by(
        *NEWEST).limit(limit)


# The rebuild's other queries, built once: statement building is most of a query's time in
# SQLAlchemy, the database's part a tenth of it.
CHANGES = sa.union_all(  # the revision (part 0), and the articles revised since (part 1)
    sa.select(state.c.value.label("n"), sa.literal(0).label("part")).where(
        state.c.key == "revision"),
    sa.select(articles.c.pk, sa.literal(1)).where(articles.c.revised > sa.bindparam("since")),
)
BY_PKS = sa.select(articles).where(
    articles.c.deleted.is_(None), articles.c.published <= NOW,
    articles.c.pk.in_(sa.bindparam("pks", expanding=True)))
# The next embargo to lift: the earliest live story dated after `now`.
NEXT_EMBARGO = sa.select(sa.func.min(articles.c.published)).where(
    articles.c.deleted.is_(None), articles.c.published > NOW)


@functools.lru_cache(maxsize=64)
def _versions(where: Filter) -> sa.CompoundSelect:
    newest = sa.select(*VERSION, sa.literal(0).label("part"))
    stored_after = sa.select(*VERSION, sa.literal(1).label("part"))
    after_pk = sa.bindparam("after_pk")
    if kinds := where.kinds():  # the articles of one of its terms, along the terms' key
        kind, values = kinds[0]
        tagged = sa.select(terms.c.article_pk).where(
            terms.c.kind == kind, terms.c.value.in_([term(v) for v in values]))
        recent = sa.select(articles.c.pk).order_by(*NEWEST).limit(sa.bindparam("recent"))
        newest = newest.where(articles.c.pk.in_(recent.scalar_subquery()))
        stored_after = stored_after.where(
            articles.c.pk.in_(tagged.where(terms.c.article_pk > after_pk)))
    newest = matching(newest, where).order_by(*NEWEST).limit(sa.bindparam("limit")).subquery()
    stored_after = matching(stored_after, where).where(articles.c.pk > after_pk)
    return sa.union_all(sa.select(newest), stored_after)
