from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from egov_localstack.databases import drop_database, ensure_database
from egov_sdk.migrate import upgrade_async
from egov_sdk.outbox import Outbox
from egov_sdk.settings import PlatformSettings
from egov_sdk.store import Store
from tests.conftest import Stack


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def settings(stack: Stack, unique: str) -> AsyncIterator[PlatformSettings]:
    """Settings for one test: the session's stack, a database of its own with the SDK's tables."""
    name = f"it_{unique}"
    url = await ensure_database(stack.connection.database_url, name, own_role=False)
    await upgrade_async(url, None)
    try:
        yield stack.kafka.model_copy(
            update={
                "service_name": "integration",
                "database_url": url,
                "kafka_topic_partitions": 1,
                "consumer_retry_backoff_s": 0.2,
                "outbox_poll_interval_s": 0.2,
            }
        )
    finally:
        await drop_database(stack.connection.database_url, name)


@pytest.fixture
async def store(settings: PlatformSettings) -> AsyncIterator[Store]:
    store = Store(settings)
    await store.open()
    try:
        yield store
    finally:
        await store.close()


@pytest.fixture
def outbox(store: Store) -> Outbox:
    return Outbox(store)
