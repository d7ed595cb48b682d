"""Notifications in notifications' database: one row per lifecycle event that warrants one."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

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


_COLUMNS = ", ".join(Notification.__dataclass_fields__)
_PLACEHOLDERS = ", ".join(f"${n}" for n in range(1, len(Notification.__dataclass_fields__) + 1))


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
            await self._store.write(
                f"INSERT INTO notifications ({_COLUMNS}) VALUES ({_PLACEHOLDERS}) ON CONFLICT (id) DO NOTHING",
                *asdict(notification).values(),
            )
            await self._outbox.add(records)

    async def for_application(self, application_id: str) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM notifications WHERE application_id = $1 ORDER BY created_at", application_id
        )
        return [dict(row) for row in rows]
