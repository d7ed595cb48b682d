"""Clients of the session's platform (the `platform` fixture, in tests/conftest.py) and the test clock."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from egov_localstack.cli import local_token
from egov_localstack.platform import Platform
from egov_sdk.auth import SERVICE
from tests.conftest import TestClock


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # NOTE: tests that stop the broker run last, so that a slow recovery cannot be mistaken for
    # a failure of the tests after them.
    items.sort(key=lambda item: item.get_closest_marker("disruptive") is not None)


@pytest.fixture
def test_clock(session_clock: TestClock) -> Iterator[TestClock]:
    """The clock for one test, back to the system's afterwards (reminders then follow real time)."""
    try:
        yield session_clock
    finally:
        session_clock.reset()


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
