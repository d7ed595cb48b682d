"""The little of asyncpg the bench uses, typed: connect, count rows, COPY records into a table."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

import asyncpg

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

CONNECT_TIMEOUT_S = 5.0


class Connection(Protocol):
    async def fetchval(self, query: str, *args: Any) -> Any: ...

    async def copy_records_to_table(
        self, table_name: str, *, records: Iterable[Sequence[Any]], columns: Sequence[str]
    ) -> str: ...

    async def close(self) -> None: ...


def asyncpg_dsn(url: str) -> str:
    """asyncpg takes `postgresql://`; services may be configured with SQLAlchemy's `postgresql+asyncpg://`."""
    scheme, separator, rest = url.partition("://")
    return f"{scheme.split('+', 1)[0]}{separator}{rest}"


async def connect(url: str) -> Connection:
    # NOTE: asyncpg ships no type information; the Protocol above types what we call.
    connection: Connection = await asyncpg.connect(asyncpg_dsn(url), timeout=CONNECT_TIMEOUT_S)
    return connection


async def count_rows(url: str | None, table: str) -> int | None:
    """Rows in `table`, or None when there is no URL or the database cannot be reached."""
    if not url:
        return None
    try:
        connection = await connect(url)
    except Exception:  # noqa: BLE001 - unreachable, refused, no such database: all mean "unknown"
        return None
    try:
        return int(await connection.fetchval(f"SELECT count(*) FROM {table}"))
    except Exception:  # noqa: BLE001 - a table that does not exist yet is "unknown", not a failed run
        return None
    finally:
        await connection.close()
