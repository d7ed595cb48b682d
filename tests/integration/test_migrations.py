"""A service's schema migrations run as a command, the same ones it applies at start, and
running them again changes nothing."""

from __future__ import annotations

import asyncio
import os
import sys

import asyncpg

from egov_localstack.databases import drop_database, ensure_database
from egov_localstack.platform import LOCAL_AUTH_JWT_KEY, LOCAL_PAYEGOV_SECRET


async def migrate(module: str, url: str) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        module,
        "migrate",
        # NOTE: the command reads the service's whole configuration, as its deployment job would.
        env={
            **os.environ,
            "DATABASE_URL": url,
            "AUTH_JWT_KEY": LOCAL_AUTH_JWT_KEY,
            "PAYEGOV_SECRET": LOCAL_PAYEGOV_SECRET,
            "OTEL_SDK_DISABLED": "true",
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), timeout=120)
    assert process.returncode == 0, output.decode()


async def test_routing_migrates_its_database_as_a_command(stack, unique):
    name = f"it_migrate_{unique}"
    url = await ensure_database(stack.connection.database_url, name, own_role=False)
    try:
        await migrate("egov_routing", url)
        await migrate("egov_routing", url)
        connection = await asyncpg.connect(url)
        try:
            tables = {row["tablename"] for row in await connection.fetch("SELECT tablename FROM pg_tables")}
            heads = {row["version_num"] for row in await connection.fetch("SELECT version_num FROM alembic_version")}
        finally:
            await connection.close()
        sdk = {"outbox", "processed_events", "consumer_generations"}
        assert {"applications", "work_items", "payments", "decree_days", *sdk} <= tables
        assert heads == {"sdk_0002", "routing_0003"}
    finally:
        await drop_database(stack.connection.database_url, name)
