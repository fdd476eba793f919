"""Articles, their filter terms, and the store's revision counter.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from articles.schema import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("id", sa.String(512), nullable=False, unique=True),
        sa.Column("external_id", sa.String(512), unique=True),
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
    )
    op.create_index("ix_articles_newest", "articles", ["published", "pk"])
    op.create_table(
        "article_terms",
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("value", sa.String(200), primary_key=True),
        sa.Column(
            "article_pk",
            sa.Integer,
            sa.ForeignKey("articles.pk", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    state = op.create_table(
        "store_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.BigInteger, nullable=False),
    )
    op.bulk_insert(state, [{"key": "revision", "value": 0}])


def downgrade() -> None:
    op.drop_table("store_state")
    op.drop_table("article_terms")
    op.drop_index("ix_articles_newest", "articles")
    op.drop_table("articles")
