"""The real stack for integration and end-to-end tests: one broker and one store per session.

With `KAFKA_BOOTSTRAP_SERVERS` and `MONGODB_URL` set (an existing cluster, or testcontainers
where Docker exists), those are used. Otherwise a fresh local Kafka and FerretDB start on free
ports in a temporary folder, so a running `make run` is never disturbed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from egov_localstack.processes import free_port
from egov_localstack.stack import Connection, LocalStack, StackPorts, external_connection


@dataclass(frozen=True)
class Stack:
    connection: Connection
    local: LocalStack | None

    def restart_kafka_after(self) -> LocalStack:
        if self.local is None:
            raise RuntimeError("stopping Kafka needs the local stack; unset KAFKA_BOOTSTRAP_SERVERS and MONGODB_URL")
        return self.local


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    given = external_connection()
    if given is not None:
        yield Stack(given, None)
        return
    local = LocalStack(
        base_dir=tmp_path_factory.mktemp("stack"),
        ports=StackPorts(kafka=free_port(), kafka_controller=free_port(), ferretdb=free_port()),
        die_with_caller=True,
    )
    try:
        yield Stack(local.start(), local)
    finally:
        local.stop()


@pytest.fixture(scope="session")
def stack_env(stack: Stack) -> dict[str, str]:
    """Environment for processes and settings objects that should use the test stack."""
    return {**stack.connection.as_env(), "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO")}
