"""Routing's record of each application in its database: lifecycle state, sequence and deadline."""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

# NOTE: one statement reads the state before (row locked), checks and applies the decision.
# Both sides name the row by `id = $1`: prepared once, the plan must find it by key however
# small the table was then (a join on `before.id` was planned as a scan of the whole table).
_ADVANCE = """
UPDATE applications AS application SET state = $4, sequence = application.sequence + 1, updated_at = $5
FROM (SELECT state FROM applications WHERE id = $1 FOR UPDATE) AS before
WHERE application.id = $1 AND application.administration_id = $2 AND application.state = ANY($3::text[])
RETURNING application.service, application.service_version, application.sequence, before.state AS previous
"""


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


@dataclass(frozen=True)
class Advanced:
    """An application a decision was applied to: what the event about it needs."""

    service: int
    service_version: int
    sequence: int
    previous: str


_COLUMNS = columns(ApplicationState)
_INSERT = insert_row("applications", ApplicationState)


class ApplicationStates:
    def __init__(self, store: Store, outbox: Outbox):
        self._store = store
        self._outbox = outbox

    async def create(self, state: ApplicationState, records: list[KafkaRecord]) -> None:
        """Record a newly routed (or rejected) application with its events.

        NOTE: a submission is handled once (its consumer claims it, ADR 0006), so this is a
        write whose outcome needs no reading: it goes with the transaction's other writes.
        """
        async with self._store.transaction():
            await self._store.write(_INSERT, *astuple(state))
            await self._outbox.add(records)

    async def get(self, application_id: str) -> ApplicationState | None:
        row = await self._store.fetchrow(f"SELECT {_COLUMNS} FROM applications WHERE id = $1", application_id)
        return ApplicationState(**row) if row is not None else None

    async def advance(
        self, application_id: str, owner: str, allowed: frozenset[str], target: str, at: dt.datetime
    ) -> Advanced | None:
        """Move the application to `target` if `owner` owns it and it is in an `allowed` state;
        None when it does not (unknown, another's, or in another state)."""
        row = await self._store.fetchrow(_ADVANCE, application_id, owner, sorted(allowed), target, at)
        return Advanced(**row) if row is not None else None

    async def queue(self, records: list[KafkaRecord]) -> None:
        await self._outbox.add(records)
