"""The whole lifecycle: reference and registration numbers, paused deadlines, reminders sent once,
the work item kept for its next version, payments, and the days moved by decree.

Revision ID: routing_0002
Revises: routing_0001
Create Date: 2026-11-27
"""

from alembic import op

from egov_sdk.migrate import give_references

revision = "routing_0002"
down_revision = "routing_0001"
branch_labels = None
depends_on = None

# NOTE: the scheduler's indexes hold only applications whose term runs and whose reminder is not
# yet sent, so each check reads what is left to do, however many overdue ones were told before.
# Its queries repeat these predicates literally (a parameter could not match an index predicate).
TERM_RUNS = "state IN ('routed', 'paid', 'accepted', 'info_provided')"
REMINDER_DUE = f"{TERM_RUNS} AND approaching_for IS DISTINCT FROM due_date"
OVERDUE_DUE = f"{TERM_RUNS} AND overdue_for IS DISTINCT FROM due_date"


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE applications
            ADD COLUMN reference text,
            ADD COLUMN registration_number text,
            ADD COLUMN paused_on date,
            ADD COLUMN paused_working_days integer NOT NULL DEFAULT 0,
            ADD COLUMN approaching_for date,
            ADD COLUMN overdue_for date,
            ADD COLUMN withdrawal_acknowledged_at timestamptz
        """
    )
    give_references("applications")
    op.execute("ALTER TABLE applications ALTER COLUMN reference SET NOT NULL")
    op.execute("CREATE UNIQUE INDEX applications_reference ON applications (reference)")
    op.execute(f"CREATE INDEX applications_reminder_due ON applications (due_date) WHERE {REMINDER_DUE}")
    op.execute(f"CREATE INDEX applications_overdue_due ON applications (due_date) WHERE {OVERDUE_DUE}")

    # NOTE: the latest work item (with the applicant's data) is kept only while the application is
    # open: it is delivered when the fee is paid, and again, as a new version, after each answer.
    op.execute(
        """
        CREATE TABLE work_items (
            application_id text PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
            version integer NOT NULL,
            delivered boolean NOT NULL,
            item jsonb NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE payments (
            application_id text PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
            status text NOT NULL,
            request_id text UNIQUE,
            access_code text,
            amount numeric(12, 2) NOT NULL,
            expires_at timestamptz NOT NULL,
            term_days integer NOT NULL,
            term_working_days boolean NOT NULL,
            attempts integer NOT NULL DEFAULT 0,
            next_attempt_at timestamptz NOT NULL,
            last_error text,
            updated_at timestamptz NOT NULL
        )
        """
    )
    # NOTE: the payment desk's rounds (every second) read only what waits: one index per status.
    for status, column in (
        ("requesting", "next_attempt_at"),
        ("suspending", "next_attempt_at"),
        ("pending", "updated_at"),
    ):
        op.execute(f"CREATE INDEX payments_{status} ON payments ({column}) WHERE status = '{status}'")
    op.execute(
        """
        CREATE TABLE decree_days (
            day date PRIMARY KEY,
            working boolean NOT NULL,
            note text NOT NULL,
            changed_at timestamptz NOT NULL
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE decree_days")
    op.execute("DROP TABLE payments")
    op.execute("DROP TABLE work_items")
    op.execute("DROP INDEX applications_overdue_due")
    op.execute("DROP INDEX applications_reminder_due")
    op.execute("DROP INDEX applications_reference")
    op.execute(
        """
        ALTER TABLE applications
            DROP COLUMN reference, DROP COLUMN registration_number, DROP COLUMN paused_on,
            DROP COLUMN paused_working_days, DROP COLUMN approaching_for, DROP COLUMN overdue_for,
            DROP COLUMN withdrawal_acknowledged_at
        """
    )
