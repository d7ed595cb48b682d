"""Notifications: one row per lifecycle event that warrants one.

Revision ID: notifications_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "notifications_0001"
down_revision = None
branch_labels = ("notifications",)
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE notifications (
            id text PRIMARY KEY,
            application_id text NOT NULL,
            administration_id text NOT NULL,
            state text NOT NULL,
            template text NOT NULL,
            language text NOT NULL,
            channel text NOT NULL,
            status text NOT NULL,
            created_at timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX notifications_application ON notifications (application_id, created_at)")


def downgrade() -> None:
    op.execute("DROP TABLE notifications")
