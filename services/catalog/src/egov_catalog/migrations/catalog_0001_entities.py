"""Catalog entities: one row per administration, service (all its versions) and package.

The entity's fields vary by kind and live in a JSONB document; its key, kind, order and
revision (the ETag of optimistic updates) are columns.

Revision ID: catalog_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "catalog_0001"
down_revision = None
branch_labels = ("catalog",)
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE entities (
            key text PRIMARY KEY,
            kind text NOT NULL,
            sort_key text NOT NULL,
            revision integer NOT NULL,
            updated_at timestamptz NOT NULL,
            document jsonb NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX entities_kind_sort ON entities (kind, sort_key)")


def downgrade() -> None:
    op.execute("DROP TABLE entities")
