"""Submitted applications in intake's database: the submission, and the citizen's status view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import asyncpg

from egov_intake.domain.idempotency import IdempotencyKey, KeyTaken

if TYPE_CHECKING:
    from egov_intake.domain.model import Submission
    from egov_schemas.lifecycle import StateTransition
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

_INSERT = """
application AS (
    INSERT INTO applications
        (id, administration_id, service, service_version, tier, applicant, form, submitted_at, status, sequence)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
    RETURNING id, submitted_at, status, sequence
),
history AS (
    INSERT INTO status_history (application_id, sequence, state, at)
    SELECT id, sequence, status, submitted_at FROM application
)"""
_INSERT_WITH_KEY = (
    _INSERT
    + """,
idempotency AS (
    INSERT INTO idempotency_keys (key, fingerprint, application_id) SELECT $11, $12, id FROM application
)"""
)


_RECORD = """
WITH step AS (
    INSERT INTO status_history (application_id, sequence, state, at, detail)
    SELECT id, $2, $3, $4, $5 FROM applications WHERE id = $1
    ON CONFLICT DO NOTHING
    RETURNING application_id
)
UPDATE applications SET status = $3, sequence = $2 WHERE id IN (SELECT application_id FROM step) AND sequence < $2
"""


class ApplicationRepository:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def add(
        self, application: Submission, records: list[KafkaRecord], idempotency: IdempotencyKey | None = None
    ) -> None:
        """Store the application and its first events in one statement: durable before we answer.
        Raises `KeyTaken` when a concurrent submission took the same idempotency key."""
        args = [
            application.id,
            application.administration_id,
            application.service,
            application.service_version,
            application.tier,
            application.applicant,
            application.form,
            application.submitted_at,
            application.status,
            application.sequence,
        ]
        if idempotency is None:
            await self._outbox.add_with(_INSERT, args, records)
            return
        try:
            await self._outbox.add_with(_INSERT_WITH_KEY, [*args, idempotency.key, idempotency.fingerprint], records)
        except asyncpg.UniqueViolationError as exc:
            if exc.table_name != "idempotency_keys":
                raise
            raise KeyTaken(idempotency.key) from exc

    async def by_key(self, key: str) -> tuple[bytes, str] | None:
        """The fingerprint and application of an idempotency key, if it was used."""
        row = await self._store.fetchrow("SELECT fingerprint, application_id FROM idempotency_keys WHERE key = $1", key)
        return (bytes(row["fingerprint"]), str(row["application_id"])) if row is not None else None

    async def get(self, application_id: str) -> dict[str, Any] | None:
        """The citizen's status view: no personal data."""
        row = await self._store.fetchrow(
            """
            SELECT id, administration_id, service, service_version, tier, status, submitted_at,
                   (SELECT jsonb_agg(jsonb_build_object('state', state, 'at', at, 'detail', detail) ORDER BY sequence)
                    FROM status_history WHERE application_id = applications.id) AS history
            FROM applications WHERE id = $1
            """,
            application_id,
        )
        return dict(row) if row is not None else None

    async def record_transition(self, event: StateTransition, detail: dict[str, Any]) -> None:
        """Add a lifecycle event to the history; the status follows the latest one."""
        await self._store.write(
            _RECORD, event.application_id, event.sequence, event.state.value, event.occurred_at, detail
        )
