"""Who reads each feed: aggregators' announced subscribers and other readers, for 24 hours.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from articles.schema import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_readers",
        sa.Column("feed", sa.String(100), primary_key=True),
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("subscribers", sa.Integer, nullable=False),
        sa.Column("polls", sa.BigInteger, nullable=False),
        sa.Column("not_modified", sa.BigInteger, nullable=False),
        sa.Column("last_seen", UTCDateTime, nullable=False),
    )
    op.create_index("ix_feed_readers_last_seen", "feed_readers", ["last_seen"])


def downgrade() -> None:
    op.drop_index("ix_feed_readers_last_seen", "feed_readers")
    op.drop_table("feed_readers")
