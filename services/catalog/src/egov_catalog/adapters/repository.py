"""Catalog entities in the store, one document per catalog key, each with its own outbox.

NOTE: entity bodies are kept as JSON text, not as nested documents: form schemas hold keys such
as `$schema` and `$ref`, which FerretDB (and older MongoDB) refuse as field names.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import TYPE_CHECKING, Any

from pymongo.errors import DuplicateKeyError

from egov_schemas import Event, topics
from egov_sdk.cloudevents import to_record
from egov_sdk.outbox import OutboxCollection

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.store import Document


class CatalogRepository:
    def __init__(self, collection: AsyncCollection[Document], source: str):
        self.outbox = OutboxCollection(collection)
        self._source = source

    async def save(self, event: Event) -> bool:
        """Store the entity's new state and queue its catalog event; False when nothing changed."""
        body = json.dumps(event.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        fingerprint = hashlib.sha256(body.encode()).hexdigest()
        record = to_record(event, topic=topics.CATALOG, source=self._source)
        fields = {
            "ce_type": event.ce_type,
            "body": body,
            "fingerprint": fingerprint,
            "updated_at": dt.datetime.now(dt.UTC),
        }
        try:
            # NOTE: an unchanged entity matches nothing, so the upsert tries an insert of an
            # existing _id and fails: nothing is written and no event is queued.
            await self.outbox.update(
                record.key, {"$set": fields}, [record], condition={"fingerprint": {"$ne": fingerprint}}, upsert=True
            )
        except DuplicateKeyError:
            return False
        return True

    async def get(self, key: str) -> dict[str, Any] | None:
        document = await self.outbox.collection.find_one({"_id": key}, {"body": 1})
        return None if document is None else _body(document)

    async def list(self, prefix: str) -> list[dict[str, Any]]:
        cursor = self.outbox.collection.find({"_id": {"$regex": f"^{prefix}:"}}, {"body": 1}).sort("_id", 1)
        return [_body(document) async for document in cursor]


def _body(document: Document) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(document["body"])
    return body
