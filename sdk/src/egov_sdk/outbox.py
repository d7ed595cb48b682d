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
from typing import TYPE_CHECKING

from opentelemetry import propagate

if TYPE_CHECKING:
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Store, Transaction

CHANNEL = "egov_outbox"

_INSERT = f"""
WITH queued AS (
    INSERT INTO outbox (topic, key, value, headers, trace)
    SELECT * FROM unnest($1::text[], $2::text[], $3::bytea[], $4::jsonb[], $5::jsonb[])
    RETURNING 1
)
SELECT pg_notify('{CHANNEL}', '') FROM (SELECT 1 FROM queued LIMIT 1) AS one
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
        carrier: dict[str, str] = {}
        propagate.inject(carrier)
        async with self._store.transaction() as transaction:
            queued = transaction.pending.get(self)
            if queued is None:
                queued = transaction.pending[self] = []
                transaction.before_commit(functools.partial(self._insert, transaction, queued))
                transaction.after_commit(self._queued)
            queued.extend((record, carrier) for record in records)

    @staticmethod
    async def _insert(transaction: Transaction, queued: list[tuple[KafkaRecord, dict[str, str]]]) -> None:
        await transaction.connection.execute(
            _INSERT,
            [record.topic for record, _ in queued],
            [record.key for record, _ in queued],
            [record.value for record, _ in queued],
            [record.headers for record, _ in queued],
            [carrier for _, carrier in queued],
        )
