"""Each article remembers the store revision of its last edit or deletion, so a rebuild
finds the archive pages an edit or a deletion changed without reading them all.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("revised", sa.BigInteger, nullable=False,
                                        server_default="0"))
    op.create_index("ix_articles_revised", "articles", ["revised"])


def downgrade() -> None:
    op.drop_index("ix_articles_revised", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("revised")
