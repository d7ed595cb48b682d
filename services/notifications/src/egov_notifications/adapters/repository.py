"""Notifications in the store: one document per lifecycle event that warrants one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from egov_sdk.outbox import OutboxCollection
from egov_sdk.store import with_id

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document


class NotificationRepository:
    def __init__(self, collection: AsyncCollection[Document]):
        self.outbox = OutboxCollection(collection)

    async def setup(self) -> None:
        await self.outbox.collection.create_index([("application_id", ASCENDING)])

    async def add(self, notification: Document, records: list[KafkaRecord]) -> bool:
        """Record a notification (its id derives from the event, so a redelivery is a no-op)."""
        try:
            await self.outbox.insert(notification, records)
        except DuplicateKeyError:
            return False
        return True

    async def for_application(self, application_id: str) -> list[dict[str, Any]]:
        cursor = self.outbox.collection.find({"application_id": application_id}).sort("created_at", ASCENDING)
        return [with_id(document) async for document in cursor]
