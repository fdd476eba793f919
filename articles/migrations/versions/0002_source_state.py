"""Upstream sources: per-source polling state, and first-seen times of undated entries.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

import articles.source_state  # noqa: F401  (declares these tables in the store's metadata)
from articles.schema import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "source_state",
        sa.Column("name", sa.String(200), primary_key=True),
        sa.Column("config_url", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("etag", sa.Text, nullable=False),
        sa.Column("last_modified", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("http_status", sa.Integer),
        sa.Column("last_fetch", UTCDateTime),
        sa.Column("last_success", UTCDateTime),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("entries", sa.Integer, nullable=False),
        sa.Column("next_run", UTCDateTime),
        sa.Column("not_before", UTCDateTime),
    )
    op.create_table(
        "source_first_seen",
        sa.Column("source", sa.String(200), primary_key=True),
        sa.Column("entry_key", sa.String(64), primary_key=True),
        sa.Column("seen", UTCDateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("source_first_seen")
    op.drop_table("source_state")
