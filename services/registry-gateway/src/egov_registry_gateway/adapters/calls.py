"""Registry requests in the gateway's database, from the moment they arrive until answered.

A request waiting for RegiX has a `due_at`: when to call (or ask again for the result of) RegiX.
A round takes the due ones by moving `due_at` past a lease in the statement that takes them, so
a replica that dies mid-call leaves the request to be taken again after the lease: nothing
waits forever, and nothing is lost while RegiX is down. Once answered, `due_at` is cleared, the
arguments (a person's EGN) are dropped, and the reply is kept a while for a request asked again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import astuple, dataclass
from typing import TYPE_CHECKING, Any, Final

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from collections.abc import Callable

    from egov_registry_gateway.domain.operations import Subject
    from egov_sdk.store import Store

PENDING: Final = "pending"
RECEIVED: Final = "received"
"""A request just read, before it is answered at once or queued: never stored as such."""


@dataclass(frozen=True)
class Call:
    id: str
    administration_id: str
    application_id: str | None
    service: int
    operation: str
    arguments: dict[str, str] | None
    subject: dict[str, str]
    subject_ref: str
    law_reason: str | None
    purpose: str
    requested_by: str
    requested_at: dt.datetime
    status: str
    attempt: int
    due_at: dt.datetime | None
    service_call_id: str | None = None
    completed_at: dt.datetime | None = None
    reply: dict[str, Any] | None = None

    def with_subject(self, subject: Subject, subject_ref: str) -> Call:
        """Whose data the call reads: the argument (kept only until answered), masked and keyed."""
        return dataclasses.replace(
            self,
            arguments={subject.kind: subject.value},
            subject={subject.kind: subject.masked()},
            subject_ref=subject_ref,
        )

    def under(self, law_reason: str) -> Call:
        return dataclasses.replace(self, law_reason=law_reason)

    def queued(self, now: dt.datetime) -> Call:
        """To be called at once."""
        return dataclasses.replace(self, status=PENDING, due_at=now)


_COLUMNS = columns(Call)
_INSERT = insert_row("registry_calls", Call)
_KEY = "administration_id = $1 AND id = $2"
# NOTE: the due ones are locked by one statement through the partial index (its predicate written
# out), then each is leased by its key: no statement joins on a subquery's keys (ADR 0006).
_DUE = f"""
SELECT {_COLUMNS} FROM registry_calls WHERE due_at IS NOT NULL AND due_at <= $1
ORDER BY due_at LIMIT $2 FOR UPDATE SKIP LOCKED
"""
_LEASE = f"UPDATE registry_calls SET due_at = $3, attempt = $4 WHERE {_KEY}"
_CALL_ID = f"UPDATE registry_calls SET service_call_id = $3 WHERE {_KEY} AND due_at = $4"
_POSTPONE = f"UPDATE registry_calls SET due_at = $3 WHERE {_KEY} AND due_at = $4"
# NOTE: only while the lease is still the caller's: a try that outlived it records nothing.
_COMPLETE = f"""
UPDATE registry_calls SET status = $3, reply = $4, completed_at = $5, due_at = NULL, arguments = NULL
WHERE {_KEY} AND completed_at IS NULL AND due_at IS NOT DISTINCT FROM $6
"""
_FORGET_REPLIES = "UPDATE registry_calls SET reply = NULL WHERE reply IS NOT NULL AND completed_at < $1"


class LeaseLost(Exception):
    """The call was taken again by another round after this one's lease ran out."""


def _call(row: Any) -> Call:
    return Call(**dict(row))


class Calls:
    def __init__(self, store: Store):
        self._store = store
        self._queued: Callable[[], None] = lambda: None

    def on_queued(self, callback: Callable[[], None]) -> None:
        """Call `callback` once a call due to be made is committed (the caller wakes up)."""
        self._queued = callback

    async def add(self, call: Call) -> None:
        await self._store.write(_INSERT, *astuple(call))
        if call.due_at is None:
            return
        if (transaction := self._store.current()) is not None:
            transaction.after_commit(self._queued)
        else:
            self._queued()

    async def get(self, administration_id: str, request_id: str) -> Call | None:
        row = await self._store.fetchrow(
            f"SELECT {_COLUMNS} FROM registry_calls WHERE {_KEY}", administration_id, request_id
        )
        return None if row is None else _call(row)

    async def claim_due(self, now: dt.datetime, limit: int, lease_until: dt.datetime) -> list[Call]:
        """The calls due, each leased to the caller until `lease_until`; as they are now."""
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            due = [_call(row) for row in await self._store.fetch(_DUE, now, limit)]
            claimed = [dataclasses.replace(call, due_at=lease_until, attempt=call.attempt + 1) for call in due]
            for call in claimed:
                await self._store.write(_LEASE, call.administration_id, call.id, call.due_at, call.attempt)
        return claimed

    async def remember_call_id(self, call: Call, service_call_id: str) -> Call:
        """RegiX took the request: from now on its result is asked for, never the call made again."""
        await self._settled(_CALL_ID, call, service_call_id, call.due_at)
        return dataclasses.replace(call, service_call_id=service_call_id)

    async def postpone(self, call: Call, due_at: dt.datetime) -> None:
        await self._settled(_POSTPONE, call, due_at, call.due_at)

    async def complete(self, call: Call, status: str, reply: dict[str, Any], now: dt.datetime) -> None:
        """The call answered, in the caller's transaction; LeaseLost if another round has it."""
        await self._settled(_COMPLETE, call, status, reply, now, call.due_at)

    async def forget_replies(self, before: dt.datetime) -> int:
        return affected(await self._store.execute(_FORGET_REPLIES, before))

    async def _settled(self, statement: str, call: Call, *values: Any) -> None:
        if not affected(await self._store.execute(statement, call.administration_id, call.id, *values)):
            raise LeaseLost(f"registry call {call.administration_id}/{call.id} was taken again")
