"""Reading topics as an outside observer: where each one ended when the run began, and every
record written since, up to where it ends now."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Mapping
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.kafka_admin import admin_client, client_options, partitions_of

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord

Offsets = dict[str, dict[int, int]]
"""Per topic, per partition: an offset."""


@contextlib.asynccontextmanager
async def observer(kafka: str) -> AsyncIterator[AIOKafkaConsumer]:
    consumer = AIOKafkaConsumer(**client_options(kafka), group_id=None, enable_auto_commit=False)
    await consumer.start()
    try:
        yield consumer
    finally:
        await consumer.stop()


async def topic_names(kafka: str) -> list[str]:
    """The platform's topics."""
    async with admin_client(kafka) as admin:
        return [name for name in await admin.list_topics() if name.startswith("egov.")]


async def end_offsets(kafka: str, topics: list[str] | None = None) -> Offsets:
    """Where each topic (by default every one of the platform's) ends now."""
    if topics is None:
        topics = await topic_names(kafka)
    partitions = [TopicPartition(topic, number) for topic in topics for number in await partitions_of(kafka, topic)]
    async with observer(kafka) as consumer:
        ends = await consumer.end_offsets(partitions) if partitions else {}
    offsets: Offsets = {}
    for partition, end in ends.items():
        offsets.setdefault(partition.topic, {})[partition.partition] = end
    return offsets


async def records_since(
    kafka: str, topic: str, start: Mapping[int, int] | None = None
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record on `topic` from the `start` offsets (the beginning of partitions not named)
    to the topic's end at the time of the call."""
    partitions = [TopicPartition(topic, number) for number in await partitions_of(kafka, topic)]
    records: list[ConsumerRecord[bytes, bytes]] = []
    if not partitions:
        return records
    async with observer(kafka) as consumer:
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        for partition in partitions:
            consumer.seek(partition, (start or {}).get(partition.partition, 0))
        remaining = {p for p in partitions if await consumer.position(p) < ends[p]}
        while remaining:
            batches = await consumer.getmany(*remaining, timeout_ms=1000, max_records=5000)
            for partition, batch in batches.items():
                records.extend(record for record in batch if record.offset < ends[partition])
            remaining = {p for p in remaining if await consumer.position(p) < ends[p]}
    return records
