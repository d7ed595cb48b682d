"""Each service's own database (and, on the local server, its own role), made when missing.

NOTE: on the local server (trust authentication on loopback) every service gets a role of its
own that owns its database. On a server given by `DATABASE_URL`, the databases are made with
that URL's user, which then owns them all; an installation provisions roles and passwords itself
(see deploy/helm) and gives each service its own URL.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit, urlunsplit

import asyncpg


def database_url(server_url: str, database: str, *, role: str | None = None) -> str:
    """`server_url` pointed at `database` (and, if given, logging in as `role`, no password)."""
    parts = urlsplit(server_url)
    netloc = parts.netloc if role is None else f"{role}@{parts.netloc.rsplit('@', 1)[-1]}"
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


async def ensure_database(server_url: str, database: str, *, own_role: bool) -> str:
    """Make `database` if it does not exist; its URL."""
    connection = await asyncpg.connect(server_url, timeout=10)
    try:
        owner = database if own_role else await connection.fetchval("SELECT current_user")
        if own_role:
            await connection.execute(
                f"DO $$ BEGIN CREATE ROLE {_quoted(database)} LOGIN; "
                "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
            )
        if not await connection.fetchval("SELECT true FROM pg_database WHERE datname = $1", database):
            # NOTE: another process may make it between the look-up and the create.
            with contextlib.suppress(asyncpg.DuplicateDatabaseError, asyncpg.UniqueViolationError):
                await connection.execute(f"CREATE DATABASE {_quoted(database)} OWNER {_quoted(owner)}")
    finally:
        await connection.close()
    return database_url(server_url, database, role=database if own_role else None)


async def drop_database(server_url: str, database: str) -> None:
    connection = await asyncpg.connect(server_url, timeout=10)
    try:
        await connection.execute(f"DROP DATABASE IF EXISTS {_quoted(database)} WITH (FORCE)")
    finally:
        await connection.close()


def ensure_databases(server_url: str, databases: list[str], *, own_roles: bool) -> dict[str, str]:
    """Every database made when missing; their URLs by name."""

    async def ensure_all() -> dict[str, str]:
        return {name: await ensure_database(server_url, name, own_role=own_roles) for name in databases}

    return asyncio.run(ensure_all())


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'
