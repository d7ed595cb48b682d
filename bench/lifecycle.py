"""Per-application times read from the lifecycle log `egov.applications`, from the bench's start on.

Records are CloudEvents in binary mode keyed by application id: `ce_type` says which transition,
the JSON value carries `application_id`, `state` and `occurred_at`. An application counts when
its `submitted` event was produced after the collector noted the end offsets, so earlier traffic
(and the preloaded history) is never mixed in.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import time
from dataclasses import dataclass, field
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.kafka_admin import client_options, partitions_of
from bench.metrics import Completion

LIFECYCLE_TOPIC = "egov.applications"
CE_TYPE_PREFIX = "bg.egov.application."
SUBMITTED = "submitted"
COMPLETED = "completed"
# NOTE: the other final states end an application too; they are counted so the wait below does
# not hang on applications that will never complete, and reported so a failing run shows it.
OTHER_FINAL_STATES = frozenset({"rejected", "unpaid", "refused", "withdrawn"})
TRACKED_STATES = frozenset({SUBMITTED, COMPLETED}) | OTHER_FINAL_STATES
KAFKA_CREATE_TIME, KAFKA_LOG_APPEND_TIME = 0, 1


@dataclass
class LifecycleTally:
    submitted_at: dict[str, float] = field(default_factory=dict)
    completions: list[Completion] = field(default_factory=list)
    other_final: dict[str, int] = field(default_factory=dict)

    @property
    def final(self) -> int:
        return len(self.completions) + sum(self.other_final.values())

    @property
    def submitted(self) -> int:
        """Applications submitted since the start: those still open and those that ended."""
        return len(self.submitted_at) + self.final


def state_of(headers: list[tuple[str, bytes]] | tuple[tuple[str, bytes], ...]) -> str | None:
    """The state a lifecycle record moves to, from its `ce_type` (no need to parse every body)."""
    for name, value in headers:
        if name == "ce_type":
            ce_type = value.decode(errors="replace")
            if ce_type.startswith(CE_TYPE_PREFIX):
                return ce_type.removeprefix(CE_TYPE_PREFIX).rsplit(".", 1)[0]
    return None


def record_time(record: Any) -> float:
    """When the record reached the log: the producer's create time or the broker's append time."""
    if record.timestamp_type in (KAFKA_CREATE_TIME, KAFKA_LOG_APPEND_TIME) and record.timestamp >= 0:
        return float(record.timestamp) / 1000
    return time.time()


def occurred_at(body: dict[str, Any]) -> float:
    return dt.datetime.fromisoformat(body["occurred_at"]).timestamp()


def tally_record(tally: LifecycleTally, record: Any) -> None:
    state = state_of(record.headers)
    if state is None or state not in TRACKED_STATES:
        return
    body = json.loads(record.value)
    application_id = str(body["application_id"])
    if state == SUBMITTED:
        # NOTE: the citizen's moment of submission is when intake accepted it (occurred_at); the
        # outbox may publish the event a little later.
        tally.submitted_at.setdefault(application_id, occurred_at(body))
        return
    submitted_at = tally.submitted_at.pop(application_id, None)
    if submitted_at is None:
        return  # submitted before the bench started, or already ended (a redelivered event)
    if state == COMPLETED:
        # NOTE: completed means visible on the log, so the record's time, not the decision's.
        tally.completions.append(Completion(application_id, submitted_at, record_time(record)))
    else:
        tally.other_final[state] = tally.other_final.get(state, 0) + 1


class LifecycleCollector:
    """Reads the lifecycle topic from its end offsets at `start()` until `stop()`."""

    def __init__(self, kafka: str, topic: str = LIFECYCLE_TOPIC) -> None:
        self.tally = LifecycleTally()
        self._kafka = kafka
        self._topic = topic
        self._consumer = AIOKafkaConsumer(
            **client_options(kafka), group_id=None, enable_auto_commit=False, client_id="egov-bench-lifecycle"
        )
        self._task: asyncio.Task[None] | None = None
        self._last_progress = time.monotonic()

    async def start(self) -> None:
        numbers = await partitions_of(self._kafka, self._topic)
        if not numbers:
            raise RuntimeError(f"topic {self._topic} does not exist on {self._kafka}: is the platform running?")
        partitions = [TopicPartition(self._topic, number) for number in numbers]
        await self._consumer.start()
        try:
            self._consumer.assign(partitions)
            ends = await self._consumer.end_offsets(partitions)
            for partition in partitions:
                self._consumer.seek(partition, ends[partition])
        except BaseException:
            await self._consumer.stop()
            raise
        self._task = asyncio.create_task(self._consume())

    async def _consume(self) -> None:
        while True:
            batches = await self._consumer.getmany(timeout_ms=500, max_records=2000)
            final_before = self.tally.final
            for records in batches.values():
                for record in records:
                    tally_record(self.tally, record)
            if self.tally.final > final_before:
                self._last_progress = time.monotonic()

    async def wait_for_final(self, expected: int, idle_timeout_s: float) -> bool:
        """Until `expected` applications have ended, or none ended for `idle_timeout_s`."""
        self._last_progress = time.monotonic()
        while self.tally.final < expected:
            if self._task is not None and self._task.done():
                self._task.result()  # NOTE: re-raises what stopped the consumer
                return False
            if time.monotonic() - self._last_progress > idle_timeout_s:
                return False
            await asyncio.sleep(0.2)
        return True

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._consumer.stop()
