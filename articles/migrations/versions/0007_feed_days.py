"""Each feed's polls, 304s and subscribers per day, for the desk's chart of the last days.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_days",
        sa.Column("feed", sa.String(100), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("polls", sa.BigInteger, nullable=False),
        sa.Column("not_modified", sa.BigInteger, nullable=False),
        sa.Column("subscribers", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("feed_days")
