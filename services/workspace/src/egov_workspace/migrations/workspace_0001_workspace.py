"""The workspace's store: who works where in which role, the cases its staff process, their
notes, registry checks and output documents, each administration's numbering, and the audit.

Revision ID: workspace_0001
Revises:
Create Date: 2026-11-27
"""

from alembic import op

revision = "workspace_0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NOTE: a person works for one administration: the eID names the person, this table where and as what.
    op.execute(
        """
        CREATE TABLE staff_members (
            person text PRIMARY KEY,
            administration_id text NOT NULL,
            name text NOT NULL,
            role text NOT NULL CHECK (role IN ('clerk', 'head_of_unit', 'admin')),
            added_at timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute("CREATE INDEX staff_members_administration ON staff_members (administration_id, name)")
    # NOTE: one row per application its staff process; `item` is the latest work item (personal
    # data). `revision` grows with every change: an action names the revision it was taken on,
    # so two employees acting at once cannot both win (optimistic concurrency).
    op.execute(
        """
        CREATE TABLE cases (
            application_id text PRIMARY KEY,
            administration_id text NOT NULL,
            service integer NOT NULL,
            reference text NOT NULL,
            state text NOT NULL,
            assignee text,
            assignee_name text,
            due_date date,
            submitted_at timestamptz NOT NULL,
            received_at timestamptz NOT NULL,
            version integer NOT NULL,
            revision integer NOT NULL DEFAULT 1,
            registration_number text,
            document_id text,
            item jsonb NOT NULL
        )
        """
    )
    # NOTE: the worklist's questions, each read from an index already in due-date order (a page
    # is its first rows, whatever the number of cases): one administration's open applications
    # (what staff look at), an assignee's or a service's open ones, those in one state, all. Closed
    # cases pile up over the years; the partial indexes hold only the open ones.
    open_states = "state IN ('accepted', 'awaiting_information', 'information_provided', 'new')"
    op.execute(f"CREATE INDEX cases_open ON cases (administration_id, due_date, application_id) WHERE {open_states}")
    op.execute(
        "CREATE INDEX cases_open_by_assignee ON cases (administration_id, assignee, due_date, application_id) "
        f"WHERE {open_states}"
    )
    op.execute(
        "CREATE INDEX cases_open_by_service ON cases (administration_id, service, due_date, application_id) "
        f"WHERE {open_states}"
    )
    op.execute("CREATE INDEX cases_by_state ON cases (administration_id, state, due_date, application_id)")
    # NOTE: the counts per state under a filter (service, assignee, due date) across all states
    # are read from these alone (index-only), not from the table.
    op.execute("CREATE INDEX cases_by_due_date ON cases (administration_id, due_date, application_id) INCLUDE (state)")
    op.execute("CREATE INDEX cases_by_service_state ON cases (administration_id, service, state)")
    op.execute("CREATE INDEX cases_by_assignee_state ON cases (administration_id, assignee, state)")
    # NOTE: every action rewrites a case's row; vacuumed sooner than by default, the worklist's
    # index-only reads stay index-only (the visibility map stays current).
    op.execute("ALTER TABLE cases SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)")
    op.execute(
        """
        CREATE TABLE case_notes (
            id bigserial PRIMARY KEY,
            application_id text NOT NULL REFERENCES cases,
            author text NOT NULL,
            author_name text NOT NULL,
            written_at timestamptz NOT NULL,
            text text NOT NULL
        )
        """
    )
    op.execute("CREATE INDEX case_notes_application ON case_notes (application_id, id)")
    op.execute(
        """
        CREATE TABLE registry_checks (
            request_id text PRIMARY KEY,
            application_id text NOT NULL REFERENCES cases,
            operation text NOT NULL,
            purpose text NOT NULL,
            legal_basis text NOT NULL,
            requested_by text NOT NULL,
            requested_at timestamptz NOT NULL,
            status text,
            answered_at timestamptz,
            data jsonb,
            error text
        )
        """
    )
    op.execute("CREATE INDEX registry_checks_application ON registry_checks (application_id, requested_at)")
    op.execute(
        """
        CREATE TABLE documents (
            document_id text PRIMARY KEY,
            application_id text NOT NULL REFERENCES cases,
            filename text NOT NULL,
            media_type text NOT NULL,
            content bytea NOT NULL,
            issued_at timestamptz NOT NULL
        )
        """
    )
    op.execute(
        """
        CREATE TABLE numbering_schemes (
            administration_id text PRIMARY KEY,
            prefix text NOT NULL,
            pattern text NOT NULL
        )
        """
    )
    # NOTE: the last number given per administration and year, raised in the transaction that
    # sends the acceptance: a rolled-back acceptance gives its number back, so there are no gaps.
    op.execute(
        """
        CREATE TABLE registration_counters (
            administration_id text NOT NULL,
            year integer NOT NULL,
            last bigint NOT NULL,
            PRIMARY KEY (administration_id, year)
        )
        """
    )
    # NOTE: who did what, when, on which application: append-only (the trigger refuses changes).
    op.execute(
        """
        CREATE TABLE audit_log (
            id bigserial PRIMARY KEY,
            at timestamptz NOT NULL,
            administration_id text NOT NULL,
            actor text,
            actor_name text NOT NULL,
            action text NOT NULL,
            application_id text,
            details jsonb NOT NULL DEFAULT '{}'
        )
        """
    )
    op.execute("CREATE INDEX audit_log_application ON audit_log (application_id, id) WHERE application_id IS NOT NULL")
    op.execute("CREATE INDEX audit_log_administration ON audit_log (administration_id, id)")
    op.execute(
        """
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit log is append-only';
        END
        $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()
        """
    )


def downgrade() -> None:
    op.execute(
        "DROP TABLE audit_log, registration_counters, numbering_schemes, documents, registry_checks, "
        "case_notes, cases, staff_members"
    )
    op.execute("DROP FUNCTION audit_log_append_only")
