"""Deliveries by e-mail, SMS, e-Delivery and webhooks, on a durable retry schedule.

A notice waits for its channels to be chosen (`choose_at`); it then holds the contacts its
channels need (`contacts`) until every one of them has ended. Each delivery is one channel to
one target, tried when `due_at` comes.

Revision ID: notifications_0003
Revises: notifications_0002
Create Date: 2026-11-27
"""

from alembic import op

revision = "notifications_0003"
down_revision = "notifications_0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        ALTER TABLE notifications
            ADD COLUMN service integer,
            ADD COLUMN service_version integer,
            ADD COLUMN occurred_at timestamptz,
            ADD COLUMN details jsonb NOT NULL DEFAULT '{}',
            ADD COLUMN choose_at timestamptz,
            ADD COLUMN choose_attempt integer NOT NULL DEFAULT 0,
            ADD COLUMN plan text[] NOT NULL DEFAULT '{}',
            ADD COLUMN contacts jsonb,
            ADD COLUMN redrives integer NOT NULL DEFAULT 0
        """
    )
    # NOTE: predicates literal, so that the planner always uses the partial index (ADR 0006).
    op.execute("CREATE INDEX notifications_to_choose ON notifications (choose_at) WHERE choose_at IS NOT NULL")
    op.execute(
        """
        CREATE TABLE deliveries (
            notification_id text NOT NULL REFERENCES notifications (id),
            channel text NOT NULL,
            target text NOT NULL DEFAULT '',
            application_id text NOT NULL,
            administration_id text NOT NULL,
            status text NOT NULL,
            attempt integer NOT NULL DEFAULT 0,
            due_at timestamptz,
            provider_reference text,
            detail text,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            delivered_at timestamptz,
            opened_at timestamptz,
            PRIMARY KEY (notification_id, channel, target)
        )
        """
    )
    op.execute("CREATE INDEX deliveries_due ON deliveries (due_at) WHERE due_at IS NOT NULL")
    op.execute(
        "CREATE INDEX deliveries_dead ON deliveries (administration_id, updated_at) WHERE status = 'dead_lettered'"
    )
    op.execute("CREATE INDEX deliveries_dead_by_time ON deliveries (updated_at) WHERE status = 'dead_lettered'")
    op.execute(
        """
        CREATE TABLE webhook_subscriptions (
            id text PRIMARY KEY,
            administration_id text NOT NULL,
            url text NOT NULL,
            secret text NOT NULL,
            states text[] NOT NULL,
            description text NOT NULL DEFAULT '',
            active boolean NOT NULL DEFAULT true,
            consecutive_failures integer NOT NULL DEFAULT 0,
            created_at timestamptz NOT NULL,
            disabled_at timestamptz
        )
        """
    )
    op.execute("CREATE INDEX webhook_subscriptions_active ON webhook_subscriptions (administration_id) WHERE active")
    op.execute(
        """
        CREATE TABLE template_overrides (
            administration_id text NOT NULL,
            service integer NOT NULL,
            state text NOT NULL,
            language text NOT NULL,
            source text NOT NULL,
            updated_at timestamptz NOT NULL,
            updated_by text NOT NULL,
            PRIMARY KEY (administration_id, service, state, language)
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE template_overrides")
    op.execute("DROP TABLE webhook_subscriptions")
    op.execute("DROP TABLE deliveries")
    op.execute("DROP INDEX notifications_to_choose")
    op.execute(
        """
        ALTER TABLE notifications
            DROP COLUMN service, DROP COLUMN service_version, DROP COLUMN occurred_at, DROP COLUMN details,
            DROP COLUMN choose_at, DROP COLUMN choose_attempt, DROP COLUMN plan, DROP COLUMN contacts,
            DROP COLUMN redrives
        """
    )
