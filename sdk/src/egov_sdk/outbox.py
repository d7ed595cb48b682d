"""The transactional outbox: events wait in the service's `outbox` table until the relay has
published them.

A state change and the events it causes are written in one transaction (`Outbox.add` joins the
caller's), so either both happen or neither. The records a transaction queues are inserted with
one statement just before it commits (a consumer's batch queues many). After the commit this
process's relay is woken at once, and `NOTIFY` wakes the relays of the other replicas; polling
is only the fallback.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from opentelemetry import propagate

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Store, Transaction

CHANNEL = "egov_outbox"


@functools.cache
def _statement(ctes: str = "", first: int = 1) -> str:
    """The statement that queues records (parameters from `first`), after the caller's `ctes`."""
    p = [f"${n}" for n in range(first, first + 5)]
    return f"""
WITH {ctes}{", " if ctes else ""}queued AS (
    INSERT INTO outbox (topic, key, value, headers, trace)
    SELECT * FROM unnest({p[0]}::text[], {p[1]}::text[], {p[2]}::bytea[], {p[3]}::jsonb[], {p[4]}::jsonb[])
    RETURNING 1
)
SELECT pg_notify('{CHANNEL}', '') FROM (SELECT 1 FROM queued LIMIT 1) AS one
"""


_INSERT = _statement()
_BACKLOG = """
SELECT count(*) AS depth, coalesce(extract(epoch FROM clock_timestamp() - min(created_at)), 0) AS age FROM outbox
"""


class Outbox:
    def __init__(self, store: Store):
        self._store = store
        self._queued: Callable[[], None] = lambda: None

    def on_queued(self, callback: Callable[[], None]) -> None:
        """Call `callback` after each commit that queued records (the relay wakes up)."""
        self._queued = callback

    async def add(self, records: Sequence[KafkaRecord]) -> None:
        """Queue `records` in the caller's transaction (or in one of their own)."""
        if not records:
            return
        # NOTE: the trace context of the work that caused the events is kept with them, so the
        # relay's publish span joins that trace although it runs later, in another task.
        carrier = _trace_context()
        async with self._store.transaction() as transaction:
            queued = transaction.pending.get(self)
            if queued is None:
                queued = transaction.pending[self] = []
                transaction.before_commit(functools.partial(self._insert, transaction, queued))
                transaction.after_commit(self._queued)
            queued.extend((record, carrier) for record in records)

    async def backlog(self) -> tuple[int, float]:
        """How many events wait to be published, and the oldest one's age in seconds (0 if none)."""
        row = await self._store.fetchrow(_BACKLOG)
        return (row["depth"], float(row["age"])) if row is not None else (0, 0.0)

    async def add_with(self, ctes: str, args: Sequence[Any], records: Sequence[KafkaRecord]) -> None:
        """Run the caller's data-modifying `ctes` (`name AS (INSERT ...), ...`, parameters `$1`
        to `$len(args)`) and queue `records`, in one statement: one round trip, atomic by itself."""
        queued = [(record, _trace_context()) for record in records]
        await self._store.execute(_statement(ctes, len(args) + 1), *args, *_columns(queued))
        if (transaction := self._store.current()) is not None:
            transaction.after_commit(self._queued)
        else:
            self._queued()

    @staticmethod
    async def _insert(transaction: Transaction, queued: list[tuple[KafkaRecord, dict[str, str]]]) -> None:
        await transaction.connection.execute(_INSERT, *_columns(queued))


def _trace_context() -> dict[str, str]:
    carrier: dict[str, str] = {}
    propagate.inject(carrier)
    return carrier


def _columns(queued: list[tuple[KafkaRecord, dict[str, str]]]) -> list[list[Any]]:
    return [
        [record.topic for record, _ in queued],
        [record.key for record, _ in queued],
        [record.value for record, _ in queued],
        [record.headers for record, _ in queued],
        [carrier for _, carrier in queued],
    ]
