"""Reading and writing topics directly, the way an outside observer (or attacker) would."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TypeVar

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from egov_sdk.kafka import connection_options
from egov_sdk.settings import PlatformSettings

T = TypeVar("T")


async def read_topic(
    kafka: PlatformSettings, topic: str, *, timeout: float = 2.0
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record currently on `topic`, from the beginning, read as `kafka`'s principal."""
    consumer = AIOKafkaConsumer(topic, **connection_options(kafka), group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    try:
        records: list[ConsumerRecord[bytes, bytes]] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=300)
            for batch in batches.values():
                records.extend(batch)
        return records
    finally:
        await consumer.stop()


async def produce(
    kafka: PlatformSettings,
    topic: str,
    value: bytes | None,
    *,
    key: bytes | str | None = None,
    headers: Mapping[str, str | bytes | None] | None = None,
    compression_type: str | None = None,
) -> None:
    producer = AIOKafkaProducer(
        **connection_options(kafka),
        enable_idempotence=True,
        compression_type=compression_type,
        max_request_size=4 * 1024 * 1024,
    )
    await producer.start()
    try:
        await producer.send_and_wait(
            topic,
            value,
            key=key.encode() if isinstance(key, str) else key,
            headers=[(name, v.encode() if isinstance(v, str) else v) for name, v in (headers or {}).items()],
        )
    finally:
        await producer.stop()


async def eventually(probe: Callable[[], Awaitable[T | None]], *, timeout: float = 30.0, every: float = 0.3) -> T:
    """The first truthy result of `probe`, polling until `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    while True:
        result = await probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s; last result: {result!r}")
        await asyncio.sleep(every)


async def at_least(kafka: PlatformSettings, topic: str, count: int) -> list[ConsumerRecord[bytes, bytes]] | None:
    """The records on `topic` once there are `count` of them (for `eventually`)."""
    records = await read_topic(kafka, topic)
    return records if len(records) >= count else None
