"""Idempotent consumption: which event ids a consumer has handled, in the service's own database.

The ids are recorded in the transaction that applied the events, so an event's effects and its
record commit together: at-least-once delivery, effects exactly once. A replica that handled
the same event concurrently makes the insert fail with a unique violation; its batch is then
retried and finds the event recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from egov_sdk.store import Store


class ProcessedEvents:
    def __init__(self, store: Store, consumer: str):
        self._store = store
        self._consumer = consumer

    async def seen(self, event_ids: list[str]) -> set[str]:
        if not event_ids:
            return set()
        rows = await self._store.fetch(
            "SELECT event_id FROM processed_events WHERE consumer = $1 AND event_id = ANY($2::text[])",
            self._consumer,
            event_ids,
        )
        return {row["event_id"] for row in rows}

    async def mark(self, event_ids: list[str]) -> None:
        if event_ids:
            await self._store.execute(
                "INSERT INTO processed_events (consumer, event_id) SELECT $1, unnest($2::text[])",
                self._consumer,
                event_ids,
            )
