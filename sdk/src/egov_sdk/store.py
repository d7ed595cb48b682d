"""The store: each service's own PostgreSQL database, through an asyncpg connection pool.

A unit of work is one transaction, held in a context variable while it is open: repository code
calls `store.fetchrow(...)`/`store.execute(...)` and joins the caller's transaction when there is
one (a consumer's batch, an HTTP request's write), or runs on its own otherwise. The outbox, the
consumer's record of handled events and the handler's effects are therefore one commit.

NOTE: a transaction's connection is used by one task at a time; code inside a transaction must
not run queries concurrently (no `asyncio.gather` over store calls).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import datetime as dt
import itertools
import json
import operator
from collections.abc import AsyncIterator, Awaitable, Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

if TYPE_CHECKING:
    from egov_sdk.settings import PlatformSettings

# NOTE: asyncpg ships no type information; a row (`asyncpg.Record`) reads like a mapping.
Row: TypeAlias = Any

# NOTE: failures that pass when the same work is tried again later: the server restarting or
# unreachable, a lost connection, a serialization failure or deadlock between concurrent
# transactions, a statement timeout. Anything else is a fault of the work itself.
# NOTE: errors that leave a connection unusable (the server went away mid-query); such a
# connection is terminated so the pool opens a fresh one instead of handing it out again.
CONNECTION_ERRORS: tuple[type[Exception], ...] = (
    asyncpg.PostgresConnectionError,
    asyncpg.InterfaceError,
    asyncpg.exceptions.InternalClientError,
    asyncpg.exceptions.OperatorInterventionError,
    ConnectionError,
    OSError,
)
TRANSIENT_STORE_ERRORS: tuple[type[Exception], ...] = (
    *CONNECTION_ERRORS,
    asyncpg.exceptions.TransactionRollbackError,
    asyncpg.exceptions.InsufficientResourcesError,
    asyncpg.exceptions.LockNotAvailableError,
    TimeoutError,
)


class Transaction:
    """An open transaction: its connection, what to write just before it commits, and what to
    run once it has committed."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection
        self.pending: dict[object, list[Any]] = {}
        self._writes: list[tuple[str, tuple[Any, ...]]] = []
        self._before_commit: list[Callable[[], Awaitable[None]]] = []
        self._after_commit: list[Callable[[], None]] = []

    def before_commit(self, callback: Callable[[], Awaitable[None]]) -> None:
        self._before_commit.append(callback)

    def after_commit(self, callback: Callable[[], None]) -> None:
        if callback not in self._after_commit:
            self._after_commit.append(callback)

    def write_before_commit(self, query: str, args: tuple[Any, ...]) -> None:
        self._writes.append((query, args))

    async def flush_writes(self) -> None:
        """Run the writes held for the commit now: a statement that reads must see them."""
        # NOTE: consecutive writes of one statement go in one round trip (asyncpg pipelines
        # `executemany`), in the order they were made.
        writes, self._writes = self._writes, []
        for query, run in itertools.groupby(writes, key=operator.itemgetter(0)):
            await self.connection.executemany(query, [args for _, args in run])

    async def committing(self) -> None:
        await self.flush_writes()
        for callback in self._before_commit:
            await callback()

    def committed(self) -> None:
        for callback in self._after_commit:
            callback()


_current: ContextVar[Transaction | None] = ContextVar("egov_store_transaction", default=None)


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def to_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


async def _init_connection(connection: asyncpg.Connection) -> None:
    for kind in ("json", "jsonb"):
        await connection.set_type_codec(kind, encoder=to_json, decoder=json.loads, schema="pg_catalog")


class Store:
    def __init__(self, settings: PlatformSettings):
        self.url = settings.database_url
        self._pool_size = settings.database_pool_size
        self._application_name = settings.service_name
        self._pool: asyncpg.Pool | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("the store is not open")
        return self._pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.url,
            min_size=1,
            max_size=self._pool_size,
            init=_init_connection,
            command_timeout=30,
            server_settings={"application_name": self._application_name},
        )

    async def close(self) -> None:
        if self._pool is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._pool.close(), timeout=5)
            self._pool = None

    async def connect(self) -> asyncpg.Connection:
        """A connection of its own, outside the pool (e.g. to LISTEN)."""
        connection: asyncpg.Connection = await asyncpg.connect(self.url, timeout=10)
        await _init_connection(connection)
        return connection

    def current(self) -> Transaction | None:
        """The transaction the caller is in, if any."""
        return _current.get()

    @contextlib.asynccontextmanager
    async def transaction(self, *, separate: bool = False) -> AsyncIterator[Transaction]:
        """The caller's open transaction, or a new one committed when the block ends.

        `separate` always begins a new one, committed on its own even when the caller's later
        rolls back: for what must be durable before an effect outside the store happens.
        """
        current = _current.get()
        if current is not None and not separate:
            yield current
            return
        async with (
            self.pool.acquire() as connection,
            _discarded_when_broken(connection),
            connection.transaction(),
        ):
            transaction = Transaction(connection)
            token = _current.set(transaction)
            try:
                yield transaction
                await transaction.committing()
            finally:
                _current.reset(token)
        transaction.committed()

    @contextlib.asynccontextmanager
    async def _connection(self) -> AsyncIterator[asyncpg.Connection]:
        current = _current.get()
        if current is not None:
            # NOTE: read your writes: a batch's earlier event may have queued the row this one reads.
            await current.flush_writes()
            yield current.connection
            return
        async with self.pool.acquire() as connection, _discarded_when_broken(connection):
            yield connection

    async def execute(self, query: str, *args: Any) -> str:
        async with self._connection() as connection:
            status: str = await connection.execute(query, *args)
            return status

    async def write(self, query: str, *args: Any) -> None:
        """A write whose outcome the caller does not read: in a transaction it runs just before
        the commit, pipelined with the transaction's other such writes; outside one, at once."""
        if (current := _current.get()) is not None:
            current.write_before_commit(query, args)
        else:
            await self.execute(query, *args)

    async def fetch(self, query: str, *args: Any) -> list[Row]:
        async with self._connection() as connection:
            rows: list[Row] = await connection.fetch(query, *args)
            return rows

    async def fetchrow(self, query: str, *args: Any) -> Row | None:
        async with self._connection() as connection:
            row: Row | None = await connection.fetchrow(query, *args)
            return row

    async def fetchval(self, query: str, *args: Any) -> Any:
        async with self._connection() as connection:
            return await connection.fetchval(query, *args)

    async def plan_for_these_values(self) -> None:
        """In the caller's transaction, plan each statement for the values it is given, never a
        generic plan: for look-ups of many keys at once (`= ANY($1)`) and claims of what is due,
        whose generic plan, made while a table was nearly empty, would scan it whole (ADR 0006)."""
        if self.current() is None:
            raise RuntimeError("plan_for_these_values needs a transaction")
        await self.execute("SET LOCAL plan_cache_mode = force_custom_plan")

    async def ping(self) -> bool:
        return bool(await self.fetchval("SELECT true"))


@contextlib.asynccontextmanager
async def _discarded_when_broken(connection: asyncpg.Connection) -> AsyncIterator[None]:
    try:
        yield
    except CONNECTION_ERRORS:
        # NOTE: the pool may have dropped a connection the server closed already.
        with contextlib.suppress(asyncpg.InterfaceError):
            connection.terminate()
        raise


def columns(row_type: type[Any]) -> str:
    """The column list of a table whose rows a dataclass describes, field for column."""
    return ", ".join(field.name for field in dataclasses.fields(row_type))


def insert_row(table: str, row_type: type[Any]) -> str:
    """`INSERT` of one row given as the dataclass's fields in order (`*dataclasses.astuple(row)`);
    a row whose key exists already is left as it is."""
    count = len(dataclasses.fields(row_type))
    placeholders = ", ".join(f"${n}" for n in range(1, count + 1))
    return f"INSERT INTO {table} ({columns(row_type)}) VALUES ({placeholders}) ON CONFLICT DO NOTHING"


def affected(status: str) -> int:
    """Rows an INSERT/UPDATE/DELETE touched, from its command status (`UPDATE 1`)."""
    return int(status.rsplit(" ", 1)[-1])
