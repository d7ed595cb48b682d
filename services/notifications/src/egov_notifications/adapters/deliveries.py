"""Deliveries: one channel taking one notice to one target (the citizen, or a webhook subscription).

`due_at` is when to act next: send (`pending`), or ask e-Delivery whether the citizen opened it
(`sent`). A delivery is taken by moving `due_at` past a lease in the statement that takes it, so
a crash between sending and recording the outcome means it is sent again after the lease: at
least once, and the same notification id each time, for the receiver to recognise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any, Final

from egov_sdk.store import columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store

PENDING: Final = "pending"
SENT: Final = "sent"
DEAD_LETTERED: Final = "dead_lettered"
FINAL = frozenset({"delivered", "opened", "unopened", "permanent_failure", DEAD_LETTERED})
CITIZEN = ""
"""The target of the citizen's own channels."""
APPLICANT = "applicant"
"""The target of the applicant's own webhook (a business applying through the API)."""


@dataclass(frozen=True)
class Delivery:
    notification_id: str
    channel: str
    target: str
    application_id: str
    administration_id: str
    status: str
    attempt: int
    due_at: dt.datetime | None
    provider_reference: str | None
    detail: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    delivered_at: dt.datetime | None = None
    opened_at: dt.datetime | None = None


_COLUMNS = columns(Delivery)
_INSERT = insert_row("deliveries", Delivery)
# NOTE: a re-drive starts a delivery that ended afresh; one still under way is left alone.
_UPSERT = (
    _INSERT.removesuffix(" ON CONFLICT DO NOTHING")
    + " ON CONFLICT (notification_id, channel, target) DO UPDATE SET status = EXCLUDED.status, attempt = 0, "
    "due_at = EXCLUDED.due_at, detail = NULL, updated_at = EXCLUDED.updated_at "
    f"WHERE deliveries.status IN ({', '.join(repr(status) for status in sorted(FINAL))})"
)
_CLAIM = f"""
UPDATE deliveries SET due_at = $3, updated_at = $1,
    attempt = CASE WHEN status = '{PENDING}' THEN attempt + 1 ELSE attempt END
WHERE (notification_id, channel, target) IN (
    SELECT notification_id, channel, target FROM deliveries WHERE due_at IS NOT NULL AND due_at <= $1
    ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
)
RETURNING {_COLUMNS}
"""
_SETTLE = """
UPDATE deliveries SET status = $4, due_at = $5, provider_reference = COALESCE($6, provider_reference), detail = $7,
    updated_at = $8, delivered_at = COALESCE($9, delivered_at), opened_at = COALESCE($10, opened_at)
WHERE notification_id = $1 AND channel = $2 AND target = $3
"""


class Deliveries:
    def __init__(self, store: Store):
        self._store = store

    async def add(self, delivery: Delivery) -> None:
        await self._store.write(_UPSERT, *astuple(delivery))

    async def claim_due(self, now: dt.datetime, limit: int, lease_until: dt.datetime) -> list[Delivery]:
        rows = await self._store.fetch(_CLAIM, now, limit, lease_until)
        return [Delivery(**dict(row)) for row in rows]

    async def settle(
        self,
        delivery: Delivery,
        *,
        status: str,
        due_at: dt.datetime | None,
        now: dt.datetime,
        provider_reference: str | None = None,
        detail: str | None = None,
        delivered_at: dt.datetime | None = None,
        opened_at: dt.datetime | None = None,
    ) -> None:
        await self._store.write(
            _SETTLE,
            delivery.notification_id,
            delivery.channel,
            delivery.target,
            status,
            due_at,
            provider_reference,
            detail,
            now,
            delivered_at,
            opened_at,
        )

    async def of_notices(self, notice_ids: list[str]) -> list[Delivery]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM deliveries WHERE notification_id = ANY($1::text[]) ORDER BY created_at",
            notice_ids,
        )
        return [Delivery(**dict(row)) for row in rows]

    async def dead_letters(self, administration_id: str | None, limit: int) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM deliveries WHERE status = '{DEAD_LETTERED}' "
            "AND administration_id = COALESCE($1, administration_id) ORDER BY updated_at DESC LIMIT $2",
            administration_id,
            limit,
        )
        return [dict(row) for row in rows]
