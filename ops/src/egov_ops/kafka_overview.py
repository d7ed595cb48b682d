"""The platform's topics and its consumers' lag: for each consumer group, how far behind the end
of each topic it reads it is (records not yet consumed), read from the broker's committed offsets;
for each topic, its shape (partitions, replication, cleanup, retention), the records it holds and
the groups that read it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
from aiokafka.structs import TopicPartition

from egov_sdk.kafka import connection_options

if TYPE_CHECKING:
    from collections.abc import Callable

    from egov_sdk.settings import PlatformSettings

SHOWN_CONFIGS = ["cleanup.policy", "retention.ms", "retention.bytes"]
BATCH = 20
"""Topics described per round of requests (a step of the progress bar)."""


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
    await admin.start()
    # NOTE: made once the broker answered, so that a Kafka it cannot reach leaves no client unclosed.
    consumer = AIOKafkaConsumer(**connection_options(settings), client_id="egov-ops", group_id=None)
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


@dataclass(frozen=True)
class TopicOverview:
    name: str
    partitions: int
    replication_factor: int
    cleanup_policy: str
    retention_ms: int
    retention_bytes: int
    records: int
    """End minus beginning offset, over the partitions (a compacted topic holds fewer)."""
    readers: tuple[Lag, ...]


async def topic_overview(
    settings: PlatformSettings,
    *,
    prefix: str = "",
    internal: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> list[TopicOverview]:
    """Every topic whose name starts with `prefix` (Kafka's internal ones only with `internal`),
    described `BATCH` at a time; `progress` is told (topics done, topics in all) after each batch."""
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id="egov-ops")
    await admin.start()
    consumer = AIOKafkaConsumer(**connection_options(settings), client_id="egov-ops", group_id=None)
    try:
        await consumer.start()
        described = sorted(
            (t for t in await admin.describe_topics() if shown(t, prefix=prefix, internal=internal)),
            key=lambda t: str(t["topic"]),
        )
        lags = await consumer_lag(settings)
        overviews: list[TopicOverview] = []
        for start in range(0, len(described), BATCH):
            batch = described[start : start + BATCH]
            configs = await _configs(admin, [t["topic"] for t in batch])
            partitions = [TopicPartition(t["topic"], p["partition"]) for t in batch for p in t["partitions"]]
            first = await consumer.beginning_offsets(partitions)
            last = await consumer.end_offsets(partitions)
            overviews += [overview(t, configs.get(t["topic"], {}), first, last, lags) for t in batch]
            if progress is not None:
                progress(len(overviews), len(described))
        return overviews
    finally:
        await consumer.stop()
        await admin.close()


def shown(described: dict[str, Any], *, prefix: str, internal: bool) -> bool:
    """Whether a topic of the cluster's metadata is listed: Kafka's own (`__consumer_offsets`,
    `__transaction_state`, ...) only when asked for."""
    name = str(described["topic"])
    own = bool(described.get("is_internal")) or name.startswith("__")
    return name.startswith(prefix) and (internal or not own) and described.get("error_code", 0) == 0


def overview(
    described: dict[str, Any],
    configs: dict[str, str],
    first: dict[TopicPartition, int],
    last: dict[TopicPartition, int],
    lags: list[Lag],
) -> TopicOverview:
    name = str(described["topic"])
    partitions = [TopicPartition(name, p["partition"]) for p in described["partitions"]]
    return TopicOverview(
        name=name,
        partitions=len(partitions),
        replication_factor=max((len(p["replicas"]) for p in described["partitions"]), default=0),
        cleanup_policy=configs.get("cleanup.policy", "delete"),
        retention_ms=int(configs.get("retention.ms", "-1")),
        retention_bytes=int(configs.get("retention.bytes", "-1")),
        records=sum(last.get(tp, 0) - first.get(tp, 0) for tp in partitions),
        readers=tuple(lag for lag in lags if lag.topic == name),
    )


async def _configs(admin: AIOKafkaAdminClient, names: list[str]) -> dict[str, dict[str, str]]:
    """The shown configs of each topic, as the broker has them (its defaults where unset)."""
    resources = [ConfigResource(ConfigResourceType.TOPIC, name, configs=dict.fromkeys(SHOWN_CONFIGS)) for name in names]
    found: dict[str, dict[str, str]] = {}
    for response in await admin.describe_configs(resources):
        for resource in response.to_object()["resources"]:
            if resource["error_code"] == 0:
                found[resource["resource_name"]] = {
                    entry["config_names"]: entry["config_value"] for entry in resource["config_entries"]
                }
    return found
