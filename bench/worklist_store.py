"""The worklist benchmark's own access to the workspace's database: COPY the cases in, and count
what each worklist question should find, in SQL of its own (not the adapter's), to check the pages."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import TYPE_CHECKING, Any, Protocol

import asyncpg

from bench.postgres import CONNECT_TIMEOUT_S, asyncpg_dsn
from bench.worklist_rows import COLUMNS, OPEN_STATES, case_rows
from bench.worklist_scenarios import Totals

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

CHUNK = 20_000
"""Cases per COPY: bounds memory whatever N is."""


class Database(Protocol):
    async def execute(self, query: str, *args: Any) -> str: ...

    async def fetch(self, query: str, *args: Any) -> list[Any]: ...

    async def fetchrow(self, query: str, *args: Any) -> Any: ...

    async def copy_records_to_table(
        self, table_name: str, *, records: Iterable[Sequence[Any]], columns: Sequence[str]
    ) -> str: ...

    async def close(self) -> None: ...


async def connect(url: str) -> Database:
    # NOTE: asyncpg ships no type information; the Protocol above types what we call.
    database: Database = await asyncpg.connect(asyncpg_dsn(url), timeout=CONNECT_TIMEOUT_S)
    return database


async def preload_cases(url: str, n: int, today: dt.date, now: dt.datetime, seed: int | None) -> None:
    """COPY n cases per administration into `cases`, then VACUUM (ANALYZE) it."""
    database = await connect(url)
    try:
        # NOTE: the local stack commits asynchronously; until a commit's WAL is flushed, VACUUM may
        # not set its rows' hint bits, so it would leave their pages out of the visibility map.
        await database.execute("SET synchronous_commit = on")
        rows = case_rows(n, today, now, seed)
        while chunk := list(itertools.islice(rows, CHUNK)):
            await database.copy_records_to_table("cases", records=chunk, columns=COLUMNS)
        # NOTE: VACUUM too, not only ANALYZE: after this many inserts autovacuum would otherwise
        # set the visibility map at some moment during the run (changing what index-only scans
        # cost mid-measurement); a table a year old has long been vacuumed.
        await database.execute("VACUUM (ANALYZE) cases")
    finally:
        await database.close()


async def totals(url: str, administration: str, me: str, service: int, today: dt.date) -> tuple[Totals, int, float]:
    """What each worklist question should count for `me` of `administration`, the table's rows,
    and the share of its pages all-visible (what index-only scans may skip the heap for)."""
    database = await connect(url)
    try:
        row = await database.fetchrow(
            """
            SELECT count(*) FILTER (WHERE state = ANY($2)) AS open,
                   count(*) FILTER (WHERE state = 'completed') AS completed,
                   count(*) AS all,
                   count(*) FILTER (WHERE state = ANY($2) AND service = $3) AS service,
                   count(*) FILTER (WHERE state = ANY($2) AND assignee = $4) AS mine,
                   count(*) FILTER (WHERE state = ANY($2) AND assignee IS NULL AND due_date < $5) AS unassigned_overdue,
                   (SELECT count(*) FROM cases) AS rows,
                   (SELECT relallvisible::float / greatest(relpages, 1) FROM pg_class
                    WHERE oid = 'cases'::regclass) AS all_visible
            FROM cases WHERE administration_id = $1
            """,
            administration,
            sorted(OPEN_STATES),
            service,
            me,
            today,
        )
    finally:
        await database.close()
    counted = Totals(**{name: int(row[name]) for name in Totals.__dataclass_fields__})
    return counted, int(row["rows"]), float(row["all_visible"])


async def open_case_of(url: str, administration: str, person: str, service: int) -> tuple[str, str] | None:
    """One open case of `person` (its application id and reference): the case page timed."""
    database = await connect(url)
    try:
        row = await database.fetchrow(
            """
            SELECT application_id, reference FROM cases
            WHERE administration_id = $1 AND assignee = $2 AND service = $3 AND state = 'accepted'
            ORDER BY due_date, application_id LIMIT 1
            """,
            administration,
            person,
            service,
        )
    finally:
        await database.close()
    return (row["application_id"], row["reference"]) if row is not None else None
