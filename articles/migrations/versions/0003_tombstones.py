"""Deleted articles stay as tombstones: their id and slug are never reused.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

from articles.schema import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("deleted", UTCDateTime))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("deleted")
