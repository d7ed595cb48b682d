"""Deliveries: one channel taking one notice to one target (the citizen, or a webhook subscription).

`due_at` is when to act next: send (`pending`), or ask e-Delivery whether the citizen opened it
(`sent`). A delivery is taken by moving `due_at` past a lease in the statement that takes it, so
a crash between sending and recording the outcome means it is sent again after the lease: at
least once, and the same notification id each time, for the receiver to recognise.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any, Final

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store

PENDING: Final = "pending"
SENT: Final = "sent"
DEAD_LETTERED: Final = "dead_lettered"
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

    @classmethod
    def due_now(
        cls,
        notification_id: str,
        application_id: str,
        administration_id: str,
        *,
        channel: str,
        target: str,
        now: dt.datetime,
    ) -> Delivery:
        """A delivery of a notice by `channel` to `target`, to be tried at once."""
        return cls(
            notification_id=notification_id,
            channel=channel,
            target=target,
            application_id=application_id,
            administration_id=administration_id,
            status=PENDING,
            attempt=0,
            due_at=now,
            provider_reference=None,
            detail=None,
            created_at=now,
            updated_at=now,
        )


_COLUMNS = columns(Delivery)
_INSERT = insert_row("deliveries", Delivery)
_KEY = "notification_id = $1 AND channel = $2 AND target = $3"
# NOTE: the due ones are locked by one statement through the partial index (its predicate written
# out), then each is leased by its key: no statement joins on a subquery's keys (ADR 0006).
_DUE = f"""
SELECT {_COLUMNS} FROM deliveries WHERE due_at IS NOT NULL AND due_at <= $1
ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
"""
_LEASE = f"UPDATE deliveries SET due_at = $4, updated_at = $5, attempt = $6 WHERE {_KEY}"
# NOTE: only while the lease taken is still this one's: a try that outlived its lease (another
# replica took the delivery again) records nothing, and the other's record stands.
_SETTLE = f"""
UPDATE deliveries SET status = $4, due_at = $5, provider_reference = COALESCE($6, provider_reference), detail = $7,
    updated_at = $8, delivered_at = COALESCE($9, delivered_at), opened_at = COALESCE($10, opened_at)
WHERE {_KEY} AND due_at = $11
"""
_ENDED_WITHOUT_REACHING = """
DELETE FROM deliveries WHERE notification_id = $1 AND due_at IS NULL AND status NOT IN ('delivered', 'opened')
"""


class LeaseLost(Exception):
    """The delivery was taken again by another round after this one's lease ran out."""


class Deliveries:
    def __init__(self, store: Store):
        self._store = store

    async def add(self, delivery: Delivery) -> None:
        """A new delivery; one the notice has by that channel and target already is left as it is."""
        await self._store.write(_INSERT, *astuple(delivery))

    async def claim_due(self, now: dt.datetime, limit: int, lease_until: dt.datetime) -> list[Delivery]:
        """The deliveries due, each leased to the caller until `lease_until` (a try counted when
        it sends); as they are now."""
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            due = [Delivery(**dict(row)) for row in await self._store.fetch(_DUE, now, limit)]
            claimed = [
                dataclasses.replace(
                    delivery,
                    due_at=lease_until,
                    updated_at=now,
                    attempt=delivery.attempt + 1 if delivery.status == PENDING else delivery.attempt,
                )
                for delivery in due
            ]
            for delivery in claimed:
                await self._store.write(
                    _LEASE,
                    delivery.notification_id,
                    delivery.channel,
                    delivery.target,
                    delivery.due_at,
                    now,
                    delivery.attempt,
                )
        return claimed

    async def restart_ended(self, notification_id: str) -> None:
        """Forget the notice's deliveries that ended without reaching anyone, so that choosing its
        channels again starts them afresh (a re-drive); what reached its target stays."""
        await self._store.write(_ENDED_WITHOUT_REACHING, notification_id)

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
        """Record how the try of a delivery claimed by `claim_due` went; LeaseLost if it was taken again."""
        done = await self._store.execute(
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
            delivery.due_at,
        )
        if affected(done) != 1:
            raise LeaseLost(delivery.notification_id)

    async def of_notices(self, notice_ids: list[str]) -> list[Delivery]:
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                f"SELECT {_COLUMNS} FROM deliveries WHERE notification_id = ANY($1::text[]) ORDER BY created_at",
                notice_ids,
            )
        return [Delivery(**dict(row)) for row in rows]

    async def dead_letters(self, administration_id: str | None, limit: int) -> list[dict[str, Any]]:
        """The latest dead letters of one administration, or of all (None)."""
        dead = f"SELECT {_COLUMNS} FROM deliveries WHERE status = '{DEAD_LETTERED}'"
        if administration_id is None:
            rows = await self._store.fetch(f"{dead} ORDER BY updated_at DESC LIMIT $1", limit)
        else:
            rows = await self._store.fetch(
                f"{dead} AND administration_id = $1 ORDER BY updated_at DESC LIMIT $2", administration_id, limit
            )
        return [dict(row) for row in rows]
