"""The platform's topics and its consumers' lag: for each consumer group, how far behind the end
of each topic it reads it is (records not yet consumed), read from the broker's committed offsets."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient

from egov_sdk.kafka import connection_options

if TYPE_CHECKING:
    from aiokafka.structs import TopicPartition

    from egov_sdk.settings import PlatformSettings


@dataclass(frozen=True)
class Lag:
    group: str
    topic: str
    partitions: int
    committed: int
    end: int

    @property
    def behind(self) -> int:
        return self.end - self.committed


async def consumer_lag(settings: PlatformSettings, *, prefix: str = "") -> list[Lag]:
    """Every consumer group (whose name starts with `prefix`) and, per topic it has committed
    offsets on, how many records it has yet to consume."""
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id="egov-ops")
    consumer = AIOKafkaConsumer(**connection_options(settings), client_id="egov-ops", group_id=None)
    await admin.start()
    try:
        await consumer.start()
        groups = sorted(
            str(group[0]) for group in await admin.list_consumer_groups() if str(group[0]).startswith(prefix)
        )
        lags: list[Lag] = []
        for group in groups:
            committed = {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()}
            if not committed:
                continue
            ends = await consumer.end_offsets(list(committed))
            lags.extend(lag_per_topic(group, committed, ends))
        return lags
    finally:
        await consumer.stop()
        await admin.close()


def lag_per_topic(group: str, committed: dict[TopicPartition, int], ends: dict[TopicPartition, int]) -> list[Lag]:
    topics = sorted({tp.topic for tp in committed})
    return [
        Lag(
            group=group,
            topic=topic,
            partitions=sum(1 for tp in committed if tp.topic == topic),
            committed=sum(max(offset, 0) for tp, offset in committed.items() if tp.topic == topic),
            end=sum(end for tp, end in ends.items() if tp.topic == topic),
        )
        for topic in topics
    ]
