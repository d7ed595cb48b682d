"""The audit log of every registry access.

Revision ID: registry_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "registry_0001"
down_revision = None
branch_labels = ("registry",)
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE registry_audit (
            id text PRIMARY KEY,
            administration_id text NOT NULL,
            application_id text,
            operation text NOT NULL,
            subject jsonb NOT NULL,
            legal_basis text NOT NULL,
            requested_by text NOT NULL,
            requested_at timestamptz NOT NULL,
            status text NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX registry_audit_administration ON registry_audit (administration_id, requested_at DESC)")


def downgrade() -> None:
    op.execute("DROP TABLE registry_audit")
