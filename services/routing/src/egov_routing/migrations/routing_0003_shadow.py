"""Shadow mode: the decisions a joining administration's handler took on copies of its staff's work.

Revision ID: routing_0003
Revises: routing_0002
Create Date: 2026-11-27
"""

from alembic import op

revision = "routing_0003"
down_revision = "routing_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE shadow_decisions (
            application_id text NOT NULL,
            reply_id text NOT NULL,
            administration_id text NOT NULL,
            service integer NOT NULL,
            decision text NOT NULL,
            decided_at timestamptz NOT NULL,
            PRIMARY KEY (application_id, reply_id)
        )
        """
    )
    # NOTE: only the kind of each decision is kept (the report compares endings): not its text,
    # which may describe the applicant's case. The report reads one administration's service.
    op.execute("CREATE INDEX shadow_decisions_by_service ON shadow_decisions (administration_id, service, decided_at)")


def downgrade() -> None:
    op.execute("DROP TABLE shadow_decisions")
