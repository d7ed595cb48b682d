"""Alembic's environment: applies every pending migration of the service and the SDK in one
transaction, holding an advisory lock so that replicas starting together migrate once."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import pool, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

MIGRATION_LOCK = "egov.migrations"


def _apply(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None, transaction_per_migration=False)
    with context.begin_transaction():
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext(:lock))"), {"lock": MIGRATION_LOCK})
        context.run_migrations()


async def _run() -> None:
    url = str(context.config.attributes["url"])
    engine = create_async_engine(url.replace("postgresql://", "postgresql+asyncpg://", 1), poolclass=pool.NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_apply)
    finally:
        await engine.dispose()


asyncio.run(_run())
