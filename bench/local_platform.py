"""A fresh local stack and platform for one benchmark run, on free ports in a temporary folder,
so that a running `make run` is never measured or disturbed; stopped when the run ends."""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from bench.options import DATABASE_KEYS
from egov_localstack.databases import ensure_databases
from egov_localstack.kafka_auth import ADMIN
from egov_localstack.platform import SERVICES, Platform
from egov_localstack.processes import free_port
from egov_localstack.stack import LocalStack, external_connection
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
    stack = LocalStack.throwaway("egov-bench-")
    base_dir = stack.base_dir
    given = external_connection()
    connection = given or stack.start()
    prefix = f"bench{os.getpid()}_"
    services = tuple(replace(spec, port=free_port(), database=prefix + spec.database) for spec in SERVICES)
    platform = Platform(connection, base_dir / "platform", services=services)
    # NOTE: the bench's own clients (and its child processes) read Kafka's credentials from the
    # environment, as on a given cluster: on the local broker they are its super user's.
    if connection.kafka_principals is not None:
        os.environ.update(connection.kafka_principals.client_env(ADMIN))
    try:
        platform.start()
        yield Target(
            intake_url=platform.url("intake"),
            kafka=connection.kafka_bootstrap_servers,
            database_urls={name: platform.database_url(name) for name in DATABASE_KEYS},
        )
    finally:
        platform.stop()
        if given is None:
            stack.stop()
        shutil.rmtree(base_dir, ignore_errors=True)
