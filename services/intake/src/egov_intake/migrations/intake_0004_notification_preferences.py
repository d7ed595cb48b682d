"""How each applicant wants to be told about the application (notifications reads it by claim check).

Revision ID: intake_0004
Revises: intake_0003
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0004"
down_revision = "intake_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE applications ADD COLUMN preferences jsonb NOT NULL DEFAULT '{}'")


def downgrade() -> None:
    op.execute("ALTER TABLE applications DROP COLUMN preferences")
