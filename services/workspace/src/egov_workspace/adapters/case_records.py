"""What staff add to a case besides decisions: notes only staff see, registry checks and their
answers, and the output documents issued."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_schemas.registry import RegistryReply
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Note:
    author_name: str
    written_at: dt.datetime
    text: str


@dataclass(frozen=True)
class RegistryCheckRecord:
    request_id: str
    operation: str
    purpose: str
    legal_basis: str
    requested_by: str
    requested_at: dt.datetime
    status: str | None
    answered_at: dt.datetime | None
    # NOTE: left out of the repr: the registry's answer about a person.
    data: dict[str, Any] | None = field(default=None, repr=False)
    error: str | None = None


@dataclass(frozen=True)
class Document:
    document_id: str
    application_id: str
    filename: str
    media_type: str
    content: bytes = field(repr=False)


class CaseRecords:
    def __init__(self, store: Store):
        self._store = store

    async def add_note(self, application_id: str, author: str, author_name: str, text: str) -> None:
        await self._store.write(
            "INSERT INTO case_notes (application_id, author, author_name, written_at, text) "
            "VALUES ($1, $2, $3, now(), $4)",
            application_id,
            author,
            author_name,
            text,
        )

    async def notes(self, application_id: str) -> list[Note]:
        rows = await self._store.fetch(
            "SELECT author_name, written_at, text FROM case_notes WHERE application_id = $1 ORDER BY id",
            application_id,
        )
        return [Note(row["author_name"], row["written_at"], row["text"]) for row in rows]

    async def add_check(self, record: RegistryCheckRecord, application_id: str) -> None:
        await self._store.write(
            """
            INSERT INTO registry_checks (request_id, application_id, operation, purpose, legal_basis, requested_by,
                                         requested_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            record.request_id,
            application_id,
            record.operation,
            record.purpose,
            record.legal_basis,
            record.requested_by,
            record.requested_at,
        )

    async def answer_check(self, reply: RegistryReply) -> str | None:
        """Record the gateway's answer to one of the workspace's checks; the application it was
        for, or None when the request is not one of ours (a handler's, on the same topic)."""
        row = await self._store.fetchrow(
            """
            UPDATE registry_checks SET status = $2, answered_at = $3, data = $4, error = $5
            WHERE request_id = $1 AND status IS NULL
            RETURNING application_id
            """,
            reply.request_id,
            reply.status,
            reply.answered_at,
            reply.data,
            reply.error,
        )
        return str(row["application_id"]) if row is not None else None

    async def checks(self, application_id: str) -> list[RegistryCheckRecord]:
        rows = await self._store.fetch(
            """
            SELECT request_id, operation, purpose, legal_basis, requested_by, requested_at, status, answered_at, data,
                   error
            FROM registry_checks WHERE application_id = $1 ORDER BY requested_at
            """,
            application_id,
        )
        return [RegistryCheckRecord(**dict(row)) for row in rows]

    async def add_document(self, document: Document) -> None:
        await self._store.write(
            "INSERT INTO documents (document_id, application_id, filename, media_type, content, issued_at) "
            "VALUES ($1, $2, $3, $4, $5, now())",
            document.document_id,
            document.application_id,
            document.filename,
            document.media_type,
            document.content,
        )

    async def document(self, document_id: str, application_id: str) -> Document | None:
        row = await self._store.fetchrow(
            "SELECT document_id, application_id, filename, media_type, content FROM documents "
            "WHERE document_id = $1 AND application_id = $2",
            document_id,
            application_id,
        )
        return Document(**dict(row)) if row is not None else None

    async def forget_unanswered(self, request_id: str) -> bool:
        status = await self._store.execute("DELETE FROM registry_checks WHERE request_id = $1", request_id)
        return affected(status) == 1
