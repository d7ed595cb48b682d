"""Topic housekeeping through the admin API: create, describe and delete.

NOTE: a consumer's `partitions_for_topic` only knows topics it already tracks (aiokafka's
`topics()` fetches metadata without keeping it), so partitions are looked up here instead.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from egov_sdk.kafka import connection_options
from egov_sdk.settings import PlatformSettings

NO_ERROR = 0


def client_options(kafka: str) -> dict[str, Any]:
    """aiokafka's arguments for `kafka`, with the credentials in the environment (KAFKA_USERNAME,
    ...), as the platform's own clients take them."""
    return connection_options(PlatformSettings(kafka_bootstrap_servers=kafka))


@contextlib.asynccontextmanager
async def admin_client(kafka: str) -> AsyncIterator[AIOKafkaAdminClient]:
    admin = AIOKafkaAdminClient(**client_options(kafka), client_id="egov-bench-admin")
    await admin.start()
    try:
        yield admin
    finally:
        await admin.close()


async def partitions_of(kafka: str, topic: str) -> list[int]:
    """The topic's partition numbers; empty when it does not exist (yet)."""
    async with admin_client(kafka) as admin:
        described = await admin.describe_topics([topic])
    for entry in described:
        if entry["topic"] == topic and entry["error_code"] == NO_ERROR:
            return sorted(int(partition["partition"]) for partition in entry["partitions"])
    return []


async def wait_for_partitions(kafka: str, topic: str, expected: int, timeout_s: float) -> list[int]:
    """The partitions of a topic just created, once the broker's metadata shows all of them."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        numbers = await partitions_of(kafka, topic)
        if len(numbers) >= expected:
            return numbers
        await asyncio.sleep(0.2)
    raise TimeoutError(f"topic {topic} has not shown {expected} partitions within {timeout_s:.0f}s")


async def create_topics(kafka: str, topics: list[str], partitions: int, replication_factor: int = 1) -> None:
    async with admin_client(kafka) as admin:
        response = await admin.create_topics(
            [NewTopic(name=topic, num_partitions=partitions, replication_factor=replication_factor) for topic in topics]
        )
    failed = [(topic, code) for topic, code, *_ in response.topic_errors if code != NO_ERROR]
    if failed:
        raise RuntimeError(f"cannot create topics: {failed}")


async def delete_topics(kafka: str, topics: list[str]) -> None:
    async with admin_client(kafka) as admin:
        await admin.delete_topics(topics)
