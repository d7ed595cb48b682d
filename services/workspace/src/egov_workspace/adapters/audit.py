"""The audit: who did what on which application, and when; also each case's history. Append-only
(a trigger refuses changes). Personal data stays out of `details`: they name fields, numbers the
administration gave and decisions, never the citizen's answers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from egov_sdk.store import Store

PLATFORM = "platform"
"""The actor of what the platform did (a work item delivered, a withdrawal), not an employee."""


@dataclass(frozen=True)
class AuditEntry:
    administration_id: str
    actor: str | None
    actor_name: str
    action: str
    application_id: str | None = None
    details: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))


class AuditLog:
    def __init__(self, store: Store):
        self._store = store

    async def record(self, entry: AuditEntry) -> None:
        await self._store.write(
            """
            INSERT INTO audit_log (at, administration_id, actor, actor_name, action, application_id, details)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """,
            entry.at,
            entry.administration_id,
            entry.actor,
            entry.actor_name,
            entry.action,
            entry.application_id,
            entry.details,
        )

    async def history(self, application_id: str, *, with_views: bool = False) -> list[AuditEntry]:
        """What happened to an application, oldest first (who opened it, only if asked)."""
        rows = await self._store.fetch(
            """
            SELECT at, administration_id, actor, actor_name, action, application_id, details FROM audit_log
            WHERE application_id = $1 AND ($2 OR action <> 'viewed') ORDER BY id
            """,
            application_id,
            with_views,
        )
        return [_entry(row) for row in rows]

    async def latest(self, administration_id: str, *, most: int = 200) -> list[AuditEntry]:
        """The administration's latest entries, newest first."""
        rows = await self._store.fetch(
            """
            SELECT at, administration_id, actor, actor_name, action, application_id, details FROM audit_log
            WHERE administration_id = $1 ORDER BY id DESC LIMIT $2
            """,
            administration_id,
            most,
        )
        return [_entry(row) for row in rows]


def _entry(row: Any) -> AuditEntry:
    return AuditEntry(
        administration_id=row["administration_id"],
        actor=row["actor"],
        actor_name=row["actor_name"],
        action=row["action"],
        application_id=row["application_id"],
        details=row["details"],
        at=row["at"],
    )
