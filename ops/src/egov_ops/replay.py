"""Replaying a service's projection from the log it follows (docs/operations.md, "Replaying a
projection"): the service starts it (its `POST /operations/replays/<consumer>`, as an operator),
then the new consumer group's progress is read from the broker until it has reached the end of
its topics."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx
from aiokafka import AIOKafkaConsumer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.structs import TopicPartition

from egov_sdk.kafka import connection_options

if TYPE_CHECKING:
    from egov_sdk.settings import PlatformSettings


class ReplayRefused(Exception):
    """The service did not start the replay; the message says why (its problem's detail)."""


@dataclass(frozen=True)
class Progress:
    """How far a replaying group has read its topics again: records read of the records held."""

    done: int
    total: int

    @property
    def caught_up(self) -> bool:
        return self.done >= self.total


async def start_replay(service_url: str, consumer: str, token: str) -> dict[str, Any]:
    """Ask the service to replay `consumer`; its answer names the new group and the topics."""
    async with httpx.AsyncClient(base_url=service_url, timeout=30) as client:
        try:
            response = await client.post(
                f"/operations/replays/{consumer}", headers={"Authorization": f"Bearer {token}"}
            )
        except httpx.HTTPError as exc:
            raise ReplayRefused(f"cannot reach {service_url}: {type(exc).__name__}") from exc
    if response.status_code != 202:
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        raise ReplayRefused(f"{service_url} answered {response.status_code}: {detail}")
    answer: dict[str, Any] = response.json()
    return answer


async def progress(settings: PlatformSettings, group: str, topics: list[str]) -> Progress:
    """Records the group has consumed (committed) of those its topics hold, from their beginning."""
    admin = AIOKafkaAdminClient(**connection_options(settings), client_id="egov-ops")
    await admin.start()
    consumer = AIOKafkaConsumer(**connection_options(settings), client_id="egov-ops", group_id=None)
    try:
        await consumer.start()
        described = await admin.describe_topics(topics)
        partitions = [
            TopicPartition(str(topic["topic"]), int(partition["partition"]))
            for topic in described
            for partition in topic["partitions"]
        ]
        begins = await consumer.beginning_offsets(partitions)
        ends = await consumer.end_offsets(partitions)
        committed = {tp: meta.offset for tp, meta in (await admin.list_consumer_group_offsets(group)).items()}
    finally:
        await consumer.stop()
        await admin.close()
    return measured(partitions, begins, ends, committed)


def measured(
    partitions: list[TopicPartition],
    begins: dict[TopicPartition, int],
    ends: dict[TopicPartition, int],
    committed: dict[TopicPartition, int],
) -> Progress:
    """A partition the group has committed nothing on yet counts as read up to its beginning."""
    done = total = 0
    for tp in partitions:
        begin, end = begins[tp], ends[tp]
        done += min(max(committed.get(tp, begin), begin), end) - begin
        total += end - begin
    return Progress(done=done, total=total)
