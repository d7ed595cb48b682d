"""The real stack for integration and end-to-end tests: one broker and one store per session.

With `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` set (an existing cluster, or testcontainers
where Docker exists), those are used. Otherwise a fresh local Kafka and PostgreSQL start on free
ports in a temporary folder, so a running `make run` is never disturbed.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from egov_localstack.stack import Connection, LocalStack, external_connection
from egov_sdk.settings import PlatformSettings


@dataclass(frozen=True)
class Stack:
    connection: Connection
    local: LocalStack | None

    @property
    def kafka(self) -> PlatformSettings:
        """Settings that reach the stack's Kafka: as the local broker's super user, or with the
        credentials given in the environment (KAFKA_USERNAME, ...) on an existing cluster."""
        given: dict[str, Any] = {name.lower(): value for name, value in self.connection.as_env().items()}
        return PlatformSettings(**given)

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
    local = LocalStack.throwaway("egov-stack-")
    try:
        yield Stack(local.start(), local)
    finally:
        local.stop()
        shutil.rmtree(local.base_dir, ignore_errors=True)


@pytest.fixture(scope="session")
def stack_env(stack: Stack) -> dict[str, str]:
    """Environment for processes and settings objects that should use the test stack."""
    return {**stack.connection.as_env(), "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO")}
