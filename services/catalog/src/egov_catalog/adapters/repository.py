"""Catalog entities in the catalog's database: one row per administration, service and package,
holding its revision (the ETag); a change and its catalog events are one transaction.

NOTE: a service's version bodies stay the JSON text that was validated and published, inside
the entity's JSONB document, so a published body is read back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from egov_schemas import Event, topics
from egov_sdk.cloudevents import to_record
from egov_sdk.store import affected

if TYPE_CHECKING:
    from collections.abc import Sequence

    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Row, Store

Document = dict[str, Any]
_WORD_START = re.compile(r"(?<![^\W_])[^\W_]")


class AlreadyExists(Exception):
    pass


@dataclass(frozen=True)
class Filter:
    """Which entities of a kind to list."""

    published: bool = False
    words: tuple[str, ...] = ()
    category: str | None = None
    provider_kind: str | None = None


class CatalogRepository:
    def __init__(self, store: Store, outbox: Outbox, source: str):
        self._store = store
        self._outbox = outbox
        self._source = source

    async def get(self, key: str) -> Document | None:
        row = await self._store.fetchrow(
            "SELECT key, kind, revision, updated_at, document FROM entities WHERE key = $1", key
        )
        return _document(row) if row is not None else None

    async def create(self, key: str, kind: str, fields: Document, events: Sequence[Event]) -> None:
        """Store a new entity at revision 1 with its events; AlreadyExists if the key is taken."""
        async with self._store.transaction():
            status = await self._store.execute(
                "INSERT INTO entities (key, kind, sort_key, revision, updated_at, document) "
                "VALUES ($1, $2, $3, 1, $4, $5) ON CONFLICT (key) DO NOTHING",
                key,
                kind,
                _sort_key(fields),
                _now(),
                _searchable(fields),
            )
            if not affected(status):
                raise AlreadyExists(key)
            await self._outbox.add([self._record(event) for event in events])

    async def update(self, key: str, revision: int, fields: Document, events: Sequence[Event]) -> bool:
        """Write the next revision if the stored one is still `revision`; False when it moved on."""
        async with self._store.transaction():
            status = await self._store.execute(
                "UPDATE entities SET document = document || $3, sort_key = $4, revision = revision + 1, "
                "updated_at = $5 WHERE key = $1 AND revision = $2",
                key,
                revision,
                _searchable(fields),
                _sort_key(fields),
                _now(),
            )
            if not affected(status):
                return False
            await self._outbox.add([self._record(event) for event in events])
        return True

    async def find(
        self, kind: str, where: Filter = Filter(), *, offset: int = 0, limit: int = 0
    ) -> tuple[list[Document], int]:
        """One page of entities of a kind (in their sort order) and how many match in all."""
        conditions, args = ["kind = $1"], [kind]
        if where.published:
            conditions.append("jsonb_typeof(document -> 'current') = 'number'")
        if where.category:
            args.append(where.category)
            conditions.append(f"document ->> 'category' = ${len(args)}")
        if where.provider_kind:
            args.append(where.provider_kind)
            conditions.append(f"document -> 'provider_kinds' ? ${len(args)}")
        for word in where.words:
            args.append(_like_prefix(word.lower()))
            conditions.append(
                f"EXISTS (SELECT 1 FROM jsonb_array_elements_text(document -> 'search_starts') AS start "
                f"WHERE start LIKE ${len(args)})"
            )
        condition = " AND ".join(conditions)
        rows = await self._store.fetch(
            f"SELECT key, kind, revision, updated_at, document, count(*) OVER () AS total FROM entities "
            f"WHERE {condition} ORDER BY sort_key OFFSET {int(offset)} LIMIT {int(limit) or 'ALL'}",
            *args,
        )
        total = rows[0]["total"] if rows else await self._count(condition, args)
        return [_document(row) for row in rows], total

    async def _count(self, condition: str, args: list[Any]) -> int:
        count: int = await self._store.fetchval(f"SELECT count(*) FROM entities WHERE {condition}", *args)
        return count

    def _record(self, event: Event) -> Any:
        return to_record(event, topic=topics.CATALOG, source=self._source)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(text: str) -> Any:
    return json.loads(text)


def _document(row: Row) -> Document:
    fields = {k: v for k, v in row["document"].items() if k != "search_starts"}
    return {
        **fields,
        "_id": row["key"],
        "kind": row["kind"],
        "revision": row["revision"],
        "updated_at": row["updated_at"],
    }


def _searchable(fields: Document) -> Document:
    """The fields with, when they have search text, where each of its words starts.

    NOTE: a word of a query matches where it starts a word of the entity's search text (in any
    script), as `LIKE 'word%'` over these suffixes.
    """
    search = fields.get("search")
    if not isinstance(search, str):
        return fields
    return {**fields, "search_starts": [search[match.start() :] for match in _WORD_START.finditer(search)]}


def _sort_key(fields: Document) -> str:
    sort = fields.get("sort", "")
    # NOTE: numbers (IISDA numbers) sort by value, as zero-padded text.
    return f"{sort:012d}" if isinstance(sort, int) else str(sort)


def _like_prefix(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
