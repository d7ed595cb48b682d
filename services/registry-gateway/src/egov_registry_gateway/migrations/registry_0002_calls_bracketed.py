"""Registry calls recorded before they are made; request ids scoped per administration.

Revision ID: registry_0002
Revises: registry_0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "registry_0002"
down_revision = "registry_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE registry_audit DROP CONSTRAINT registry_audit_pkey")
    op.execute("ALTER TABLE registry_audit ADD PRIMARY KEY (administration_id, id)")
    op.execute("ALTER TABLE registry_audit ADD COLUMN completed_at timestamptz")
    op.execute("UPDATE registry_audit SET completed_at = requested_at")


def downgrade() -> None:
    op.execute("ALTER TABLE registry_audit DROP COLUMN completed_at")
    op.execute("ALTER TABLE registry_audit DROP CONSTRAINT registry_audit_pkey")
    op.execute("ALTER TABLE registry_audit ADD PRIMARY KEY (id)")
