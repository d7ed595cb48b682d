"""RegiX calls queued until answered, a hash-chained append-only audit of accesses, a cache.

- `registry_audit` becomes `registry_calls`: each request, due to be called (`due_at`) until it
  is answered, with RegiX's call id once `Execute` gave one, and the reply sent (kept a while, to
  answer a request asked again).
- `registry_access_log`: one entry per access (or refusal), per administration a hash chain whose
  head is `registry_access_heads`; a trigger refuses UPDATE, DELETE and TRUNCATE.
- `registry_cache`: answers of operations with a time to live (never a person's data).

Revision ID: registry_0003
Revises: registry_0002
Create Date: 2026-11-27
"""

from alembic import op

revision = "registry_0003"
down_revision = "registry_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE registry_audit RENAME TO registry_calls")
    op.execute("ALTER INDEX registry_audit_administration RENAME TO registry_calls_administration")
    op.execute("ALTER TABLE registry_calls RENAME COLUMN legal_basis TO law_reason")
    op.execute("ALTER TABLE registry_calls ALTER COLUMN law_reason DROP NOT NULL")
    op.execute(
        """
        ALTER TABLE registry_calls
            ADD COLUMN service integer,
            ADD COLUMN purpose text,
            ADD COLUMN arguments jsonb,
            ADD COLUMN subject_ref text,
            ADD COLUMN service_call_id text,
            ADD COLUMN attempt integer NOT NULL DEFAULT 0,
            ADD COLUMN due_at timestamptz,
            ADD COLUMN reply jsonb
        """
    )
    # NOTE: calls left `calling` by the earlier design were never answered; none will be now.
    op.execute("UPDATE registry_calls SET status = 'interrupted', completed_at = now() WHERE completed_at IS NULL")
    op.execute("CREATE INDEX registry_calls_due ON registry_calls (due_at) WHERE due_at IS NOT NULL")
    op.execute("CREATE INDEX registry_calls_replies_kept ON registry_calls (completed_at) WHERE reply IS NOT NULL")
    op.execute(
        """
        CREATE TABLE registry_access_log (
            administration_id text NOT NULL,
            seq bigint NOT NULL,
            request_id text NOT NULL,
            application_id text,
            service integer,
            operation text NOT NULL,
            subject_ref text NOT NULL,
            subject_masked text NOT NULL,
            law_reason text,
            purpose text NOT NULL,
            requested_by text NOT NULL,
            requested_at timestamptz NOT NULL,
            answered_at timestamptz NOT NULL,
            outcome text NOT NULL,
            detail text,
            cached boolean NOT NULL,
            previous_hash text NOT NULL,
            hash text NOT NULL,
            PRIMARY KEY (administration_id, seq)
        )
        """
    )
    op.execute("CREATE INDEX registry_access_log_subject ON registry_access_log (subject_ref, answered_at DESC)")
    op.execute("CREATE INDEX registry_access_log_latest ON registry_access_log (administration_id, answered_at DESC)")
    op.execute(
        "CREATE TABLE registry_access_heads "
        "(administration_id text PRIMARY KEY, seq bigint NOT NULL, hash text NOT NULL)"
    )
    op.execute(
        """
        CREATE FUNCTION registry_access_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'registry_access_log is append-only: % refused', TG_OP;
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER registry_access_log_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON registry_access_log
        FOR EACH STATEMENT EXECUTE FUNCTION registry_access_log_is_append_only()
        """
    )
    op.execute(
        "CREATE TABLE registry_cache (key text PRIMARY KEY, data jsonb NOT NULL, expires_at timestamptz NOT NULL)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE registry_cache")
    op.execute("DROP TABLE registry_access_log")
    op.execute("DROP FUNCTION registry_access_log_is_append_only")
    op.execute("DROP TABLE registry_access_heads")
    op.execute("DROP INDEX registry_calls_replies_kept")
    op.execute("DROP INDEX registry_calls_due")
    op.execute(
        """
        ALTER TABLE registry_calls
            DROP COLUMN service, DROP COLUMN purpose, DROP COLUMN arguments, DROP COLUMN subject_ref,
            DROP COLUMN service_call_id, DROP COLUMN attempt, DROP COLUMN due_at, DROP COLUMN reply
        """
    )
    op.execute("UPDATE registry_calls SET law_reason = '' WHERE law_reason IS NULL")
    op.execute("ALTER TABLE registry_calls ALTER COLUMN law_reason SET NOT NULL")
    op.execute("ALTER TABLE registry_calls RENAME COLUMN law_reason TO legal_basis")
    op.execute("ALTER INDEX registry_calls_administration RENAME TO registry_audit_administration")
    op.execute("ALTER TABLE registry_calls RENAME TO registry_audit")
