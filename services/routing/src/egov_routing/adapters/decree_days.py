"""The days the government moved by decree, as operators keep them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_sdk.store import affected

if TYPE_CHECKING:
    from egov_sdk.store import Store


@dataclass(frozen=True)
class DecreeDay:
    day: dt.date
    working: bool
    note: str
    changed_at: dt.datetime


class DecreeDays:
    def __init__(self, store: Store):
        self._store = store

    async def all(self) -> list[DecreeDay]:
        rows = await self._store.fetch("SELECT day, working, note, changed_at FROM decree_days ORDER BY day")
        return [DecreeDay(**row) for row in rows]

    async def put(self, day: DecreeDay) -> None:
        await self._store.execute(
            """
            INSERT INTO decree_days (day, working, note, changed_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (day) DO UPDATE SET working = excluded.working, note = excluded.note,
                changed_at = excluded.changed_at
            """,
            day.day,
            day.working,
            day.note,
            day.changed_at,
        )

    async def remove(self, day: dt.date) -> bool:
        return affected(await self._store.execute("DELETE FROM decree_days WHERE day = $1", day)) == 1
