"""Routing's record of each application: its lifecycle state, deadline and pending events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pymongo.errors import DuplicateKeyError

from egov_sdk.outbox import add_to_outbox, new_document_outbox

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_schemas.lifecycle import StateTransition
    from egov_sdk.cloudevents import KafkaRecord
    from egov_sdk.store import Document


class ApplicationStates:
    def __init__(self, collection: AsyncCollection[Document]):
        self.collection = collection

    async def create(self, state: Document, records: list[KafkaRecord]) -> bool:
        """Record a newly routed (or rejected) application; False if it was already recorded."""
        try:
            await self.collection.insert_one({**state, "applied_replies": [], **new_document_outbox(records)})
        except DuplicateKeyError:
            return False
        return True

    async def get(self, application_id: str) -> Document | None:
        return await self.collection.find_one({"_id": application_id}, {"outbox": 0})

    async def advance(
        self, current: Document, event: StateTransition, reply_id: str, records: list[KafkaRecord]
    ) -> bool:
        """Move to the event's state if nothing changed since `current` was read (optimistic)."""
        update = add_to_outbox(
            {
                "$set": {"state": event.state.value, "sequence": event.sequence, "updated_at": event.occurred_at},
                "$push": {"applied_replies": reply_id},
            },
            records,
            start=event.sequence,
        )
        result = await self.collection.update_one({"_id": current["_id"], "sequence": current["sequence"]}, update)
        return result.modified_count == 1
