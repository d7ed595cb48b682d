"""Routing's record of each application in its database: lifecycle state, sequence and deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_schemas.lifecycle import StateTransition
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

_COLUMNS = "id, administration_id, service, service_version, submitted_at, state, sequence, due_date, updated_at"


@dataclass(frozen=True)
class ApplicationState:
    id: str
    administration_id: str
    service: int
    service_version: int
    submitted_at: dt.datetime
    state: str
    sequence: int
    due_date: dt.date | None
    updated_at: dt.datetime

    def view(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


class ApplicationStates:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def create(self, state: ApplicationState, records: list[KafkaRecord]) -> bool:
        """Record a newly routed (or rejected) application; False if it was already recorded."""
        async with self._store.transaction():
            status = await self._store.execute(
                f"INSERT INTO applications ({_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
                "ON CONFLICT (id) DO NOTHING",
                *state.view().values(),
            )
            if not affected(status):
                return False
            await self._outbox.add(records)
        return True

    async def get(self, application_id: str) -> ApplicationState | None:
        row = await self._store.fetchrow(f"SELECT {_COLUMNS} FROM applications WHERE id = $1", application_id)
        return ApplicationState(**row) if row is not None else None

    async def lock(self, application_id: str) -> ApplicationState | None:
        """The application, locked until the caller's transaction ends (decisions apply one at a time)."""
        row = await self._store.fetchrow(
            f"SELECT {_COLUMNS} FROM applications WHERE id = $1 FOR UPDATE", application_id
        )
        return ApplicationState(**row) if row is not None else None

    async def advance(self, current: ApplicationState, event: StateTransition, records: list[KafkaRecord]) -> None:
        """Move a locked application to the event's state, with the events that tell of it."""
        async with self._store.transaction():
            await self._store.execute(
                "UPDATE applications SET state = $2, sequence = $3, updated_at = $4 WHERE id = $1",
                current.id,
                event.state.value,
                event.sequence,
                event.occurred_at,
            )
            await self._outbox.add(records)
