"""The audit of registry accesses: appended, never changed (a trigger refuses UPDATE, DELETE and
TRUNCATE), chained per administration through the head row, which an append locks so that two
replicas never place two entries after the same one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import astuple
from typing import TYPE_CHECKING, Any

from egov_registry_gateway.domain.access_chain import GENESIS, AccessEntry, sealed
from egov_sdk.store import columns, insert_row

if TYPE_CHECKING:
    from egov_sdk.store import Store

_COLUMNS = columns(AccessEntry)
_INSERT = insert_row("registry_access_log", AccessEntry)
# NOTE: the no-op update locks the head row (created on the first entry) and returns it in one round trip.
_TAKE_HEAD = """
INSERT INTO registry_access_heads (administration_id, seq, hash) VALUES ($1, 0, $2)
ON CONFLICT (administration_id) DO UPDATE SET seq = registry_access_heads.seq
RETURNING seq, hash
"""
_MOVE_HEAD = "UPDATE registry_access_heads SET seq = $2, hash = $3 WHERE administration_id = $1"
_PAGE = 1000


class AccessLog:
    def __init__(self, store: Store):
        self._store = store

    async def append(self, entry: AccessEntry) -> AccessEntry:
        """Place the entry after the administration's last one, in the caller's transaction."""
        async with self._store.transaction():
            head = await self._store.fetchrow(_TAKE_HEAD, entry.administration_id, GENESIS)
            assert head is not None  # NOTE: RETURNING of an upsert always gives the row
            placed = sealed(entry, head["seq"] + 1, head["hash"])
            await self._store.write(_INSERT, *astuple(placed))
            await self._store.write(_MOVE_HEAD, placed.administration_id, placed.seq, placed.hash)
        return placed

    async def of_administration(self, administration_id: str, limit: int) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM registry_access_log WHERE administration_id = $1 "
            "ORDER BY answered_at DESC, seq DESC LIMIT $2",
            administration_id,
            limit,
        )
        return [dict(row) for row in rows]

    async def of_subject(self, subject_ref: str, limit: int) -> list[AccessEntry]:
        rows = await self._store.fetch(
            f"SELECT {_COLUMNS} FROM registry_access_log WHERE subject_ref = $1 ORDER BY answered_at DESC LIMIT $2",
            subject_ref,
            limit,
        )
        return [AccessEntry(**dict(row)) for row in rows]

    async def head(self, administration_id: str) -> tuple[int, str] | None:
        row = await self._store.fetchrow(
            "SELECT seq, hash FROM registry_access_heads WHERE administration_id = $1", administration_id
        )
        return None if row is None else (row["seq"], row["hash"])

    async def chain(self, administration_id: str) -> AsyncIterator[AccessEntry]:
        """Every entry of the administration in order, read a page at a time."""
        after = 0
        while True:
            rows = await self._store.fetch(
                f"SELECT {_COLUMNS} FROM registry_access_log WHERE administration_id = $1 AND seq > $2 "
                "ORDER BY seq LIMIT $3",
                administration_id,
                after,
                _PAGE,
            )
            for row in rows:
                yield AccessEntry(**dict(row))
            if len(rows) < _PAGE:
                return
            after = rows[-1]["seq"]


def unsealed(**fields: Any) -> AccessEntry:
    """An entry before it is placed in the chain (its place and hashes are set by `append`)."""
    return AccessEntry(**fields, seq=0, previous_hash="", hash="")
