"""Dead letters: a record a consumer cannot process goes, unchanged, to that consumer's DLQ topic
with the reason and its origin in `x-dlq-*` headers; the consumer then moves on.

Dead letters are queued in the outbox with the consumer's other writes, so a record is either
handled or dead-lettered, once; a dead letter that Kafka can never take (too large) is set aside
by the relay with its reason, like any other record.

The outbox keeps keys and header values as text, which PostgreSQL refuses when it holds a NUL
character. A key or header value that is not such text (binary, not UTF-8, with NUL) is kept
base64-encoded and named in `x-dlq-base64`; a header without a value is named in `x-dlq-null`.
So nothing of a poison record is lost, and it can never stop the consumer that sets it aside.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers
from egov_sdk.cloudevents import KafkaRecord

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord

MAX_REASON_LENGTH = 1000


KEY = "key"
"""How `x-dlq-base64` names the record's key."""


def _text(value: bytes) -> str | None:
    """`value` as text the store keeps, or None."""
    try:
        text = value.decode()
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def _kept(value: bytes, name: str, encoded: list[str]) -> str:
    if (text := _text(value)) is not None:
        return text
    encoded.append(name)
    return base64.b64encode(value).decode()


def dead_letter(record: ConsumerRecord[bytes, bytes], consumer: str, reason: str) -> KafkaRecord:
    """The record to queue on `consumer`'s DLQ topic for `record`."""
    encoded: list[str] = []
    key = _kept(record.key, KEY, encoded) if record.key is not None else None
    headers, empty = {}, []
    for raw_name, value in record.headers or ():
        name = raw_name.replace("\x00", "\ufffd")
        if value is None:
            empty.append(name)
        else:
            headers[name] = _kept(value, name, encoded)
    if empty:
        headers["x-dlq-null"] = ",".join(empty)
    if encoded:
        headers["x-dlq-base64"] = ",".join(encoded)
    headers |= {
        "x-dlq-reason": mask_personal_numbers(reason)[:MAX_REASON_LENGTH],
        "x-dlq-consumer": consumer,
        "x-dlq-topic": record.topic,
        "x-dlq-partition": str(record.partition),
        "x-dlq-offset": str(record.offset),
        "x-dlq-at": dt.datetime.now(dt.UTC).isoformat(),
    }
    return KafkaRecord(topic=topics.dlq(consumer), key=key, value=record.value, headers=headers)
