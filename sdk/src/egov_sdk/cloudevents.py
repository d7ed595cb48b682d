"""CloudEvents 1.0 in Kafka binary mode: `ce_*` headers, `content-type`, JSON body.

`to_record` turns an event model into the exact Kafka record to send (kept as-is in outboxes);
`parse_record` turns a consumed record back into the model its `ce_type` names, or raises
`InvalidEvent` with a reason fit for a dead-letter header.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from pydantic import ValidationError

from egov_schemas import Event, event_type_for

CONTENT_TYPE = "application/json"
REQUIRED_HEADERS = ("ce_id", "ce_source", "ce_type", "ce_specversion")
_FORMAT = JSONFormat()


class InvalidEvent(ValueError):
    """A record that is not a valid platform event; the message is the reason."""


@dataclass(frozen=True)
class KafkaRecord:
    """A record ready to be produced: the CloudEvent in binary mode."""

    topic: str
    key: str | None
    value: bytes | None
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def event_id(self) -> str:
        return self.headers["ce_id"]


def to_record(event: Event, *, topic: str, source: str, time: dt.datetime | None = None) -> KafkaRecord:
    attributes: dict[str, Any] = {
        "specversion": "1.0",
        "id": event.event_id,
        "source": source,
        "type": event.ce_type,
        "time": time or dt.datetime.now(dt.UTC),
        "datacontenttype": CONTENT_TYPE,
        "dataschema": f"urn:egov:event:{event.ce_type}",
    }
    if (subject := event.subject()) is not None:
        attributes["subject"] = subject
    message = ce_kafka.to_binary(CloudEvent(attributes, event.model_dump(mode="json")), _FORMAT)
    headers = {name: value.decode() for name, value in message.headers.items()}
    return KafkaRecord(topic=topic, key=event.partition_key(), value=message.value, headers=headers)


def parse_record(headers: list[tuple[str, bytes]] | dict[str, bytes], key: bytes | None, value: bytes | None) -> Event:
    """The event model a consumed record carries; `InvalidEvent` says why when it carries none."""
    header_map = dict(headers.items() if isinstance(headers, dict) else headers)
    if empty := sorted(name for name, header in header_map.items() if header is None):
        raise InvalidEvent(f"header {', '.join(empty)} has no value")
    ce_type_raw = header_map.get("ce_type")
    if ce_type_raw is None:
        raise InvalidEvent("missing ce_type header: not a CloudEvent in binary mode")
    if header_map.get("ce_specversion") != b"1.0":
        raise InvalidEvent("ce_specversion must be 1.0")
    # NOTE: the SDK fills in a missing id; the spec requires the producer's own.
    if missing := [name for name in REQUIRED_HEADERS if not header_map.get(name)]:
        raise InvalidEvent(f"not a valid CloudEvent: missing {', '.join(missing)}")
    ce_type = ce_type_raw.decode(errors="replace")
    model = event_type_for(ce_type)
    if model is None:
        raise InvalidEvent(f"unknown ce_type {ce_type}")
    content_type = header_map.get("content-type", b"").decode(errors="replace").split(";")[0].strip()
    if content_type != CONTENT_TYPE:
        raise InvalidEvent(f"content-type must be {CONTENT_TYPE}, got {content_type or 'none'}")
    try:
        event = ce_kafka.from_binary(ce_kafka.KafkaMessage(headers=header_map, key=key, value=value or b""), _FORMAT)
    except (ValueError, TypeError, KeyError) as exc:
        raise InvalidEvent(f"not a valid CloudEvent: {exc}") from exc
    except Exception as exc:
        raise InvalidEvent(f"not a valid CloudEvent: {exc}") from exc
    return _validate(model, event.get_data(), ce_type)


def _validate(model: type[Event], data: Any, ce_type: str) -> Event:
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data)
        except ValueError as exc:
            raise InvalidEvent(f"body of {ce_type} is not JSON") from exc
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}" for error in exc.errors()
        )
        raise InvalidEvent(f"body of {ce_type} is invalid: {problems}") from exc
