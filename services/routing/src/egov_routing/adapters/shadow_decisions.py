"""The decisions handlers took in shadow mode, kept for the report that compares them with staff's."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egov_schemas.work import HandlerReply
    from egov_sdk.store import Store


@dataclass(frozen=True)
class ShadowedApplication:
    application_id: str
    reference: str
    state: str
    decisions: list[str]


class ShadowDecisions:
    def __init__(self, store: Store):
        self._store = store

    async def record(self, reply: HandlerReply, service: int, decision: str) -> None:
        # NOTE: a redelivered reply has the same id: recorded once.
        await self._store.write(
            """
            INSERT INTO shadow_decisions (application_id, reply_id, administration_id, service, decision, decided_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (application_id, reply_id) DO NOTHING
            """,
            reply.application_id,
            reply.reply_id,
            reply.administration_id,
            service,
            decision,
            reply.decided_at.astimezone(dt.UTC),
        )

    async def of_service(
        self, administration_id: str, service: int, since: dt.date | None, limit: int
    ) -> tuple[list[ShadowedApplication], int]:
        """The applications the handler first decided on in shadow mode from `since` (a day in
        Sofia), newest first, each with every decision on it and its state; and how many there are."""
        rows = await self._store.fetch(
            """
            SELECT a.id, a.reference, a.state,
                   array_agg(d.decision ORDER BY d.decided_at, d.reply_id) AS decisions,
                   count(*) OVER () AS total
            FROM shadow_decisions d JOIN applications a ON a.id = d.application_id
            WHERE d.administration_id = $1 AND d.service = $2
            GROUP BY a.id, a.reference, a.state
            HAVING $3::date IS NULL OR min(d.decided_at) >= ($3::date)::timestamp AT TIME ZONE 'Europe/Sofia'
            ORDER BY min(d.decided_at) DESC, a.id
            LIMIT $4
            """,
            administration_id,
            service,
            since,
            limit,
        )
        found = [ShadowedApplication(row["id"], row["reference"], row["state"], list(row["decisions"])) for row in rows]
        return found, rows[0]["total"] if rows else 0
