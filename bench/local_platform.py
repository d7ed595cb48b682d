"""A fresh local stack and platform for one benchmark run, on free ports in a temporary folder,
so that a running `make run` is never measured or disturbed; stopped when the run ends."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.options import DATABASE_KEYS
from egov_localstack.databases import ensure_databases
from egov_localstack.stack import LocalStack
from egov_localstack.throwaway import throwaway_platform
from egov_sdk.migrate import upgrade


@dataclass(frozen=True)
class Target:
    intake_url: str
    kafka: str
    database_urls: dict[str, str]


@contextlib.contextmanager
def local_database(name: str, migrations: Path) -> Iterator[str]:
    """A fresh PostgreSQL server alone, with one database migrated like the service's; its URL."""
    stack = LocalStack.throwaway("egov-bench-")
    try:
        stack.start_postgres()
        [url] = ensure_databases(stack.connection.database_url, [name], own_roles=True).values()
        upgrade(url, migrations)
        yield url
    finally:
        stack.stop_postgres()
        shutil.rmtree(stack.base_dir, ignore_errors=True)


@contextlib.contextmanager
def local_platform() -> Iterator[Target]:
    with throwaway_platform("bench") as started:
        yield Target(
            intake_url=started.platform.url("intake"),
            kafka=started.connection.kafka_bootstrap_servers,
            database_urls={name: started.platform.database_url(name) for name in DATABASE_KEYS},
        )
