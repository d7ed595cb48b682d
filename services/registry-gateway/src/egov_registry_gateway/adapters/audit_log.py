"""The audit log of registry accesses in the gateway's database."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Access:
    id: str
    administration_id: str
    application_id: str | None
    operation: str
    subject: dict[str, str]
    legal_basis: str
    requested_by: str
    requested_at: dt.datetime
    status: str


_COLUMNS = columns(Access)
_INSERT = insert_row("registry_audit", Access)


class AuditLog:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def contains(self, request_id: str) -> bool:
        return bool(await self._store.fetchval("SELECT true FROM registry_audit WHERE id = $1", request_id))

    async def add(self, access: Access, records: list[KafkaRecord]) -> bool:
        """Record an access with the reply that reports it; False if the request was recorded already."""
        async with self._store.transaction():
            status = await self._store.execute(_INSERT, *astuple(access))
            if not affected(status):
                return False
            await self._outbox.add(records)
        return True

    async def of_administration(self, administration_id: str, limit: int) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM registry_audit WHERE administration_id = $1 ORDER BY requested_at DESC LIMIT $2",
            administration_id,
            limit,
        )
        return [dict(row) for row in rows]
