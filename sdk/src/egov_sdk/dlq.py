"""Dead letters: a record a consumer cannot process goes, unchanged, to that consumer's DLQ topic
with the reason and its origin in `x-dlq-*` headers; the consumer then moves on."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord
    from faststream.kafka import KafkaBroker

MAX_REASON_LENGTH = 1000


def dead_letter_headers(record: ConsumerRecord[bytes, bytes], consumer: str, reason: str) -> dict[str, str]:
    original = {name: value.decode(errors="replace") for name, value in record.headers or ()}
    return {
        **original,
        "x-dlq-reason": mask_personal_numbers(reason)[:MAX_REASON_LENGTH],
        "x-dlq-consumer": consumer,
        "x-dlq-topic": record.topic,
        "x-dlq-partition": str(record.partition),
        "x-dlq-offset": str(record.offset),
        "x-dlq-at": dt.datetime.now(dt.UTC).isoformat(),
    }


class DeadLetters:
    def __init__(self, broker: KafkaBroker, consumer: str):
        self._broker = broker
        self.consumer = consumer
        self.topic = topics.dlq(consumer)

    async def send(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        await self._broker.publish(
            record.value or b"",
            topic=self.topic,
            key=record.key,
            headers=dead_letter_headers(record, self.consumer, reason),
        )
