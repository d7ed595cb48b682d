"""The DLQ topics on the broker: which there are and how many records each holds, their records
read from the start, and records sent back to where they came from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from egov_ops.dead_letters import DeadLetter, original
from egov_sdk.kafka import connection_options, make_producer

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from egov_sdk.settings import PlatformSettings

DLQ_TOPIC_PREFIX = "egov.dlq."
POLL_MS = 1000


def _consumer(settings: PlatformSettings) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(
        **connection_options(settings),
        client_id="egov-ops",
        group_id=None,
        enable_auto_commit=False,
        request_timeout_ms=settings.kafka_request_timeout_ms,
    )


async def _partitions(settings: PlatformSettings, topic: str) -> list[TopicPartition]:
    """The topic's partitions, from the cluster's metadata (a consumer without a group or an
    assignment is not told of a topic it does not read)."""
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id="egov-ops")
    await admin.start()
    try:
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    found = next((t for t in described if t["topic"] == topic and t["error_code"] == 0), None)
    if found is None or not found["partitions"]:
        raise LookupError(f"there is no topic {topic}")
    return [TopicPartition(topic, p["partition"]) for p in sorted(found["partitions"], key=lambda p: p["partition"])]


async def dead_letter_topics(settings: PlatformSettings) -> list[tuple[str, int]]:
    """Every DLQ topic with the number of records it holds (its retention's worth)."""
    consumer = _consumer(settings)
    try:
        await consumer.start()
        names = sorted(name for name in await consumer.topics() if name.startswith(DLQ_TOPIC_PREFIX))
        counts = []
        for name in names:
            partitions = await _partitions(settings, name)
            first = await consumer.beginning_offsets(partitions)
            last = await consumer.end_offsets(partitions)
            counts.append((name, sum(last[p] - first[p] for p in partitions)))
        return counts
    finally:
        await consumer.stop()


async def read(settings: PlatformSettings, topic: str, *, most: int | None = None) -> list[DeadLetter]:
    """The records of a DLQ topic, oldest first per partition (at most `most`)."""
    consumer = _consumer(settings)
    try:
        await consumer.start()
        partitions = await _partitions(settings, topic)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        letters: list[DeadLetter] = []
        while await _behind(consumer, partitions, ends):
            batches = await consumer.getmany(*partitions, timeout_ms=POLL_MS)
            for records in batches.values():
                letters.extend(
                    DeadLetter(topic, r.partition, r.offset, r.key, r.value, tuple(r.headers or ()))
                    for r in records
                    if r.offset < ends[TopicPartition(topic, r.partition)]
                )
            if most is not None and len(letters) >= most:
                break
        letters.sort(key=lambda letter: (letter.partition, letter.offset))
        return letters[:most] if most is not None else letters
    finally:
        await consumer.stop()


async def _behind(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], ends: dict[TopicPartition, int]
) -> bool:
    """Whether some partition has records left before the end it had when reading began."""
    for partition in partitions:
        if await consumer.position(partition) < ends[partition]:
            return True
    return False


async def redrive(
    settings: PlatformSettings, letters: Iterable[DeadLetter], done: Callable[[DeadLetter], None] | None = None
) -> int:
    """Send each dead letter's record back to its original topic, as it was (its `ce_id` too, so
    consumers that handled it skip it); `done` is told after each. The number sent."""
    producer = make_producer(settings)
    await producer.start()
    sent = 0
    try:
        for letter in letters:
            record = original(letter)
            await producer.send_and_wait(record.topic, value=record.value, key=record.key, headers=list(record.headers))
            sent += 1
            if done is not None:
                done(letter)
    finally:
        await producer.stop()
    return sent
