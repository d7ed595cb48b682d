"""The worklist's database work alone: the workspace's own CaseRepository timed on the same
questions as the pages (no HTTP, no session, no template), and EXPLAIN (ANALYZE, BUFFERS) of the
very statements it sends (recorded on the way, so they are the adapter's SQL, not a copy)."""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING, Any

from bench.postgres import asyncpg_dsn
from bench.worklist_report import Plan, Timing
from bench.worklist_rows import SERVICE_SHARES
from bench.worklist_scenarios import PAGE_SIZE, WrongAnswer
from egov_sdk.settings import PlatformSettings
from egov_sdk.store import Row, Store
from egov_workspace.adapters.cases import CaseRepository
from egov_workspace.domain.worklist import Scope, WorklistQuery, parse_query

if TYPE_CHECKING:
    from bench.worklist_scenarios import Scenario

DUE_SOON_DAYS = 3
"""The workspace's default `due_soon_days`."""
STATEMENTS = ("total", "page", "counts")
"""What the worklist page asks the database, in order: CaseRepository.worklist() twice, .counts() once."""


class RecordingStore(Store):
    """The service's store, keeping the statements read through it (and their arguments)."""

    def __init__(self, settings: PlatformSettings):
        super().__init__(settings)
        self.statements: list[tuple[str, tuple[Any, ...]]] = []

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        self.statements.append((query, args))
        return await super().fetch(query, *args)

    async def fetchval(self, query: str, *args: Any) -> Any:
        self.statements.append((query, args))
        return await super().fetchval(query, *args)


def query_of(scenario: Scenario) -> WorklistQuery:
    """The worklist query the page makes of the scenario's parameters (the page's own parsing)."""
    query, bad = parse_query(scenario.params, {service for service, _ in SERVICE_SHARES})
    if bad:
        raise WrongAnswer(f"{scenario.name}: bad filters {bad}")
    return query


async def _timed(call: Any) -> float:
    started = time.perf_counter()
    await call
    return (time.perf_counter() - started) * 1000


async def time_repository(
    database_url: str, scope: Scope, scenarios: list[Scenario], requests: int, warmup: int
) -> tuple[dict[str, tuple[Timing, Timing]], dict[str, list[tuple[str, tuple[Any, ...]]]]]:
    """Per worklist scenario the times of worklist() and counts(), and the statements they send."""
    store = RecordingStore(
        PlatformSettings(service_name="bench-worklist", database_url=asyncpg_dsn(database_url), database_pool_size=1)
    )
    await store.open()
    cases = CaseRepository(store)
    timings: dict[str, tuple[Timing, Timing]] = {}
    statements: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    try:
        for scenario in (s for s in scenarios if s.total is not None):
            query = query_of(scenario)
            store.statements.clear()
            rows, total = await cases.worklist(scope, query, PAGE_SIZE)
            await cases.counts(scope, query)
            if (total, len(rows)) != (scenario.total, scenario.rows):
                raise WrongAnswer(f"{scenario.name}: the repository found {total} ({len(rows)} rows)")
            statements[scenario.name] = list(store.statements)
            for _ in range(max(0, warmup - 1)):
                await cases.worklist(scope, query, PAGE_SIZE)
                await cases.counts(scope, query)
            page_ms, counts_ms = [], []
            for _ in range(requests):
                page_ms.append(await _timed(cases.worklist(scope, query, PAGE_SIZE)))
                counts_ms.append(await _timed(cases.counts(scope, query)))
            timings[scenario.name] = (Timing(scenario.name, page_ms), Timing(scenario.name, counts_ms))
    finally:
        await store.close()
    return timings, statements


async def explain(database_url: str, scenario: str, statements: list[tuple[str, tuple[Any, ...]]]) -> list[Plan]:
    """EXPLAIN (ANALYZE, BUFFERS) of each statement with the values it was sent with."""
    store = Store(PlatformSettings(service_name="bench-worklist", database_url=asyncpg_dsn(database_url)))
    await store.open()
    try:
        plans = []
        for label, (query, args) in zip(STATEMENTS, statements, strict=True):
            rows = await store.fetch(f"EXPLAIN (ANALYZE, BUFFERS) {query}", *args)
            plans.append(Plan(scenario, label, [row[0] for row in rows]))
        return plans
    finally:
        await store.close()


def scope_of(administration: str, person: str, today: dt.date) -> Scope:
    return Scope(administration, person, today, DUE_SOON_DAYS)
