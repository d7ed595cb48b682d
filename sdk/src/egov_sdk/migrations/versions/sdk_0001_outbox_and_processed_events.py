"""The SDK's tables in every service's database: the outbox, what it set aside, and the
consumers' record of handled events.

Revision ID: sdk_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "sdk_0001"
down_revision = None
branch_labels = ("sdk",)
depends_on = None


def upgrade() -> None:
    # NOTE: the identity id orders the records; the relay sends them in that order per key.
    op.execute(
        """
        CREATE TABLE outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            topic text NOT NULL,
            key text,
            value bytea,
            headers jsonb NOT NULL,
            trace jsonb NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE outbox_set_aside (
            id bigint PRIMARY KEY,
            topic text NOT NULL,
            key text,
            value bytea,
            headers jsonb NOT NULL,
            created_at timestamptz NOT NULL,
            reason text NOT NULL,
            set_aside_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        """
        CREATE TABLE processed_events (
            consumer text NOT NULL,
            event_id text NOT NULL,
            handled_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (consumer, event_id)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE processed_events")
    op.execute("DROP TABLE outbox_set_aside")
    op.execute("DROP TABLE outbox")
