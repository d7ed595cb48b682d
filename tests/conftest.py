"""The real stack for integration and end-to-end tests: one broker and one store per session.

With `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` set (an existing cluster, or testcontainers
where Docker exists), those are used. Otherwise a fresh local Kafka and PostgreSQL start on free
ports in a temporary folder, so a running `make run` is never disturbed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from egov_localstack.processes import free_port
from egov_localstack.stack import Connection, LocalStack, StackPorts, external_connection


@dataclass(frozen=True)
class Stack:
    connection: Connection
    local: LocalStack | None

    def restart_after(self) -> LocalStack:
        """The local stack, for a test that stops part of it and starts it again."""
        if self.local is None:
            raise RuntimeError("stopping the stack needs the local one; unset KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL")
        return self.local


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    given = external_connection()
    if given is not None:
        yield Stack(given, None)
        return
    # NOTE: not under pytest's temporary folder: that one is private to root, and PostgreSQL runs
    # as its own user, which must reach its data folder.
    base_dir = tempfile.mkdtemp(prefix="egov-stack-")
    os.chmod(base_dir, 0o755)  # noqa: S103 - the stack's folder is read by the postgres user
    local = LocalStack(
        base_dir=Path(base_dir),
        ports=StackPorts(kafka=free_port(), kafka_controller=free_port(), postgres=free_port()),
        die_with_caller=True,
    )
    try:
        yield Stack(local.start(), local)
    finally:
        local.stop()
        shutil.rmtree(base_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def stack_env(stack: Stack) -> dict[str, str]:
    """Environment for processes and settings objects that should use the test stack."""
    return {**stack.connection.as_env(), "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO")}
