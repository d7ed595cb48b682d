"""The latest work item of each open application, with the applicant's data: routing delivers it
when the fee is paid, and builds the next version from it when the citizen answers a request.
It is forgotten when the application ends, so personal data stays no longer than the work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_schemas.work import WorkItem

if TYPE_CHECKING:
    from egov_sdk.store import Store


@dataclass(frozen=True)
class KeptWorkItem:
    item: WorkItem
    delivered: bool
    """Whether this version went to the administration's inbox (not while the fee is unpaid)."""


class WorkItems:
    def __init__(self, store: Store):
        self._store = store

    async def keep(self, item: WorkItem, *, delivered: bool) -> None:
        await self._store.write(
            """
            INSERT INTO work_items (application_id, version, delivered, item) VALUES ($1, $2, $3, $4)
            ON CONFLICT (application_id) DO UPDATE
                SET version = excluded.version, delivered = excluded.delivered, item = excluded.item
            """,
            item.application_id,
            item.version,
            delivered,
            item.model_dump(mode="json"),
        )

    async def get(self, application_id: str) -> KeptWorkItem | None:
        row = await self._store.fetchrow(
            "SELECT item, delivered FROM work_items WHERE application_id = $1", application_id
        )
        return KeptWorkItem(WorkItem.model_validate(row["item"]), row["delivered"]) if row is not None else None

    async def forget(self, application_id: str) -> None:
        await self._store.write("DELETE FROM work_items WHERE application_id = $1", application_id)
