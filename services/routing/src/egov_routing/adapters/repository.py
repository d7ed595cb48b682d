"""Routing's record of each application in its database: lifecycle state, sequence and deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store


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
    reference: str
    registration_number: str | None = None
    paused_on: dt.date | None = None
    """The day an information request paused the term; none while it runs."""
    paused_working_days: int = 0
    approaching_for: dt.date | None = None
    """The due date `deadline_approaching` was emitted for (once per due date)."""
    overdue_for: dt.date | None = None
    withdrawal_acknowledged_at: dt.datetime | None = None

    def view(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def ids(self) -> dict[str, Any]:
        """What every lifecycle event about the application carries, but its sequence."""
        return {
            "application_id": self.id,
            "reference": self.reference,
            "administration_id": self.administration_id,
            "service": self.service,
            "service_version": self.service_version,
        }


@dataclass(frozen=True)
class Advanced:
    """An application a transition was applied to: as it is now, and the state it left."""

    now: ApplicationState
    previous: str
    previous_at: dt.datetime
    """When it entered the state it left."""


_COLUMNS = columns(ApplicationState)
_INSERT = insert_row("applications", ApplicationState)
_RETURNED = ", ".join(f"application.{field.name}" for field in dataclasses.fields(ApplicationState))

# NOTE: one statement reads the state before (row locked), checks and applies the transition.
# Both sides name the row by `id = $1`: prepared once, the plan must find it by key however
# small the table was then (a join on `before.id` was planned as a scan of the whole table).
_ADVANCE = f"""
UPDATE applications AS application SET state = $4, sequence = application.sequence + 1, updated_at = $5
FROM (SELECT state, updated_at FROM applications WHERE id = $1 FOR UPDATE) AS before
WHERE application.id = $1 AND application.administration_id = $2 AND application.state = ANY($3::text[])
RETURNING {_RETURNED}, before.state AS previous, before.updated_at AS previous_at
"""


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

    async def get(self, application_id: str, *, lock: bool = False) -> ApplicationState | None:
        suffix = " FOR UPDATE" if lock else ""
        row = await self._store.fetchrow(f"SELECT {_COLUMNS} FROM applications WHERE id = $1{suffix}", application_id)
        return ApplicationState(**row) if row is not None else None

    async def by_reference(self, reference: str) -> ApplicationState | None:
        row = await self._store.fetchrow(f"SELECT {_COLUMNS} FROM applications WHERE reference = $1", reference)
        return ApplicationState(**row) if row is not None else None

    async def advance(
        self, application_id: str, owner: str, allowed: frozenset[str], target: str, at: dt.datetime
    ) -> Advanced | None:
        """Move the application to `target` if `owner` owns it and it is in an `allowed` state;
        None when it does not (unknown, another's, or in another state)."""
        row = await self._store.fetchrow(_ADVANCE, application_id, owner, sorted(allowed), target, at)
        if row is None:
            return None
        values = dict(row)
        previous, previous_at = values.pop("previous"), values.pop("previous_at")
        return Advanced(ApplicationState(**values), previous, previous_at)

    async def record_registration(self, application_id: str, number: str) -> None:
        await self._store.write(
            "UPDATE applications SET registration_number = $2 WHERE id = $1", application_id, number
        )

    async def pause(self, application_id: str, on: dt.date) -> None:
        await self._store.write("UPDATE applications SET paused_on = $2 WHERE id = $1", application_id, on)

    async def resume(self, application_id: str, due: dt.date | None, paused_working_days: int) -> None:
        await self._store.write(
            "UPDATE applications SET paused_on = NULL, due_date = $2, paused_working_days = $3 WHERE id = $1",
            application_id,
            due,
            paused_working_days,
        )

    async def start_term(self, application_id: str, due: dt.date) -> None:
        await self._store.write("UPDATE applications SET due_date = $2 WHERE id = $1", application_id, due)

    async def acknowledge_withdrawal(self, application_id: str, owner: str, at: dt.datetime) -> bool:
        """Record the administration's acknowledgement; False unless it owns a withdrawn application."""
        status = await self._store.execute(
            """
            UPDATE applications SET withdrawal_acknowledged_at = coalesce(withdrawal_acknowledged_at, $3)
            WHERE id = $1 AND administration_id = $2 AND state = 'withdrawn'
            """,
            application_id,
            owner,
            at,
        )
        return affected(status) == 1

    async def queue(self, records: list[KafkaRecord]) -> None:
        await self._outbox.add(records)


# NOTE: the reminders' predicates repeat those of the partial indexes of migration routing_0002
# word for word, so the planner can use them: each check reads only what is left to remind.
_TERM_RUNS = "state IN ('routed', 'paid', 'accepted', 'info_provided')"
_OPEN = "state NOT IN ('rejected', 'unpaid', 'completed', 'refused', 'withdrawn')"
_REMINDERS = {
    "approaching_for": f"{_TERM_RUNS} AND approaching_for IS DISTINCT FROM due_date",
    "overdue_for": f"{_TERM_RUNS} AND overdue_for IS DISTINCT FROM due_date",
}


@dataclass(frozen=True)
class DeadlineCounts:
    administration_id: str
    open: int
    due_soon: int
    overdue: int


class Deadlines:
    """Which applications need a reminder, and marking each reminded once per due date."""

    def __init__(self, store: Store):
        self._store = store

    async def due(self, reminder: str, earliest: dt.date, latest: dt.date, limit: int) -> list[ApplicationState]:
        """Applications whose term runs, due between `earliest` and `latest`, not yet given
        `reminder` (`approaching_for` or `overdue_for`) for that due date; locked, skipping
        those another replica holds."""
        rows = await self._store.fetch(
            f"""
            SELECT {_COLUMNS} FROM applications
            WHERE {_REMINDERS[reminder]} AND due_date >= $1 AND due_date <= $2
            ORDER BY due_date LIMIT $3 FOR UPDATE SKIP LOCKED
            """,
            earliest,
            latest,
            limit,
        )
        return [ApplicationState(**row) for row in rows]

    async def mark(self, reminder: str, application_id: str) -> int:
        """Record the reminder as given for the current due date; the reminder event's sequence."""
        if reminder not in _REMINDERS:  # NOTE: a column name goes into the statement: only these two
            raise ValueError(f"no reminder {reminder!r}")
        sequence: int = await self._store.fetchval(
            f"UPDATE applications SET {reminder} = due_date, sequence = sequence + 1 WHERE id = $1 RETURNING sequence",
            application_id,
        )
        return sequence

    async def counts(
        self, today: dt.date, due_soon_until: dt.date, administration_id: str | None
    ) -> list[DeadlineCounts]:
        """Per administration: its open applications (not ended), and of those whose term runs,
        the ones due soon and the ones overdue. Paused ones (information asked) are open only."""
        # NOTE: one administration's counts go through the index on (administration_id, state,
        # due_date); a condition that may or may not name one (`$3 IS NULL OR ...`) would be planned
        # once as a scan of every administration. A partial index of open applications would read
        # less here but cost every transition an index update: this view is not worth that.
        where = _OPEN + (" AND administration_id = $3" if administration_id else "")
        rows = await self._store.fetch(
            f"""
            SELECT administration_id, count(*) AS open,
                   count(*) FILTER (WHERE {_TERM_RUNS} AND due_date >= $1 AND due_date <= $2) AS due_soon,
                   count(*) FILTER (WHERE {_TERM_RUNS} AND due_date < $1) AS overdue
            FROM applications WHERE {where}
            GROUP BY administration_id ORDER BY administration_id
            """,
            today,
            due_soon_until,
            *([administration_id] if administration_id else []),
        )
        return [DeadlineCounts(**row) for row in rows]
