"""Payments routing asked pay.egov for, one per application that must pay a fee first.

A payment is `requesting` until pay.egov registers it, then `pending` until its outcome:
`paid`, or `failed` (expired, cancelled, suspended or refused). A withdrawal makes a registered
one `suspending` until pay.egov is told, then `suspended`; an unregistered one `dropped`. A fee
paid after a withdrawal is `paid_after_withdrawal`: to be refunded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import astuple, dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from egov_sdk.store import affected, columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store


@dataclass(frozen=True)
class Payment:
    application_id: str
    status: str
    request_id: str | None
    access_code: str | None
    amount: Decimal
    expires_at: dt.datetime
    term_days: int
    """The term of the chosen tier: it runs from the day of payment."""
    term_working_days: bool
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    updated_at: dt.datetime


_COLUMNS = columns(Payment)
_INSERT = insert_row("payments", Payment)
BACKOFF_CAP_S = 300
WAITING = frozenset({"requesting", "suspending"})


class Payments:
    def __init__(self, store: Store):
        self._store = store

    async def open(self, payment: Payment) -> None:
        await self._store.write(_INSERT, *astuple(payment))

    async def to_do(self, status: Literal["requesting", "suspending"], now: dt.datetime, limit: int) -> list[Payment]:
        """Payments in `status` whose next attempt is due, locked for this transaction (other
        replicas skip them)."""
        # NOTE: the status is written into the statement (one of two), so that the plan uses that
        # status's partial index (migration routing_0002); a parameter could not match it.
        if status not in WAITING:
            raise ValueError(f"payments are not waiting in {status!r}")
        rows = await self._store.fetch(
            f"""
            SELECT {_COLUMNS} FROM payments WHERE status = '{status}' AND next_attempt_at <= $1
            ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
            """,
            now,
            limit,
        )
        return [Payment(**row) for row in rows]

    async def lease(self, application_id: str, until: dt.datetime) -> None:
        """Leave a claimed payment to this replica until `until` (now: due at the next round)."""
        await self._store.write(
            "UPDATE payments SET next_attempt_at = $2 WHERE application_id = $1", application_id, until
        )

    async def get(self, application_id: str, *, lock: bool = False) -> Payment | None:
        suffix = " FOR UPDATE" if lock else ""
        row = await self._store.fetchrow(
            f"SELECT {_COLUMNS} FROM payments WHERE application_id = $1{suffix}", application_id
        )
        return Payment(**row) if row is not None else None

    async def by_request(self, request_id: str) -> Payment | None:
        """The payment pay.egov knows as `request_id`, locked for this transaction."""
        row = await self._store.fetchrow(
            f"SELECT {_COLUMNS} FROM payments WHERE request_id = $1 FOR UPDATE", request_id
        )
        return Payment(**row) if row is not None else None

    async def pending_since(self, before: dt.datetime, limit: int) -> list[Payment]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM payments WHERE status = 'pending' AND updated_at <= $1"
            " ORDER BY updated_at LIMIT $2",
            before,
            limit,
        )
        return [Payment(**row) for row in rows]

    async def registered(self, application_id: str, request_id: str, access_code: str, at: dt.datetime) -> None:
        await self._store.write(
            """
            UPDATE payments SET status = 'pending', request_id = $2, access_code = $3, last_error = NULL,
                updated_at = $4 WHERE application_id = $1
            """,
            application_id,
            request_id,
            access_code,
            at,
        )

    async def settle(self, application_id: str, status: str, at: dt.datetime, error: str | None = None) -> None:
        await self._store.write(
            "UPDATE payments SET status = $2, last_error = coalesce($4, last_error), updated_at = $3"
            " WHERE application_id = $1",
            application_id,
            status,
            at,
            error,
        )

    async def retry_later(self, application_id: str, attempts: int, now: dt.datetime, error: str) -> None:
        delay = dt.timedelta(seconds=min(2**attempts, BACKOFF_CAP_S))
        await self._store.write(
            "UPDATE payments SET attempts = $2, next_attempt_at = $3, last_error = $4, updated_at = $5"
            " WHERE application_id = $1",
            application_id,
            attempts,
            now + delay,
            error[:500],
            now,
        )

    async def touched(self, application_id: str, at: dt.datetime) -> int:
        """Mark a pending payment as just checked (the status poll goes round the oldest first)."""
        status = await self._store.execute(
            "UPDATE payments SET updated_at = $2 WHERE application_id = $1 AND status = 'pending'", application_id, at
        )
        return affected(status)
