"""Submitted applications in intake's database: the submission, and the citizen's status view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import asyncpg

from egov_intake.domain.idempotency import IdempotencyKey, KeyTaken
from egov_intake.domain.model import StoredFile
from egov_sdk.store import affected


class ReferenceTaken(Exception):
    """The reference number drawn for a new application is another's already (draw again)."""


class AlreadyAnswered(Exception):
    """The information request has an answer already."""


if TYPE_CHECKING:
    import datetime as dt

    from egov_intake.domain.model import Submission
    from egov_schemas.lifecycle import StateTransition
    from egov_schemas.work import AttachedFile
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

_INSERT = """
application AS (
    INSERT INTO applications
        (id, administration_id, service, service_version, tier, applicant, form, submitted_at, status, sequence,
         reference, preferences, person, represented)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
    RETURNING id, submitted_at, status, sequence
),
history AS (
    INSERT INTO status_history (application_id, sequence, state, at)
    SELECT id, sequence, status, submitted_at FROM application
),
files AS (
    INSERT INTO attachments (id, application_id, key, filename, media_type, size, sha256, created_at)
    SELECT file.id, application.id, file.key, file.filename, file.media_type, file.size, file.sha256,
           application.submitted_at
    FROM application, jsonb_to_recordset($15::jsonb)
        AS file (id text, key text, filename text, media_type text, size integer, sha256 text)
)"""
_INSERT_WITH_KEY = (
    _INSERT
    + """,
idempotency AS (
    INSERT INTO idempotency_keys (key, fingerprint, application_id) SELECT $16, $17, id FROM application
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


_FILE_COLUMNS = {"id", "key", "filename", "media_type", "size", "sha256"}


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
            application.reference,
            application.preferences,
            application.person,
            application.represented,
            [
                file.model_dump(include={"id", "key", "filename", "media_type", "size", "sha256"})
                for file in application.attachments
            ],
        ]
        try:
            if idempotency is None:
                await self._outbox.add_with(_INSERT, args, records)
                return
            await self._outbox.add_with(_INSERT_WITH_KEY, [*args, idempotency.key, idempotency.fingerprint], records)
        except asyncpg.UniqueViolationError as exc:
            if exc.constraint_name == "applications_reference":
                raise ReferenceTaken(application.reference) from exc
            if idempotency is None or exc.table_name != "idempotency_keys":
                raise
            raise KeyTaken(idempotency.key) from exc

    async def by_key(self, key: str) -> tuple[bytes, str, str] | None:
        """The fingerprint, application and reference number of an idempotency key, if it was used."""
        row = await self._store.fetchrow(
            """
            SELECT fingerprint, application_id,
                   (SELECT reference FROM applications WHERE id = idempotency_keys.application_id) AS reference
            FROM idempotency_keys WHERE key = $1
            """,
            key,
        )
        if row is None:
            return None
        return bytes(row["fingerprint"]), str(row["application_id"]), str(row["reference"])

    async def get(self, application_id: str) -> dict[str, Any] | None:
        """The citizen's status view: no personal data."""
        row = await self._store.fetchrow(
            """
            SELECT id, reference, administration_id, service, service_version, tier, status, submitted_at,
                   (SELECT jsonb_agg(
                        jsonb_build_object('sequence', sequence, 'state', state, 'at', at, 'detail', detail)
                        ORDER BY sequence)
                    FROM status_history WHERE application_id = applications.id) AS history
            FROM applications WHERE id = $1
            """,
            application_id,
        )
        return dict(row) if row is not None else None

    async def forget_transitions(self) -> None:
        """Back to what intake itself stored: each application as submitted (sequence 1), with no
        later step (the status view's replay then records them again from the lifecycle log)."""
        await self._store.execute("DELETE FROM status_history WHERE sequence > 1")
        await self._store.execute("UPDATE applications SET status = 'submitted', sequence = 1 WHERE sequence > 1")

    async def record_transition(self, event: StateTransition, detail: dict[str, Any]) -> None:
        """Add a lifecycle event to the history; the status follows the latest one."""
        await self._store.write(
            _RECORD, event.application_id, event.sequence, event.state.value, event.occurred_at, detail
        )

    async def contacts(self, application_ids: list[str]) -> list[dict[str, Any]]:
        """The applicant (with contacts) and notification preferences of each application known."""
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                "SELECT id, applicant, preferences FROM applications WHERE id = ANY($1::text[])", application_ids
            )
        return [dict(row) for row in rows]

    async def by_reference(self, reference: str) -> tuple[str, str, str | None] | None:
        """The id of the application with this reference number, its applicant's identifier, and
        the person who filed it logged in with eID (None for an anonymous API submission)."""
        row = await self._store.fetchrow(
            "SELECT id, applicant->>'identifier' AS identifier, person FROM applications WHERE reference = $1",
            reference,
        )
        return (str(row["id"]), str(row["identifier"]), row["person"]) if row is not None else None

    async def of_person(self, egn: str, limit: int) -> list[dict[str, Any]]:
        """The person's applications, newest first (what "my applications" lists)."""
        rows = await self._store.fetch(
            """
            SELECT id, reference, administration_id, service, status, submitted_at, represented
            FROM applications WHERE person = $1 ORDER BY submitted_at DESC LIMIT $2
            """,
            egn,
            limit,
        )
        return [dict(row) for row in rows]

    async def referenced_files(self, hashes: list[str]) -> set[str]:
        """Which of these SHA-256s an application's attachment or a draft's upload names."""
        rows = await self._store.fetch(
            """
            SELECT sha256 FROM attachments WHERE sha256 = ANY($1::text[])
            UNION
            SELECT upload->>'sha256' FROM drafts, jsonb_array_elements(uploads) AS upload
            WHERE upload->>'sha256' = ANY($1::text[])
            """,
            hashes,
        )
        return {str(row["sha256"]) for row in rows}

    async def owner(self, application_id: str) -> str | None:
        """The EGN of the person whose application it is (none for an anonymous API submission)."""
        found = await self._store.fetchval("SELECT person FROM applications WHERE id = $1", application_id)
        return str(found) if found is not None else None

    async def add_answer(
        self,
        application_id: str,
        request_sequence: int,
        at: dt.datetime,
        files: list[AttachedFile],
        records: list[KafkaRecord],
    ) -> None:
        """Store the answer's files and queue it for routing; `AlreadyAnswered` the second time."""
        async with self._store.transaction():
            status = await self._store.execute(
                "INSERT INTO information_answers (application_id, request_sequence, answered_at)"
                " VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                application_id,
                request_sequence,
                at,
            )
            if affected(status) == 0:
                raise AlreadyAnswered(application_id)
            for file in files:
                await self._store.write(
                    """
                    INSERT INTO attachments (id, application_id, key, filename, media_type, size, sha256, created_at)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    """,
                    file.id,
                    application_id,
                    file.key,
                    file.filename,
                    file.media_type,
                    file.size,
                    file.sha256,
                    at,
                )
            await self._outbox.add(records)

    async def add_withdrawal(self, application_id: str, at: dt.datetime, records: list[KafkaRecord]) -> bool:
        """Queue the withdrawal for routing, once; False when it was asked for before."""
        async with self._store.transaction():
            status = await self._store.execute(
                "INSERT INTO withdrawals (application_id, requested_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                application_id,
                at,
            )
            if affected(status) == 0:
                return False
            await self._outbox.add(records)
            return True

    async def withdrawal_requested(self, application_id: str) -> bool:
        found = await self._store.fetchval("SELECT true FROM withdrawals WHERE application_id = $1", application_id)
        return bool(found)

    async def attachment(self, application_id: str, attachment_id: str) -> StoredFile | None:
        row = await self._store.fetchrow(
            """
            SELECT id, key, filename, media_type, size, sha256, content,
                   (SELECT administration_id FROM applications WHERE id = $2) AS administration_id
            FROM attachments WHERE id = $1 AND application_id = $2
            """,
            attachment_id,
            application_id,
        )
        if row is None:
            return None
        return StoredFile(
            id=row["id"],
            key=row["key"],
            filename=row["filename"],
            media_type=row["media_type"],
            sha256=row["sha256"],
            size=row["size"],
            content=bytes(row["content"]) if row["content"] is not None else None,
            administration_id=row["administration_id"],
        )
