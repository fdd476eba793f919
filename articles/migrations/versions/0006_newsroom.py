"""Fields of real pages and of a newsroom: the lead image, correction notes, how a story's
date was found and why it was taken down; members of members-only feeds; desk accounts and
sessions.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

from articles.schema import UTCDateTime

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("image", sa.JSON))
        batch.add_column(sa.Column("corrections", sa.JSON, nullable=False, server_default="[]"))
        batch.add_column(sa.Column("date_from", sa.String(20), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("deleted_reason", sa.Text))
    op.create_table(
        "members",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("revoked", UTCDateTime),
        sa.Column("last_seen", UTCDateTime),
        sa.Column("last_agent", sa.Text),
        sa.Column("polls", sa.BigInteger, nullable=False, server_default="0"),
    )
    op.create_table(
        "desk_accounts",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column("password_hash", sa.Text, nullable=False),
        sa.Column("must_change", sa.Boolean, nullable=False),
        sa.Column("created", UTCDateTime, nullable=False),
    )
    op.create_table(
        "desk_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("account", sa.String(100), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("created", UTCDateTime, nullable=False),
        sa.Column("expires", UTCDateTime, nullable=False),
    )
    op.create_index("ix_desk_sessions_expires", "desk_sessions", ["expires"])


def downgrade() -> None:
    op.drop_table("desk_sessions")
    op.drop_table("desk_accounts")
    op.drop_table("members")
    with op.batch_alter_table("articles") as batch:
        for name in ("deleted_reason", "date_from", "corrections", "image"):
            batch.drop_column(name)
