"""An index on articles.updated: each batch the store saves looks up which of its `updated`
instants other stories already hold, and without it that read the whole table.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_updated", "articles", ["updated"])


def downgrade() -> None:
    op.drop_index("ix_articles_updated", "articles")
