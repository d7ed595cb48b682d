"""Idempotency keys of submissions: a retried POST gets the first one's application.

Revision ID: intake_0002
Revises: intake_0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0002"
down_revision = "intake_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE idempotency_keys (
            key text PRIMARY KEY,
            fingerprint bytea NOT NULL,
            application_id text NOT NULL REFERENCES applications (id),
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE idempotency_keys")
