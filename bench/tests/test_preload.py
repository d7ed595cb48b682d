from collections.abc import Iterable, Sequence
from typing import Any

import pytest

from bench import preload as preload_module
from bench.preload import TABLES, preload


class FakeConnection:
    def __init__(self, database: str, copies: list[tuple[str, str, list[Sequence[Any]], Sequence[str]]]):
        self.database = database
        self.copies = copies
        self.closed = False

    async def fetchval(self, query: str, *args: Any) -> Any:
        raise NotImplementedError

    async def copy_records_to_table(
        self, table_name: str, *, records: Iterable[Sequence[Any]], columns: Sequence[str]
    ) -> str:
        rows = list(records)
        self.copies.append((self.database, table_name, rows, columns))
        return f"COPY {len(rows)}"

    async def close(self) -> None:
        self.closed = True


@pytest.fixture
def copies(monkeypatch):
    copied: list[tuple[str, str, list[Sequence[Any]], Sequence[str]]] = []
    opened: list[FakeConnection] = []

    async def connect(url: str) -> FakeConnection:
        connection = FakeConnection(url.rsplit("/", 1)[-1], copied)
        opened.append(connection)
        return connection

    monkeypatch.setattr(preload_module, "connect", connect)
    monkeypatch.setattr(preload_module, "CHUNK", 2)
    yield copied
    assert all(connection.closed for connection in opened)


async def test_every_table_gets_rows_that_fit_its_columns(copies):
    urls = {name: f"postgresql://127.0.0.1/{name}" for name in ("intake", "routing", "notifications", "handler-sofia")}
    await preload(urls, 5)
    counts: dict[tuple[str, str, str], int] = {}
    for database, table, rows, columns in copies:
        assert all(len(row) == len(columns) for row in rows)
        key = (database, table, rows[0][0] if table == "processed_events" else "")
        counts[key] = counts.get(key, 0) + len(rows)
    assert counts[("intake", "applications", "")] == 5
    assert counts[("intake", "status_history", "")] == 20
    assert counts[("routing", "applications", "")] == 5
    assert counts[("notifications", "notifications", "")] == 15
    assert counts[("intake", "processed_events", "intake.status")] == 20
    assert counts[("routing", "processed_events", "routing.submissions")] == 5
    assert counts[("routing", "processed_events", "routing.replies")] == 10
    assert counts[("handler-sofia", "processed_events", "handler.sofia")] == 5
    assert counts[("notifications", "processed_events", "notifications.lifecycle")] == 20
    # NOTE: the history refers to the applications, so they are copied first in every chunk.
    intake_tables = [table for database, table, _, _ in copies if database == "intake"]
    assert intake_tables[:3] == ["applications", "status_history", "processed_events"]


async def test_only_the_given_databases_are_filled(copies):
    await preload({"routing": "postgresql://127.0.0.1/routing"}, 3)
    assert {database for database, *_ in copies} == {"routing"}
    assert len(TABLES) == 9
