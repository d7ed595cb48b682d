"""Submitted applications in intake's store: the submission, its outbox, and its status view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egov_sdk.outbox import OutboxCollection

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_schemas.lifecycle import StateTransition
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document


class ApplicationRepository:
    def __init__(self, collection: AsyncCollection[Document]):
        self.outbox = OutboxCollection(collection)

    async def add(self, application: Document, records: list[KafkaRecord]) -> None:
        """Store the application and its first events in one insert: durable before we answer."""
        await self.outbox.insert(application, records)

    async def get(self, application_id: str) -> Document | None:
        projection = {"outbox": 0, "applicant": 0, "form": 0}
        return await self.outbox.collection.find_one({"_id": application_id}, projection)

    async def record_transition(self, event: StateTransition, detail: dict[str, Any]) -> None:
        """Apply a lifecycle event to the status view, unless a later one is already applied."""
        await self.outbox.update(
            event.application_id,
            {
                "$set": {"status": event.state.value, "sequence": event.sequence},
                "$push": {"history": {"state": event.state.value, "at": event.occurred_at, "detail": detail}},
            },
            condition={"sequence": {"$lt": event.sequence}},
        )
