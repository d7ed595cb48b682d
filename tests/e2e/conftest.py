"""Every service and the example handler as their own processes on the session's stack."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from egov_localstack.cli import local_token
from egov_localstack.platform import Platform, on_free_ports
from egov_sdk.auth import SERVICE
from tests.conftest import Stack


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # NOTE: tests that stop the broker run last, so that a slow recovery cannot be mistaken for
    # a failure of the tests after them.
    items.sort(key=lambda item: item.get_closest_marker("disruptive") is not None)


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


@pytest.fixture
def test_clock(session_clock: TestClock) -> Iterator[TestClock]:
    """The clock for one test, back to the system's afterwards (reminders then follow real time)."""
    try:
        yield session_clock
    finally:
        session_clock.reset()


@pytest.fixture(scope="session")
def platform(
    stack: Stack, stack_env: dict[str, str], session_clock: TestClock, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Platform]:
    prefix = f"e2e{uuid.uuid4().hex[:6]}_"
    services = on_free_ports(prefix)
    platform = Platform(
        stack.connection,
        tmp_path_factory.mktemp("platform"),
        services=services,
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


@pytest.fixture
async def intake(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.url("intake"), timeout=10) as client:
        yield client


@pytest.fixture
async def services(platform: Platform) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """A client per service; the staff-only APIs are called as one of the platform's services."""
    as_service = {"Authorization": f"Bearer {local_token(roles=(SERVICE,))}"}
    clients = {
        spec.name: httpx.AsyncClient(base_url=platform.url(spec.name), timeout=10, headers=as_service)
        for spec in platform.services
    }
    try:
        yield clients
    finally:
        for client in clients.values():
            await client.aclose()


@pytest.fixture
async def catalog(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=platform.url("catalog"), timeout=10) as client:
        yield client
