"""Event consumers: parse each record as a CloudEvent, route it by type, handle it once.

What happens to a record:
- not a valid platform event → its consumer's DLQ with the reason; the consumer moves on;
- an event type this consumer does not handle → skipped;
- already handled (same event id) → skipped;
- the handler raises `PermanentFailure`, or fails unexpectedly → DLQ with the reason;
- the store or Kafka is unreachable → not committed: after a pause the record is retried.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiokafka.errors import KafkaError
from faststream.kafka.annotations import KafkaMessage
from pymongo.errors import ConnectionFailure

from egov_sdk.cloudevents import InvalidEvent, parse_record
from egov_sdk.dlq import DeadLetters
from egov_sdk.idempotency import ProcessedEvents
from egov_sdk.kafka import TopicSpec
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord
    from faststream.kafka import KafkaBroker
    from pymongo.asynchronous.database import AsyncDatabase

    from egov_schemas import Event
    from egov_sdk.store import Document

log = get_logger(__name__)


class RetryLater(Exception):
    """The event cannot be applied yet (e.g. a concurrent update won); redeliver it after a pause."""


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (ConnectionFailure, KafkaError, TimeoutError, RetryLater)


class PermanentFailure(Exception):
    """The event is understood but can never be applied (e.g. an illegal transition)."""


@dataclass(frozen=True)
class Delivery:
    """Where a handled event came from."""

    topic: str
    key: str | None


EventHandler = Callable[[Any, Delivery], Awaitable[None]]


class EventConsumer:
    """One consumer group: its handlers by event type, its DLQ and its record of handled events."""

    def __init__(
        self,
        broker: KafkaBroker,
        database: AsyncDatabase[Document],
        *,
        name: str,
        handlers: Mapping[type[Event], EventHandler],
        retry_backoff_s: float,
    ):
        self.name = name
        self._broker = broker
        self._handlers = dict(handlers)
        self._dead_letters = DeadLetters(broker, name)
        self._processed = ProcessedEvents(database, name)
        self._retry_backoff_s = retry_backoff_s

    @property
    def topic_specs(self) -> list[TopicSpec]:
        return [TopicSpec(self._dead_letters.topic)]

    def subscribe(self, *topics: str, pattern: str | None = None, description: str) -> None:
        handled = ", ".join(sorted(event.ce_type for event in self._handlers))
        subscriber = self._broker.subscriber(
            *topics,
            pattern=pattern,
            group_id=self.name,
            auto_offset_reset="earliest",
            title=f"{self.name}:{pattern or ','.join(topics)}",
            description=f"{description} Handles {handled}; anything else invalid goes to {self._dead_letters.topic}.",
        )
        subscriber(self._on_message)

    async def setup(self) -> None:
        await self._processed.setup()

    async def _on_message(self, message: KafkaMessage) -> None:
        record: ConsumerRecord[bytes, bytes] = message.raw_message
        try:
            await self.handle(record)
        except TRANSIENT_ERRORS as exc:
            log.warning("consumer_retry", consumer=self.name, topic=record.topic, error=type(exc).__name__)
            await asyncio.sleep(self._retry_backoff_s)
            raise

    async def handle(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            event = parse_record(list(record.headers or ()), record.key, record.value)
        except InvalidEvent as exc:
            await self._dead_letter(record, str(exc))
            return
        handler = self._handlers.get(type(event))
        if handler is None or await self._processed.seen(event.event_id):
            return
        try:
            await handler(event, Delivery(topic=record.topic, key=record.key.decode() if record.key else None))
        except TRANSIENT_ERRORS:
            raise
        except PermanentFailure as exc:
            await self._dead_letter(record, str(exc))
            return
        except Exception as exc:  # one bad event must not stop the consumer
            log.exception("consumer_handler_failed", consumer=self.name, ce_type=event.ce_type)
            await self._dead_letter(record, f"{type(exc).__name__}: {exc}")
            return
        # NOTE: only handled events are recorded: a dead-lettered record replayed after a fix
        # carries the same ce_id and must be handled then.
        await self._processed.mark(event.event_id)

    async def _dead_letter(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        await self._dead_letters.send(record, reason)
        log.warning(
            "event_dead_lettered",
            consumer=self.name,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=reason,
        )
