"""The portal: whose an application is (the person logged in with eID who filed it), the company
filed for, drafts being filled in, and attached files kept in the blob store by SHA-256.

Revision ID: intake_0006
Revises: intake_0005
Create Date: 2026-11-27
"""

from alembic import op

revision = "intake_0006"
down_revision = "intake_0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NOTE: `person` is the EGN the national eID vouched for (none for an anonymous API submission):
    # "my applications" lists by it, newest first.
    op.execute("ALTER TABLE applications ADD COLUMN person text, ADD COLUMN represented jsonb")
    op.execute("CREATE INDEX applications_person ON applications (person, submitted_at DESC) WHERE person IS NOT NULL")
    # NOTE: files attached from now on are in the blob store (by `sha256`); rows stored before keep
    # their bytes here.
    op.execute("ALTER TABLE attachments ALTER COLUMN content DROP NOT NULL")
    # NOTE: the sweep of unreferenced blobs asks which hashes are still named.
    op.execute("CREATE INDEX attachments_sha256 ON attachments (sha256)")
    op.execute(
        """
        CREATE TABLE drafts (
            id text PRIMARY KEY,
            person text NOT NULL,
            administration_id text NOT NULL,
            service integer NOT NULL,
            tier text NOT NULL DEFAULT 'ordinary',
            form jsonb NOT NULL DEFAULT '{}',
            represented jsonb,
            email text,
            uploads jsonb NOT NULL DEFAULT '[]',
            updated_at timestamptz NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX drafts_person ON drafts (person)")
    op.execute("CREATE INDEX drafts_updated ON drafts (updated_at)")


def downgrade() -> None:
    op.execute("DROP TABLE drafts")
    op.execute("DROP INDEX attachments_sha256")
    op.execute("ALTER TABLE attachments ALTER COLUMN content SET NOT NULL")
    op.execute("DROP INDEX applications_person")
    op.execute("ALTER TABLE applications DROP COLUMN person, DROP COLUMN represented")
