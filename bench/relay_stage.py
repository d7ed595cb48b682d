"""One hop of the bare relay: consume from one topic, produce to the next, commit after producing.

Run as its own process (`python -m bench.relay_stage ...`), as every platform service is. It
prints `ready` once its consumer group has its partitions, and exits after relaying `--messages`.

Two ways to relay, both at-least-once like the platform (commit only after the produce is acked):
- `batched`: up to `--batch-size` fetched records are produced at once and committed once, as the
  platform's consumers take a batch, apply it and commit it (egov_sdk.consumer): the headline.
- `awaited`: one record at a time, awaiting its produce and committing its offset: what a
  consumer that waits for every record could do at best.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

from bench.kafka_admin import client_options

MODES = ("batched", "awaited")
# NOTE: the default of the platform's CONSUMER_BATCH_SIZE (egov_sdk.settings.PlatformSettings).
DEFAULT_BATCH_SIZE = 200
READY_LINE = "ready"
# NOTE: the relay's topics are created just before its stages start; a short metadata age lets a
# consumer see them at once instead of after the 5-minute default.
METADATA_MAX_AGE_MS = 1000


def make_producer(kafka: str, client_id: str) -> Any:
    # NOTE: the platform's producer settings (egov_sdk.kafka.make_broker).
    return AIOKafkaProducer(
        **client_options(kafka),
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        metadata_max_age_ms=METADATA_MAX_AGE_MS,
    )


@dataclass(frozen=True)
class StageSpec:
    kafka: str
    source: str
    target: str
    group: str
    messages: int
    mode: str = "batched"
    batch_size: int = DEFAULT_BATCH_SIZE

    def as_args(self) -> list[str]:
        return [
            *("--kafka", self.kafka, "--source", self.source, "--target", self.target, "--group", self.group),
            *("--messages", str(self.messages), "--mode", self.mode, "--batch-size", str(self.batch_size)),
        ]


async def relay(spec: StageSpec) -> None:
    consumer = AIOKafkaConsumer(
        spec.source,
        **client_options(spec.kafka),
        group_id=spec.group,
        client_id=spec.group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        metadata_max_age_ms=METADATA_MAX_AGE_MS,
    )
    producer = make_producer(spec.kafka, spec.group)
    await producer.start()
    await consumer.start()
    try:
        # NOTE: aiokafka tells of an assignment only through a ConsumerRebalanceListener subclass,
        # which strict mypy rejects (aiokafka is untyped), so poll for it.
        while not consumer.assignment():  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        print(READY_LINE, flush=True)
        if spec.mode == "awaited":
            await _relay_one_by_one(consumer, producer, spec.target, spec.messages)
        else:
            await _relay_in_batches(consumer, producer, spec.target, spec.messages, spec.batch_size)
    finally:
        await consumer.stop()
        await producer.stop()


async def _relay_one_by_one(consumer: Any, producer: Any, target: str, messages: int) -> None:
    relayed = 0
    while relayed < messages:
        batches = await consumer.getmany(timeout_ms=1000)
        for partition, records in batches.items():
            for record in records:
                await producer.send_and_wait(target, record.value, key=record.key, headers=list(record.headers))
                await consumer.commit({partition: record.offset + 1})
                relayed += 1


async def _relay_in_batches(consumer: Any, producer: Any, target: str, messages: int, batch_size: int) -> None:
    relayed = 0
    while relayed < messages:
        batches = await consumer.getmany(timeout_ms=1000, max_records=batch_size)
        sent = [
            await producer.send(target, record.value, key=record.key, headers=list(record.headers))
            for records in batches.values()
            for record in records
        ]
        if sent:
            await asyncio.gather(*sent)
            await consumer.commit()
            relayed += len(sent)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kafka", required=True)
    parser.add_argument("--source", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--messages", type=int, required=True)
    parser.add_argument("--mode", choices=MODES, default="batched")
    parser.add_argument("--batch-size", type=int, default=DEFAULT_BATCH_SIZE)
    args = parser.parse_args(argv)
    spec = StageSpec(args.kafka, args.source, args.target, args.group, args.messages, args.mode, args.batch_size)
    asyncio.run(relay(spec))
    return 0


if __name__ == "__main__":
    sys.exit(main())
