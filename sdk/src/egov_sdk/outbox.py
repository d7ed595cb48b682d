"""The single-document outbox: events wait inside the aggregate's own document until published.

The store has no multi-document transactions, so the state change and the events it causes are
written in one update of one document: `outbox.<event id>` holds each ready-to-send Kafka record,
and `outbox_pending` flags the document (indexed, so the relay finds work without scanning). The
relay publishes each record, then removes exactly that entry, and clears the flag only if the
outbox is empty at that moment. A crash between publish and removal re-publishes the same record
with the same `ce_id`, which consumers deduplicate. Re-adding an event id that is still pending
replaces its entry, so it is still published once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from opentelemetry import context as otel_context
from opentelemetry import propagate
from pymongo import ASCENDING

from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.kafka import publish_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from faststream.kafka import KafkaBroker
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.store import Document

log = get_logger(__name__)

PENDING = "outbox_pending"


def outbox_entries(records: Iterable[KafkaRecord], *, start: int = 0) -> dict[str, Document]:
    """Outbox entries keyed by event id, numbered from `start` so the relay keeps their order."""
    entries: dict[str, Document] = {}
    carrier: dict[str, str] = {}
    # NOTE: the trace context of the request that caused the events is kept with them, so the
    # relay's publish span joins that trace although it runs later, in another task.
    propagate.inject(carrier)
    for seq, record in enumerate(records, start=start):
        entries[record.event_id] = {
            "seq": seq,
            "topic": record.topic,
            "key": record.key,
            "value": record.value.decode(),
            "headers": record.headers,
            "trace": carrier,
            "created_at": dt.datetime.now(dt.UTC),
        }
    return entries


def new_document_outbox(records: Iterable[KafkaRecord]) -> Document:
    """Fields to include in a document inserted together with its first events."""
    entries = outbox_entries(records)
    return {"outbox": entries, PENDING: bool(entries)}


def add_to_outbox(update: Document, records: Iterable[KafkaRecord], *, start: int | None = None) -> Document:
    """`update` (MongoDB update operators) extended to add `records` to the document's outbox.

    `start` numbers the entries (e.g. the aggregate's sequence); by default the current time in
    nanoseconds, which orders entries added by successive updates.
    """
    entries = outbox_entries(records, start=time.time_ns() if start is None else start)
    merged = {operator: dict(fields) for operator, fields in update.items()}
    merged.setdefault("$set", {}).update({f"outbox.{event_id}": entry for event_id, entry in entries.items()})
    merged["$set"][PENDING] = True
    return merged


class OutboxRelay:
    """Publishes pending outbox entries of some collections; woken after writes, polling otherwise."""

    def __init__(self, broker: KafkaBroker, collections: list[AsyncCollection[Document]], poll_interval: float):
        self._broker = broker
        self._collections = collections
        self._poll_interval = poll_interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        for collection in self._collections:
            await collection.create_index([(PENDING, ASCENDING)])
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def wake(self) -> None:
        self._wake.set()

    async def publish_pending(self) -> int:
        """One pass over every collection; returns how many records were published."""
        published = 0
        for collection in self._collections:
            async for document in collection.find({PENDING: True}, {"outbox": 1}).limit(500):
                published += await self._publish_document(collection, document)
        return published

    async def _publish_document(self, collection: AsyncCollection[Document], document: Document) -> int:
        entries: dict[str, Document] = document.get("outbox") or {}
        for event_id, entry in sorted(entries.items(), key=lambda item: int(item[1]["seq"])):
            await self._publish(entry)
            await collection.update_one(
                {"_id": document["_id"], f"outbox.{event_id}": {"$exists": True}},
                {"$unset": {f"outbox.{event_id}": ""}},
            )
        await collection.update_one({"_id": document["_id"], "outbox": {}}, {"$set": {PENDING: False}})
        return len(entries)

    async def _publish(self, entry: Document) -> None:
        token = otel_context.attach(propagate.extract(entry.get("trace") or {}))
        try:
            record = KafkaRecord(entry["topic"], entry["key"], entry["value"].encode(), entry["headers"])
            await publish_record(self._broker, record)
        finally:
            otel_context.detach(token)

    async def _run(self) -> None:
        failures = 0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_interval)
            self._wake.clear()
            try:
                published = await self.publish_pending()
            except Exception as exc:
                failures += 1
                log.warning("outbox_publish_failed", error=type(exc).__name__, detail=str(exc), failures=failures)
                await asyncio.sleep(min(self._poll_interval * failures, 10.0))
                continue
            if failures:
                log.info("outbox_publish_recovered", after_failures=failures)
            failures = 0
            if published:
                log.debug("outbox_published", records=published)
