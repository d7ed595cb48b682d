"""Routing's record of each application: where it stands in the lifecycle and when it is due.

Revision ID: routing_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "routing_0001"
down_revision = None
branch_labels = ("routing",)
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE applications (
            id text PRIMARY KEY,
            administration_id text NOT NULL,
            service integer NOT NULL,
            service_version integer NOT NULL,
            submitted_at timestamptz NOT NULL,
            state text NOT NULL,
            sequence integer NOT NULL,
            due_date date,
            updated_at timestamptz NOT NULL
        )
        """
    )
    # NOTE: what deadline tracking and the staff worklist ask: one administration's open
    # applications by state and due date.
    op.execute(
        "CREATE INDEX applications_administration_state_due ON applications (administration_id, state, due_date)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE applications")
