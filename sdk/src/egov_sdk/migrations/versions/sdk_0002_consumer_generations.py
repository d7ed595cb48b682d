"""Each projection's generation: counted up when an operator replays it from its topic.

Revision ID: sdk_0002
Revises: sdk_0001
Create Date: 2026-11-27
"""

from alembic import op

revision = "sdk_0002"
down_revision = "sdk_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE consumer_generations (
            consumer text PRIMARY KEY,
            generation integer NOT NULL,
            replayed_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE consumer_generations")
