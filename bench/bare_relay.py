"""The bare Kafka baseline: the platform's hops as plain aiokafka relays on the same broker.

An application crosses four consumer hops in the platform: routing reads the submission, the
handler its work item, routing the handler's reply, notifications the lifecycle event. Here a
source produces N submission-sized records to `bench.bare.<run>.<mode>.0`; four relay processes
carry them to topic 4; a sink in the harness counts them arriving. The figure is N divided by
the time from the first produce to the last arrival: what Kafka and aiokafka allow, with the
platform's delivery guarantees (acks=all, idempotent producers, commit after produce) and no
store, validation or CloudEvents handling.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from bench.application_body import SAMPLE_APPLICATION
from bench.child_processes import start_module, stop
from bench.kafka_admin import client_options, create_topics, delete_topics, wait_for_partitions
from bench.relay_stage import READY_LINE, StageSpec, make_producer

HOPS = 4
TOPIC_PREFIX = "bench.bare"
STAGE_READY_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class RelayResult:
    mode: str
    hops: int
    messages: int
    delivered: int
    duration_s: float

    @property
    def per_s(self) -> float | None:
        return self.delivered / self.duration_s if self.delivered and self.duration_s > 0 else None


def relay_record(number: int) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """Key, value and headers shaped like a submission record (CloudEvent in binary mode)."""
    application_id = str(uuid.uuid4())
    value = json.dumps({**SAMPLE_APPLICATION, "application_id": application_id}, ensure_ascii=False).encode()
    headers = [
        ("ce_specversion", b"1.0"),
        ("ce_id", str(uuid.uuid4()).encode()),
        ("ce_source", b"/egov/bench"),
        ("ce_type", b"bg.egov.application.received.v1"),
        ("ce_subject", application_id.encode()),
        ("ce_time", f"{time.time():.6f}-{number}".encode()),
        ("content-type", b"application/json"),
    ]
    return application_id.encode(), value, headers


async def bare_relay(
    kafka: str, messages: int, *, mode: str = "batched", partitions: int = 3, idle_timeout_s: float = 60.0
) -> RelayResult:
    run = f"{TOPIC_PREFIX}.{uuid.uuid4().hex[:8]}.{mode}"
    topics = [f"{run}.{hop}" for hop in range(HOPS + 1)]
    await create_topics(kafka, topics, partitions)
    stages: list[asyncio.subprocess.Process] = []
    try:
        for hop in range(HOPS):
            spec = StageSpec(kafka, topics[hop], topics[hop + 1], f"{run}.stage{hop + 1}", messages, mode)
            stages.append(await start_module("bench.relay_stage", *spec.as_args(), stdout=asyncio.subprocess.PIPE))
        await asyncio.wait_for(asyncio.gather(*(_ready(stage) for stage in stages)), STAGE_READY_TIMEOUT_S)
        sink = await _start_sink(kafka, topics[-1], partitions)
        started = time.perf_counter()
        counting = asyncio.create_task(_count_arrivals(sink, messages, idle_timeout_s))
        try:
            await _produce(kafka, topics[0], messages)
            delivered, last_arrival = await counting
        finally:
            counting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await counting
            await sink.stop()
        return RelayResult(mode, HOPS, messages, delivered, last_arrival - started)
    finally:
        for stage in stages:
            await stop(stage)
        # NOTE: leftover topics are harmless (unique names per run), so a failed delete is not an error.
        with contextlib.suppress(Exception):
            await delete_topics(kafka, topics)


async def _ready(stage: asyncio.subprocess.Process) -> None:
    assert stage.stdout is not None
    line = await stage.stdout.readline()
    if line.decode().strip() != READY_LINE:
        raise RuntimeError(f"a relay stage did not start (exit code {await stage.wait()})")


async def _start_sink(kafka: str, topic: str, partitions: int) -> Any:
    numbers = await wait_for_partitions(kafka, topic, partitions, STAGE_READY_TIMEOUT_S)
    sink = AIOKafkaConsumer(**client_options(kafka), group_id=None, enable_auto_commit=False)
    await sink.start()
    try:
        assigned = [TopicPartition(topic, number) for number in numbers]
        sink.assign(assigned)
        await sink.seek_to_beginning(*assigned)
    except BaseException:
        await sink.stop()
        raise
    return sink


async def _count_arrivals(sink: Any, expected: int, idle_timeout_s: float) -> tuple[int, float]:
    arrived, last_arrival = 0, time.perf_counter()
    while arrived < expected:
        batches = await sink.getmany(timeout_ms=500, max_records=5000)
        count = sum(len(records) for records in batches.values())
        now = time.perf_counter()
        if count:
            arrived, last_arrival = arrived + count, now
        elif now - last_arrival > idle_timeout_s:
            break
    return arrived, last_arrival


async def _produce(kafka: str, topic: str, messages: int) -> None:
    """The source: as fast as the producer takes records, like intake's outbox relay."""
    producer = make_producer(kafka, "bench-bare-source")
    await producer.start()
    try:
        pending = []
        for number in range(messages):
            key, value, headers = relay_record(number)
            pending.append(await producer.send(topic, value, key=key, headers=headers))
        await asyncio.gather(*pending)
    finally:
        await producer.stop()
