"""Notifications in notifications' database: one row per lifecycle event that warrants one."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Notification:
    id: str
    application_id: str
    administration_id: str
    state: str
    template: str
    language: str
    channel: str
    status: str
    created_at: dt.datetime
    reference: str | None
    """The application's reference number, quoted in every notice."""


_COLUMNS = columns(Notification)
_INSERT = insert_row("notifications", Notification)


class NotificationRepository:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def add(self, notification: Notification, records: list[KafkaRecord]) -> None:
        """Record a notification with its outcome events.

        NOTE: its id derives from the lifecycle event, which the consumer handles once (ADR
        0006), so this is a write whose outcome needs no reading.
        """
        async with self._store.transaction():
            await self._store.write(_INSERT, *astuple(notification))
            await self._outbox.add(records)

    async def for_application(
        self, application_id: str, administration_id: str | None, limit: int
    ) -> list[dict[str, Any]]:
        """The application's first `limit` notifications; only if it is `administration_id`'s, unless None."""
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM notifications WHERE application_id = $1 "
            "AND ($2::text IS NULL OR administration_id = $2) ORDER BY created_at LIMIT $3",
            application_id,
            administration_id,
            limit,
        )
        return [dict(row) for row in rows]
