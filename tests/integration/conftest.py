from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from pymongo.asynchronous.database import AsyncDatabase

from egov_sdk.settings import PlatformSettings
from egov_sdk.store import Document, make_mongo_client
from tests.conftest import Stack


@pytest.fixture
def settings(stack: Stack) -> PlatformSettings:
    """Settings for one test: the session's stack, a database of its own."""
    return PlatformSettings(
        service_name="integration",
        kafka_bootstrap_servers=stack.connection.kafka_bootstrap_servers,
        mongodb_url=stack.connection.mongodb_url,
        mongodb_database=f"it_{uuid.uuid4().hex[:12]}",
        kafka_topic_partitions=1,
        consumer_retry_backoff_s=0.2,
    )


@pytest.fixture
def unique() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
async def database(settings: PlatformSettings) -> AsyncIterator[AsyncDatabase[Document]]:
    client = make_mongo_client(settings)
    try:
        yield client[settings.mongodb_database]
    finally:
        await client.drop_database(settings.mongodb_database)
        await client.close()
