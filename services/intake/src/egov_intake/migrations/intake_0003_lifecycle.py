"""Reference numbers, the citizen's answers to information requests with their attachments, and
withdrawals.

Revision ID: intake_0003
Revises: intake_0002
Create Date: 2026-11-27
"""

from alembic import op

from egov_sdk.migrate import give_references

revision = "intake_0003"
down_revision = "intake_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE applications ADD COLUMN reference text")
    give_references("applications")
    op.execute("ALTER TABLE applications ALTER COLUMN reference SET NOT NULL")
    op.execute("CREATE UNIQUE INDEX applications_reference ON applications (reference)")
    # NOTE: one answer per request: a second one (a double click) is refused, not sent twice.
    op.execute(
        """
        CREATE TABLE information_answers (
            application_id text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
            request_sequence integer NOT NULL,
            answered_at timestamptz NOT NULL,
            PRIMARY KEY (application_id, request_sequence)
        )
        """
    )
    op.execute(
        """
        CREATE TABLE attachments (
            id text PRIMARY KEY,
            application_id text NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
            key text NOT NULL,
            filename text NOT NULL,
            media_type text NOT NULL,
            size integer NOT NULL,
            sha256 text NOT NULL,
            content bytea NOT NULL,
            created_at timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX attachments_application ON attachments (application_id)")
    op.execute(
        """
        CREATE TABLE withdrawals (
            application_id text PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
            requested_at timestamptz NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE withdrawals")
    op.execute("DROP TABLE attachments")
    op.execute("DROP TABLE information_answers")
    op.execute("DROP INDEX applications_reference")
    op.execute("ALTER TABLE applications DROP COLUMN reference")
