"""The store's tables (SQLAlchemy Core). Alembic migrations in `migrations/` build them;
`tests/test_migrations.py` checks the two agree."""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa


class UTCDateTime(sa.TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every engine."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=UTC)


metadata = sa.MetaData()

articles = sa.Table(
    "articles",
    metadata,
    sa.Column("pk", sa.Integer, primary_key=True),  # ingest order
    sa.Column("id", sa.String(512), nullable=False, unique=True),  # the published id
    sa.Column("external_id", sa.String(512), unique=True),  # the id it came with, if any
    sa.Column("slug", sa.String(200), nullable=False, unique=True),
    sa.Column("dedupe_key", sa.String(64), nullable=False, unique=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("content_html", sa.Text, nullable=False),
    sa.Column("published", UTCDateTime, nullable=False),
    sa.Column("updated", UTCDateTime, nullable=False),
    sa.Column("authors", sa.JSON, nullable=False),
    sa.Column("source", sa.String(200), nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text, nullable=False),
    sa.Column("cites", sa.JSON, nullable=False),
    sa.Column("link", sa.Text, nullable=False),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("language", sa.String(35), nullable=False),
    sa.Column("enclosures", sa.JSON, nullable=False),
    sa.Column("origin", sa.Text, nullable=False),
    # When it was deleted: the row stays as a tombstone, so its id and slug are never given
    # to another story and the same story sent again is refused (migration 0003).
    sa.Column("deleted", UTCDateTime),
    # The store revision of its last edit or deletion, 0 before any: a publisher finds the
    # archive pages to render again from it (migration 0005).
    sa.Column("revised", sa.BigInteger, nullable=False, server_default="0"),
    # Migration 0006: the lead image (`Image` as a dict), the correction notes
    # ([{"note", "at"}]), how `published` was found, and why a story was taken down.
    sa.Column("image", sa.JSON),
    sa.Column("corrections", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("date_from", sa.String(20), nullable=False, server_default=""),
    sa.Column("deleted_reason", sa.Text),
    sa.Index("ix_articles_newest", "published", "pk"),
    sa.Index("ix_articles_revised", "revised"),
    # A story takes an `updated` instant no other live story holds (`Store.save`): the
    # instants a batch asks for are looked up along this index (migration 0008).
    sa.Index("ix_articles_updated", "updated"),
)

# One row per (kind, value) an article can be filtered by: tag, author, source; lower case.
terms = sa.Table(
    "article_terms",
    metadata,
    sa.Column("kind", sa.String(10), primary_key=True),
    sa.Column("value", sa.String(200), primary_key=True),
    sa.Column(
        "article_pk", sa.Integer, sa.ForeignKey("articles.pk", ondelete="CASCADE"), primary_key=True
    ),
)

state = sa.Table(
    "store_state",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.BigInteger, nullable=False),
)

# Who reads each feed (`feeds.readers`): one row per aggregator and feed-id, or per other
# reader (a hash of client address + User-Agent); pruned after 24 hours (migration 0004).
feed_readers = sa.Table(
    "feed_readers",
    metadata,
    sa.Column("feed", sa.String(100), primary_key=True),
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(10), nullable=False),  # "aggregator" or "reader"
    sa.Column("name", sa.String(100), nullable=False),  # "Feedly", "NetNewsWire"
    sa.Column("subscribers", sa.Integer, nullable=False),  # the latest announced, or 1
    sa.Column("polls", sa.BigInteger, nullable=False),
    sa.Column("not_modified", sa.BigInteger, nullable=False),  # polls answered 304
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Index("ix_feed_readers_last_seen", "last_seen"),
)

# Each feed's day (UTC): its polls, those answered 304, and the most subscribers counted
# over the 24 hours before a flush that day; kept `feeds.readers.HISTORY` (migration 0007).
feed_days = sa.Table(
    "feed_days",
    metadata,
    sa.Column("feed", sa.String(100), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("polls", sa.BigInteger, nullable=False),
    sa.Column("not_modified", sa.BigInteger, nullable=False),
    sa.Column("subscribers", sa.Integer, nullable=False),
)

# Members of members-only feeds (migration 0006): a personal key, stored as its SHA-256.
members = sa.Table(
    "members",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("revoked", UTCDateTime),
    sa.Column("last_seen", UTCDateTime),
    sa.Column("last_agent", sa.Text),
    sa.Column("polls", sa.BigInteger, nullable=False, server_default="0"),
)

# Desk accounts and sign-in sessions (migration 0006); secrets are stored hashed.
desk_accounts = sa.Table(
    "desk_accounts",
    metadata,
    sa.Column("name", sa.String(100), primary_key=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("must_change", sa.Boolean, nullable=False),  # a one-time password, not yet set
    sa.Column("created", UTCDateTime, nullable=False),
)

desk_sessions = sa.Table(
    "desk_sessions",
    metadata,
    sa.Column("id_hash", sa.String(64), primary_key=True),
    sa.Column("account", sa.String(100), nullable=False),  # a desk account, or "token:…"
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("created", UTCDateTime, nullable=False),
    sa.Column("expires", UTCDateTime, nullable=False),
    sa.Index("ix_desk_sessions_expires", "expires"),
)
