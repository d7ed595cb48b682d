"""Notifications in the store: one document per lifecycle event that warrants one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pymongo import ASCENDING
from pymongo.errors import DuplicateKeyError

from egov_sdk.outbox import new_document_outbox
from egov_sdk.store import with_id

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document


class NotificationRepository:
    def __init__(self, collection: AsyncCollection[Document]):
        self.collection = collection

    async def setup(self) -> None:
        await self.collection.create_index([("application_id", ASCENDING)])

    async def add(self, notification: Document, records: list[KafkaRecord]) -> bool:
        """Record a notification (its id derives from the event, so a redelivery is a no-op)."""
        try:
            await self.collection.insert_one({**notification, **new_document_outbox(records)})
        except DuplicateKeyError:
            return False
        return True

    async def for_application(self, application_id: str) -> list[dict[str, Any]]:
        cursor = self.collection.find({"application_id": application_id}, {"outbox": 0, "outbox_pending": 0})
        return [with_id(document) async for document in cursor.sort("created_at", ASCENDING)]
