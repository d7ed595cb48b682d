"""Catalog entities in the store: one document per administration, service and package, holding
its revision (the ETag) and its own outbox, so a change and its catalog event are one atomic write.

NOTE: bodies are kept as JSON text, not as nested documents: form schemas hold keys such as
`$schema` and `$ref`, which FerretDB (and older MongoDB) refuse as field names.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from pymongo.errors import DuplicateKeyError

from egov_schemas import Event, topics
from egov_sdk.cloudevents import to_record
from egov_sdk.outbox import OutboxCollection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.store import Document


class AlreadyExists(Exception):
    pass


class CatalogRepository:
    def __init__(self, collection: AsyncCollection[Document], source: str):
        self.outbox = OutboxCollection(collection)
        self._source = source

    async def setup(self) -> None:
        # NOTE: the walking skeleton's documents (before versions) had no `kind`; they hold only
        # seed data, which is stored again in the current shape.
        await self.outbox.collection.delete_many({"kind": {"$exists": False}})
        await self.outbox.collection.create_index([("kind", 1), ("sort", 1)])

    async def get(self, key: str) -> Document | None:
        return await self.outbox.collection.find_one({"_id": key}, {"outbox": 0})

    async def create(self, key: str, kind: str, fields: Document, events: Sequence[Event]) -> None:
        """Store a new entity at revision 1 with its events; AlreadyExists if the key is taken."""
        document = {"_id": key, "kind": kind, "revision": 1, "updated_at": _now(), **fields}
        try:
            await self.outbox.insert(document, [self._record(event) for event in events])
        except DuplicateKeyError as exc:
            raise AlreadyExists(key) from exc

    async def update(self, key: str, revision: int, fields: Document, events: Sequence[Event]) -> bool:
        """Write the next revision if the stored one is still `revision`; False when it moved on."""
        changes = {**fields, "revision": revision + 1, "updated_at": _now()}
        result = await self.outbox.update(
            key, {"$set": changes}, [self._record(event) for event in events], condition={"revision": revision}
        )
        return result.modified_count == 1

    async def find(self, kind: str, query: Document, *, offset: int = 0, limit: int = 0) -> tuple[list[Document], int]:
        """One page of entities of a kind (in their `sort` order) and how many match in all."""
        condition = {"kind": kind, **query}
        cursor = self.outbox.collection.find(condition, {"outbox": 0}).sort("sort", 1).skip(offset).limit(limit)
        return [document async for document in cursor], await self.outbox.collection.count_documents(condition)

    def _record(self, event: Event) -> Any:
        return to_record(event, topic=topics.CATALOG, source=self._source)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text)


def words_pattern(text: str) -> Document:
    """Every word of `text` starting a word of the entity's lower-cased search text, as a store query.

    NOTE: `\\b` is ASCII-only in Go's regexp (FerretDB), so a word start is spelled out with `\\p{L}`,
    which both Go and PCRE (MongoDB) read, and which covers Cyrillic.
    """
    return {
        "$and": [{"search": {"$regex": rf"(^|[^\p{{L}}\p{{N}}]){re.escape(word)}"}} for word in text.lower().split()]
    }


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
