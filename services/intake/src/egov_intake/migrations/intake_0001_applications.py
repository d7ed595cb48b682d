"""Intake's applications: the submission (with the applicant's personal data) and the citizen's
status view, its history one row per lifecycle event.

Revision ID: intake_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0001"
down_revision = None
branch_labels = ("intake",)
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE applications (
            id text PRIMARY KEY,
            administration_id text NOT NULL,
            service integer NOT NULL,
            service_version integer NOT NULL,
            tier text NOT NULL,
            applicant jsonb NOT NULL,
            form jsonb NOT NULL,
            submitted_at timestamptz NOT NULL,
            status text NOT NULL,
            sequence integer NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX applications_administration_status ON applications (administration_id, status)")
    # NOTE: keyed by sequence, so a lifecycle event that arrives late still takes its place.
    op.execute(
        """
        CREATE TABLE status_history (
            application_id text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
            sequence integer NOT NULL,
            state text NOT NULL,
            at timestamptz NOT NULL,
            detail jsonb NOT NULL DEFAULT '{}',
            PRIMARY KEY (application_id, sequence)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE status_history")
    op.execute("DROP TABLE applications")
