"""The outbox relay: publishes what waits in outboxes, woken after writes and polling otherwise."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from opentelemetry import context as otel_context
from opentelemetry import propagate

from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.kafka import publish_record
from egov_sdk.logging import get_logger
from egov_sdk.outbox import PENDING

if TYPE_CHECKING:
    from faststream.kafka import KafkaBroker

    from egov_sdk.outbox import OutboxCollection
    from egov_sdk.store import Document

log = get_logger(__name__)
MAX_BACKOFF_S = 10.0


class OutboxRelay:
    def __init__(
        self, broker: KafkaBroker, collections: list[OutboxCollection], poll_interval: float, slow_after: float
    ):
        self._broker = broker
        self._collections = collections
        self._poll_interval = poll_interval
        self._slow_after = slow_after
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        for collection in collections:
            collection.on_queued(self._wake.set)

    async def start(self) -> None:
        for collection in self._collections:
            await collection.setup()
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def publish_pending(self) -> int:
        """One pass over every collection; returns how many records were published."""
        published = 0
        for outbox in self._collections:
            async for document in outbox.collection.find({PENDING: True}, {"outbox": 1}).limit(500):
                published += await self._publish_document(outbox, document)
        return published

    async def _publish_document(self, outbox: OutboxCollection, document: Document) -> int:
        entries: dict[str, Document] = document.get("outbox") or {}
        for event_id, entry in sorted(entries.items(), key=lambda item: int(item[1]["seq"])):
            await self._publish(entry)
            await outbox.remove_entry(document["_id"], event_id)
        await outbox.clear_if_empty(document["_id"])
        return len(entries)

    async def _publish(self, entry: Document) -> None:
        token = otel_context.attach(propagate.extract(entry.get("trace") or {}))
        try:
            record = KafkaRecord(entry["topic"], entry["key"], entry["value"].encode(), entry["headers"])
            sending = asyncio.ensure_future(publish_record(self._broker, record))
        finally:
            otel_context.detach(token)
        # NOTE: with the broker down, the idempotent producer retries the send until the broker
        # returns. Waiting for that same send (instead of cancelling and sending again) publishes
        # each record once; the warning makes the wait visible.
        done, _ = await asyncio.wait({sending}, timeout=self._slow_after)
        if not done:
            log.warning("outbox_publish_waiting", topic=record.topic, waited_s=self._slow_after)
        await sending

    async def _run(self) -> None:
        failures = 0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_interval)
            self._wake.clear()
            try:
                published = await self.publish_pending()
            except Exception as exc:  # noqa: BLE001 - the relay must outlive a Kafka or store outage
                failures += 1
                log.warning("outbox_publish_failed", error=type(exc).__name__, detail=str(exc), failures=failures)
                await asyncio.sleep(min(self._poll_interval * failures, MAX_BACKOFF_S))
                continue
            if failures:
                log.info("outbox_publish_recovered", after_failures=failures)
            failures = 0
            if published:
                log.debug("outbox_published", records=published)
