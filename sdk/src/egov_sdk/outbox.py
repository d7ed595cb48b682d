"""The single-document outbox: events wait inside the aggregate's own document until published.

The store has no multi-document transactions, so the state change and the events it causes are
written in one update of one document: `outbox.<event id>` holds each ready-to-send Kafka record,
and `outbox_pending` flags the document (indexed, so the relay finds work without scanning). The
relay publishes each record, then removes exactly that entry, and clears the flag only if the
outbox is empty at that moment. A crash between publish and removal re-publishes the same record
with the same `ce_id`, which consumers deduplicate. Re-adding an event id that is still pending
replaces its entry, so it is still published once.

NOTE: FerretDB 1.x applies an update as read, modify, write back, so two concurrent updates of
one document can lose one (measured here: 200 concurrent `$inc` of one field left it at 5).
Every write of this process to an outbox document therefore goes through `OutboxCollection`,
which serialises the writes to each document; see docs/adr/0004-outbox.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
from collections.abc import AsyncIterator, Callable, Iterable
from typing import TYPE_CHECKING, Any

from opentelemetry import propagate
from pymongo import ASCENDING

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection
    from pymongo.results import UpdateResult

    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document

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


class OutboxCollection:
    """A collection of documents with outboxes; this process's writes to each document are serialised."""

    def __init__(self, collection: AsyncCollection[Document]):
        self.collection = collection
        self._locks: dict[Any, asyncio.Lock] = {}
        self._waiting: dict[Any, int] = {}
        self._queued: Callable[[], None] = lambda: None

    def on_queued(self, callback: Callable[[], None]) -> None:
        """Call `callback` whenever records are queued (the relay wakes up, instead of polling)."""
        self._queued = callback

    async def setup(self) -> None:
        await self.collection.create_index([(PENDING, ASCENDING)])

    async def insert(self, document: Document, records: Iterable[KafkaRecord]) -> None:
        """Insert a document together with its first events (raises DuplicateKeyError as usual)."""
        records = list(records)
        await self.collection.insert_one({**document, **new_document_outbox(records)})
        if records:
            self._queued()

    async def update(
        self,
        document_id: Any,
        update: Document,
        records: Iterable[KafkaRecord] = (),
        *,
        condition: Document | None = None,
        start: int | None = None,
        upsert: bool = False,
    ) -> UpdateResult:
        """Apply `update` (and queue `records`) to one document if it also matches `condition`."""
        records = list(records)
        operators = add_to_outbox(update, records, start=start) if records else update
        async with self._writing(document_id):
            result = await self.collection.update_one(
                {"_id": document_id, **(condition or {})}, operators, upsert=upsert
            )
        if records and (result.modified_count or result.upserted_id is not None):
            self._queued()
        return result

    async def remove_entry(self, document_id: Any, event_id: str) -> None:
        """Drop a published entry from the document's outbox."""
        async with self._writing(document_id):
            await self.collection.update_one(
                {"_id": document_id, f"outbox.{event_id}": {"$exists": True}}, {"$unset": {f"outbox.{event_id}": ""}}
            )

    async def clear_if_empty(self, document_id: Any) -> None:
        """Lower the pending flag, unless an entry was added since the relay read the document."""
        async with self._writing(document_id):
            await self.collection.update_one({"_id": document_id, "outbox": {}}, {"$set": {PENDING: False}})

    @contextlib.asynccontextmanager
    async def _writing(self, document_id: Any) -> AsyncIterator[None]:
        lock = self._locks.setdefault(document_id, asyncio.Lock())
        self._waiting[document_id] = self._waiting.get(document_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._waiting[document_id] -= 1
            if not self._waiting[document_id]:
                del self._waiting[document_id], self._locks[document_id]
