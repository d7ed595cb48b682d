"""A whole platform of its own for one run (a benchmark, the chaos test): a fresh stack on free
ports in a temporary folder, and every service on free ports with databases named for the run,
so that a running `make run` is never measured or disturbed. Everything stops when the run ends.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from dataclasses import dataclass
from typing import TYPE_CHECKING

from egov_localstack.kafka_auth import ADMIN
from egov_localstack.platform import Platform, on_free_ports
from egov_localstack.processes import free_port
from egov_localstack.stack import Connection, LocalStack, external_connection

if TYPE_CHECKING:
    from collections.abc import Iterator


@dataclass(frozen=True)
class ThrowawayPlatform:
    platform: Platform
    connection: Connection
    stack: LocalStack | None
    """The local stack the run started; None when `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` were given."""


@contextlib.contextmanager
def throwaway_platform(
    prefix: str, extra_env: dict[str, str] | None = None, *, postgres_settings: dict[str, str] | None = None
) -> Iterator[ThrowawayPlatform]:
    """Start a stack (unless the environment names one) and every service; stop all afterwards."""
    stack = LocalStack.throwaway(f"egov-{prefix}-", postgres_settings=postgres_settings)
    given = external_connection()
    try:
        connection = given or stack.start()
        # NOTE: the run's own clients (and their child processes) read Kafka's credentials from
        # the environment, as on a given cluster: on the local broker they are its super user's.
        if connection.kafka_principals is not None:
            os.environ.update(connection.kafka_principals.client_env(ADMIN))
        services = on_free_ports(f"{prefix}{os.getpid()}_")
        platform = Platform(
            connection, stack.base_dir / "platform", services=services, extra_env=extra_env, clamd_port=free_port()
        )
        try:
            platform.start()
            yield ThrowawayPlatform(platform, connection, None if given else stack)
        finally:
            platform.stop()
    finally:
        if given is None:
            stack.stop()
        shutil.rmtree(stack.base_dir, ignore_errors=True)
