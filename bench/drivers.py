"""`python -m bench.drivers`: asyncpg against psycopg 3 on intake's write path.

Each transaction is what intake does for one submission: insert the application with its first
history row, insert its two outbox records and notify the relay, commit. Both drivers run the
same SQL with the same number of connections (one per concurrent task) on a fresh local server
with the service's real schema; psycopg also in pipeline mode (statements sent without waiting).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import asyncpg
import psycopg
from psycopg.types.json import Jsonb

from bench.local_platform import local_database
from egov_intake.bootstrap import MIGRATIONS

_APPLICATION = """
WITH application AS (
    INSERT INTO applications
        (id, administration_id, service, service_version, tier, applicant, form, submitted_at, status, sequence)
    VALUES ({p[1]}, 'sofia', 2016, 1, 'ordinary', {p[2]}, {p[3]}, {p[4]}, 'submitted', 1)
    RETURNING id, submitted_at, status, sequence
)
INSERT INTO status_history (application_id, sequence, state, at)
SELECT id, sequence, status, submitted_at FROM application
"""
_OUTBOX = """
WITH queued AS (
    INSERT INTO outbox (topic, key, value, headers, trace)
    SELECT * FROM unnest({p[1]}::text[], {p[2]}::text[], {p[3]}::bytea[], {p[4]}::jsonb[], {p[5]}::jsonb[])
    RETURNING 1
)
SELECT pg_notify('egov_outbox', '') FROM (SELECT 1 FROM queued LIMIT 1) AS one
"""
APPLICANT = {"identifier": "7501010010", "name": "Иван Петров", "email": "ivan@example.bg"}
FORM = {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследство"}
VALUE = json.dumps({"application_id": "x", "form": FORM, "applicant": APPLICANT}, ensure_ascii=False).encode()
HEADERS = {"ce_id": "x", "ce_type": "bg.egov.application.submitted.v1", "ce_source": "/egov/intake"}

Submit = Callable[[Any], Awaitable[None]]


def _sql(template: str, style: str) -> str:
    marks = {n: (f"${n}" if style == "asyncpg" else "%s") for n in range(1, 6)}
    return template.format(p=marks)


async def _asyncpg_submit(connection: asyncpg.Connection) -> None:
    application_id = str(uuid.uuid4())
    async with connection.transaction():
        await connection.execute(
            _sql(_APPLICATION, "asyncpg"),
            application_id,
            json.dumps(APPLICANT),
            json.dumps(FORM),
            dt.datetime.now(dt.UTC),
        )
        await connection.execute(
            _sql(_OUTBOX, "asyncpg"),
            ["egov.applications", "egov.intake.submissions"],
            [application_id] * 2,
            [VALUE] * 2,
            [json.dumps(HEADERS)] * 2,
            ["{}"] * 2,
        )


def _psycopg_args(application_id: str) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    return (
        (application_id, Jsonb(APPLICANT), Jsonb(FORM), dt.datetime.now(dt.UTC)),
        (
            ["egov.applications", "egov.intake.submissions"],
            [application_id] * 2,
            [VALUE] * 2,
            [Jsonb(HEADERS)] * 2,
            [Jsonb({})] * 2,
        ),
    )


async def _psycopg_submit(connection: psycopg.AsyncConnection[Any]) -> None:
    application, outbox = _psycopg_args(str(uuid.uuid4()))
    async with connection.transaction():
        await connection.execute(_sql(_APPLICATION, "psycopg"), application)
        await connection.execute(_sql(_OUTBOX, "psycopg"), outbox)


async def _psycopg_pipeline_submit(connection: psycopg.AsyncConnection[Any]) -> None:
    application, outbox = _psycopg_args(str(uuid.uuid4()))
    async with connection.pipeline(), connection.transaction():
        await connection.execute(_sql(_APPLICATION, "psycopg"), application)
        await connection.execute(_sql(_OUTBOX, "psycopg"), outbox)


async def _timed(connections: list[Any], submit: Submit, transactions: int) -> float:
    remaining = transactions

    async def worker(connection: Any) -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await submit(connection)

    started = time.perf_counter()
    await asyncio.gather(*(worker(connection) for connection in connections))
    return transactions / (time.perf_counter() - started)


async def compare(url: str, transactions: int, concurrency: int) -> dict[str, float]:
    pg = [await asyncpg.connect(url) for _ in range(concurrency)]
    ps = [await psycopg.AsyncConnection.connect(url, autocommit=True) for _ in range(concurrency)]
    try:
        # NOTE: a warm-up of each, then the timed runs in turn, twice, keeping each one's best.
        figures: dict[str, float] = {}
        for _ in range(2):
            for name, connections, submit in (
                ("asyncpg", pg, _asyncpg_submit),
                ("psycopg", ps, _psycopg_submit),
                ("psycopg_pipeline", ps, _psycopg_pipeline_submit),
            ):
                await _timed(connections, submit, transactions // 10)
                rate = await _timed(connections, submit, transactions)
                figures[f"{name}_tx_per_s"] = max(rate, figures.get(f"{name}_tx_per_s", 0.0))
        return figures
    finally:
        for connection in pg:
            await connection.close()
        for other in ps:
            await other.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.drivers", description=__doc__)
    parser.add_argument("--transactions", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args(argv)
    with local_database("egov_intake", MIGRATIONS) as url:
        figures = asyncio.run(compare(url, args.transactions, args.concurrency))
    for name, value in figures.items():
        print(f"  {name:<28} {value:>10,.0f}")
    print(json.dumps({"transactions": args.transactions, "concurrency": args.concurrency, **figures}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
