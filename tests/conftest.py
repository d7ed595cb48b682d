"""The real stack for integration, end-to-end and browser tests: one broker and one store per
session, and on them one platform (every service and the example handler as processes).

With `KAFKA_BOOTSTRAP_SERVERS` and `DATABASE_URL` set (an existing cluster, or testcontainers
where Docker exists), those are used. Otherwise a fresh local Kafka and PostgreSQL start on free
ports in a temporary folder, so a running `make run` is never disturbed.

NOTE: the platform is here, not in tests/e2e, so that tests/e2e and tests/browser share the one
session-wide platform instead of starting one each.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from egov_localstack.platform import Platform, on_free_ports
from egov_localstack.processes import free_port
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


class TestClock:
    """The services' clock for deadlines and retries (their TEST_CLOCK_FILE): the system's until a
    test sets it."""

    def __init__(self, path: Path):
        self.path = path

    def set(self, moment: dt.datetime) -> None:
        self.path.write_text(moment.isoformat(), encoding="utf-8")

    def reset(self) -> None:
        self.path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def session_clock(tmp_path_factory: pytest.TempPathFactory) -> TestClock:
    return TestClock(tmp_path_factory.mktemp("clock") / "now")


@pytest.fixture(scope="session")
def platform(
    stack: Stack, stack_env: dict[str, str], session_clock: TestClock, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    """Every service and the example handler as their own processes on the session's stack, on free
    ports with databases of their own."""
    prefix = f"e2e{uuid.uuid4().hex[:6]}_"
    services = on_free_ports(prefix)
    platform = Platform(
        stack.connection,
        tmp_path_factory.mktemp("platform"),
        services=services,
        clamd_port=free_port(),
        extra_env={
            **stack_env,
            "KAFKA_METADATA_MAX_AGE_MS": "2000",
            "KAFKA_REQUEST_TIMEOUT_MS": "5000",
            "OUTBOX_POLL_INTERVAL_S": "0.5",
            "CONSUMER_RETRY_BACKOFF_S": "0.5",
            "TEST_CLOCK_FILE": str(session_clock.path),
            "DEADLINE_CHECK_INTERVAL_S": "0.5",
            "PAYMENT_CHECK_INTERVAL_S": "0.3",
            "PAYMENT_POLL_AFTER_S": "10",
            "PAYEGOV_SIM_RETRY_MINUTE_S": "0.05",
            "PAYEGOV_SIM_EXPIRY_CHECK_INTERVAL_S": "0.2",
            "DISPATCH_INTERVAL_S": "0.3",
            "E_DELIVERY_POLL_MINUTES": "0.02",
            "WEBHOOK_DISABLE_AFTER": "3",
            "CALL_INTERVAL_S": "0.2",
            "CALL_RETRY_MAX_S": "1",
            "REGIX_TIMEOUT_S": "3",
            "REGIX_BREAKER_FAILURES": "3",
            "REGIX_BREAKER_OPEN_S": "1",
            "REGISTRY_REPLY_TIMEOUT_S": "20",
        },
    )
    try:
        platform.start()
        yield platform
    finally:
        platform.stop()
