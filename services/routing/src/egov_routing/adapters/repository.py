"""Routing's record of each application: its lifecycle state, deadline and pending events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pymongo.errors import DuplicateKeyError

from egov_sdk.outbox import OutboxCollection

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_schemas.lifecycle import StateTransition
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document


class ApplicationStates:
    def __init__(self, collection: AsyncCollection[Document]):
        self.outbox = OutboxCollection(collection)

    async def create(self, state: Document, records: list[KafkaRecord]) -> bool:
        """Record a newly routed (or rejected) application; False if it was already recorded."""
        try:
            await self.outbox.insert({**state, "applied_replies": []}, records)
        except DuplicateKeyError:
            return False
        return True

    async def get(self, application_id: str) -> Document | None:
        return await self.outbox.collection.find_one({"_id": application_id}, {"outbox": 0})

    async def advance(
        self, current: Document, event: StateTransition, reply_id: str, records: list[KafkaRecord]
    ) -> bool:
        """Move to the event's state if nothing changed since `current` was read (optimistic)."""
        result = await self.outbox.update(
            current["_id"],
            {
                "$set": {"state": event.state.value, "sequence": event.sequence, "updated_at": event.occurred_at},
                "$push": {"applied_replies": reply_id},
            },
            records,
            condition={"sequence": current["sequence"]},
            start=event.sequence,
        )
        return result.modified_count == 1
