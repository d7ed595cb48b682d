"""Dead letters: a record a consumer cannot process goes, unchanged, to that consumer's DLQ topic
with the reason and its origin in `x-dlq-*` headers; the consumer then moves on.

Dead letters are queued in the outbox with the consumer's other writes, so a record is either
handled or dead-lettered, once; a dead letter that Kafka can never take (too large) is set aside
by the relay with its reason, like any other record.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers
from egov_sdk.cloudevents import KafkaRecord

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord

MAX_REASON_LENGTH = 1000


def dead_letter_headers(record: ConsumerRecord[bytes, bytes], consumer: str, reason: str) -> dict[str, str]:
    original = {name: (value or b"").decode(errors="replace") for name, value in record.headers or ()}
    return {
        **original,
        "x-dlq-reason": mask_personal_numbers(reason)[:MAX_REASON_LENGTH],
        "x-dlq-consumer": consumer,
        "x-dlq-topic": record.topic,
        "x-dlq-partition": str(record.partition),
        "x-dlq-offset": str(record.offset),
        "x-dlq-at": dt.datetime.now(dt.UTC).isoformat(),
    }


def dead_letter(record: ConsumerRecord[bytes, bytes], consumer: str, reason: str) -> KafkaRecord:
    """The record to queue on `consumer`'s DLQ topic for `record`."""
    return KafkaRecord(
        topic=topics.dlq(consumer),
        key=record.key.decode(errors="replace") if record.key is not None else None,
        value=record.value,
        headers=dead_letter_headers(record, consumer, reason),
    )
