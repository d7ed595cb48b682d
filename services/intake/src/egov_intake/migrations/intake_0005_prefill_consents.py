"""Citizens' consents to having a service's form filled from the registries: one row per request,
recorded before the registry gateway is asked.

Revision ID: intake_0005
Revises: intake_0004
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0005"
down_revision = "intake_0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NOTE: `person` is the national eID's identifier (`PNOBG-<EGN>`): the consents are the
    # citizen's to see, newest first. `outcome` starts as `asked` and says what came of it.
    op.execute(
        """
        CREATE TABLE prefill_consents (
            id text PRIMARY KEY,
            person text NOT NULL,
            administration_id text NOT NULL,
            service integer NOT NULL,
            fields text[] NOT NULL,
            operations text[] NOT NULL,
            given_at timestamptz NOT NULL,
            outcome text NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX prefill_consents_person ON prefill_consents (person, given_at DESC)")


def downgrade() -> None:
    op.execute("DROP TABLE prefill_consents")
