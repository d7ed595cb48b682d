"""Idempotent consumption: remember which event ids a consumer has fully handled.

A unique index on (consumer, event_id) makes the record single; the record is written after the
handler succeeded. A handler that crashed half-way therefore runs again on redelivery, so each
handler's own effects must be safe to repeat (atomic single-document updates guarded by state,
inserts with deterministic ids): at-least-once delivery, effects once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

if TYPE_CHECKING:
    from pymongo.asynchronous.database import AsyncDatabase

    from egov_sdk.store import Document

COLLECTION = "processed_events"


class ProcessedEvents:
    def __init__(self, database: AsyncDatabase[Document], consumer: str):
        self._collection = database[COLLECTION]
        self._consumer = consumer

    async def setup(self) -> None:
        await self._collection.create_index([("consumer", ASCENDING), ("event_id", ASCENDING)], unique=True)

    async def seen(self, event_id: str) -> bool:
        return await self._collection.find_one({"consumer": self._consumer, "event_id": event_id}) is not None

    async def mark(self, event_id: str) -> None:
        # NOTE: a duplicate means a concurrent redelivery finished first; it is recorded once.
        with contextlib.suppress(DuplicateKeyError):
            await self._collection.insert_one(
                {"consumer": self._consumer, "event_id": event_id, "at": dt.datetime.now(dt.UTC)}
            )
