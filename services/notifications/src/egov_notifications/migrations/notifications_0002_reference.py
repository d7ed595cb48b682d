"""Each notice quotes the application's reference number.

Revision ID: notifications_0002
Revises: notifications_0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "notifications_0002"
down_revision = "notifications_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE notifications ADD COLUMN reference text")


def downgrade() -> None:
    op.execute("ALTER TABLE notifications DROP COLUMN reference")
