"""The audit log of registry accesses in the gateway's database.

Each call to a registry is bracketed by two committed writes: the access is recorded before the
call (status `calling`) and completed after it, with the reply queued in the same transaction.
A process that dies between the two leaves `calling` behind, and the request is then answered
as interrupted instead of being called (and billed) a second time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

CALLING = "calling"


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
    status: str = CALLING


_COLUMNS = columns(Access)
_INSERT = insert_row("registry_audit", Access)
_COMPLETE = """
UPDATE registry_audit SET status = $3, completed_at = now()
WHERE administration_id = $1 AND id = $2 AND completed_at IS NULL
"""


class AuditLog:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def status(self, administration_id: str, request_id: str) -> str | None:
        """The recorded status of a request: None if never seen, `calling` if interrupted."""
        status: str | None = await self._store.fetchval(
            "SELECT status FROM registry_audit WHERE administration_id = $1 AND id = $2", administration_id, request_id
        )
        return status

    async def begin(self, access: Access) -> bool:
        """Record a call about to be made, durably whatever the caller's transaction does; False
        if it was recorded before (by an earlier attempt or another replica)."""
        async with self._store.transaction(separate=True):
            return bool(affected(await self._store.execute(_INSERT, *astuple(access))))

    async def complete(self, access: Access, status: str, records: list[KafkaRecord]) -> None:
        """Record the call's outcome with the reply that reports it, durably at once."""
        async with self._store.transaction(separate=True):
            if affected(await self._store.execute(_COMPLETE, access.administration_id, access.id, status)):
                await self._outbox.add(records)

    async def of_administration(self, administration_id: str, limit: int) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS}, completed_at FROM registry_audit WHERE administration_id = $1 "
            "ORDER BY requested_at DESC LIMIT $2",
            administration_id,
            limit,
        )
        return [dict(row) for row in rows]
