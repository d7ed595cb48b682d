"""Administrations' own notice templates, written over the platform's (adapters/templates.py)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_sdk.store import Store

OverrideKey = tuple[int, str, str]
"""(service, or 0 for every service; state; language)"""


class TemplateOverrides:
    def __init__(self, store: Store):
        self._store = store

    async def of(self, administration_ids: list[str]) -> dict[str, dict[OverrideKey, str]]:
        """Every override of these administrations: administration → (service, state, language) → source."""
        async with self._store.transaction():
            await self._store.plan_for_these_values()
            rows = await self._store.fetch(
                "SELECT administration_id, service, state, language, source FROM template_overrides "
                "WHERE administration_id = ANY($1::text[])",
                administration_ids,
            )
        found: dict[str, dict[OverrideKey, str]] = {}
        for row in rows:
            found.setdefault(row["administration_id"], {})[(row["service"], row["state"], row["language"])] = row[
                "source"
            ]
        return found

    async def put(self, administration_id: str, key: OverrideKey, source: str, by: str, now: dt.datetime) -> None:
        service, state, language = key
        await self._store.execute(
            """
            INSERT INTO template_overrides (administration_id, service, state, language, source, updated_at, updated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            ON CONFLICT (administration_id, service, state, language)
            DO UPDATE SET source = EXCLUDED.source, updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
            """,
            administration_id,
            service,
            state,
            language,
            source,
            now,
            by,
        )

    async def remove(self, administration_id: str, key: OverrideKey) -> bool:
        service, state, language = key
        status = await self._store.execute(
            "DELETE FROM template_overrides WHERE administration_id = $1 AND service = $2 AND state = $3 "
            "AND language = $4",
            administration_id,
            service,
            state,
            language,
        )
        return affected(status) == 1

    async def list(self, administration_id: str) -> list[dict[str, Any]]:
        rows = await self._store.fetch(
            "SELECT service, state, language, source, updated_at, updated_by FROM template_overrides "
            "WHERE administration_id = $1 ORDER BY service, state, language",
            administration_id,
        )
        return [dict(row) for row in rows]
