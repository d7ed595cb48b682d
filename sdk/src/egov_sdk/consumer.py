"""Event consumers: take records in batches, apply each batch in one store transaction, then
commit the offsets.

What happens to a record:
- not a valid platform event (a null header, no headers, bad JSON) → its consumer's DLQ with
  the reason; the rest of the batch goes on;
- an event type this consumer does not handle → skipped;
- already handled (same event id, claimed in `processed_events`) → skipped;
- the handler raises `PermanentFailure`, or fails unexpectedly → DLQ with the reason (the batch
  is rolled back and applied again without that record's effects);
- the store or Kafka is unreachable, a serialization failure, `RetryLater` → the whole batch is
  rolled back and tried again after a pause that doubles (nothing is dead-lettered).

The claim of each handled event id is written in the same transaction as the handler's effects
and its outgoing events, so each effect happens exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError
from faststream.prometheus.types import ProcessingStatus
from opentelemetry import propagate, trace

from egov_schemas import topics
from egov_sdk.cloudevents import InvalidEvent, KafkaRecord, parse_record
from egov_sdk.dlq import dead_letter
from egov_sdk.idempotency import ProcessedEvents
from egov_sdk.kafka import TopicSpec, connection_options, dead_letter_topic
from egov_sdk.logging import get_logger
from egov_sdk.metrics import BROKER, DEAD_LETTERS
from egov_sdk.projections import group_of
from egov_sdk.store import TRANSIENT_STORE_ERRORS

if TYPE_CHECKING:
    from aiokafka.structs import ConsumerRecord
    from faststream.kafka import KafkaBroker
    from faststream.prometheus.manager import MetricsManager

    from egov_schemas import Event
    from egov_sdk.outbox import Outbox
    from egov_sdk.projections import Projections
    from egov_sdk.settings import PlatformSettings
    from egov_sdk.store import Store

log = get_logger(__name__)
tracer = trace.get_tracer(__name__)
MAX_RETRY_BACKOFF_S = 30.0
GENERATION_CHECK_S = 1.0
"""How often a projection's consumer looks whether an operator replayed it."""


class RetryLater(Exception):
    """The event cannot be applied yet (e.g. what it refers to has not arrived); retry after a pause."""


TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (*TRANSIENT_STORE_ERRORS, KafkaError, RetryLater)


class PermanentFailure(Exception):
    """The event is understood but can never be applied (e.g. an illegal transition)."""


class _HandlerFailed(Exception):
    """The handler of the batch's `index`-th record failed for good; the batch goes again without it."""

    def __init__(self, index: int, reason: str):
        super().__init__(reason)
        self.index, self.reason = index, reason


@dataclass(frozen=True)
class Applied:
    """What became of a batch's records: handled, dead-lettered; the rest were passed over."""

    handled: int = 0
    dead: int = 0


@dataclass(frozen=True)
class Delivery:
    """Where a handled event came from."""

    topic: str
    key: str | None


EventHandler = Callable[[Any, Delivery], Awaitable[None]]
BatchPreparation = Callable[[list[Any]], Awaitable[None]]
"""Work done for a batch's events before its transaction, for all of them at once (e.g. a handler
deciding its work items, each waiting on a registry): the handlers then use what it prepared."""
Received: TypeAlias = "ConsumerRecord[bytes, bytes]"


class EventConsumer:
    """One consumer group: its handlers by event type, its DLQ and its record of handled events."""

    def __init__(
        self,
        settings: PlatformSettings,
        store: Store,
        outbox: Outbox,
        documentation: KafkaBroker,
        *,
        metrics: MetricsManager,
        name: str,
        handlers: Mapping[type[Event], EventHandler],
        prepare: BatchPreparation | None = None,
        wanted: Callable[[Event], bool] | None = None,
    ):
        self.name = name
        self._prepare = prepare
        self._wanted = wanted
        self._settings = settings
        self._store = store
        self._outbox = outbox
        self._documentation = documentation
        self._handlers = dict(handlers)
        self._processed = ProcessedEvents(store, name)
        self._topic_names: tuple[str, ...] = ()
        self._pattern: str | None = None
        self._consumer: AIOKafkaConsumer | None = None
        self._task: asyncio.Task[None] | None = None
        self._metrics = metrics
        self._applied_to: dict[TopicPartition, int] = {}
        self._projections: Projections | None = None
        self._generation = 0
        self._generation_checked = 0.0
        DEAD_LETTERS.labels(name)  # NOTE: shown as 0 from the start, so an alert sees the first one as growth

    @property
    def topic_names(self) -> tuple[str, ...]:
        """The topics it subscribed to by name (none when by pattern)."""
        return self._topic_names

    @property
    def topic_specs(self) -> list[TopicSpec]:
        return [dead_letter_topic(self.name)]

    def subscribe(self, *names: str, pattern: str | None = None, description: str) -> None:
        self._topic_names, self._pattern = names, pattern
        handled = ", ".join(sorted(event.ce_type for event in self._handlers))
        dlq = topics.dlq(self.name)
        subscriber = self._documentation.subscriber(
            *names,
            pattern=pattern,
            group_id=self.name,
            title=f"{self.name}:{pattern or ','.join(names)}",
            description=f"{description} Handles {handled}; anything else invalid goes to {dlq}.",
        )
        subscriber(_documented)

    def replayable(self, projections: Projections) -> None:
        """Follow the generations an operator's replays count up (`egov_sdk.projections`)."""
        self._projections = projections

    async def start(self) -> None:
        if self._projections is not None:
            self._generation = await self._projections.generation(self.name)
        self._consumer = await self._connect(self._generation)
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.name}")

    async def _connect(self, generation: int) -> AIOKafkaConsumer:
        consumer = AIOKafkaConsumer(
            **connection_options(self._settings),
            client_id=f"{self._settings.service_name}-{self.name}",
            group_id=group_of(self.name, generation),
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            metadata_max_age_ms=self._settings.kafka_metadata_max_age_ms,
            # NOTE: under load, fewer and larger fetches (each batch is one transaction); when
            # idle, a record waits at most the fetch wait.
            fetch_max_wait_ms=self._settings.consumer_fetch_max_wait_ms,
            fetch_min_bytes=self._settings.consumer_fetch_min_bytes,
            # NOTE: a consumer's requests include the group's join, which may wait for the session
            # timeout; aiokafka's default (40 s) is the floor.
            request_timeout_ms=max(self._settings.kafka_request_timeout_ms, 40000),
        )
        if self._pattern is not None:
            consumer.subscribe(pattern=self._pattern)
        else:
            consumer.subscribe(topics=list(self._topic_names))
        await consumer.start()
        return consumer

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._consumer is not None:
            await self._consumer.stop()

    async def _follow_replays(self) -> None:
        """Join the new generation's group once an operator replayed this projection: it reads
        the topic again from its beginning."""
        now = asyncio.get_running_loop().time()
        if self._projections is None or now < self._generation_checked + GENERATION_CHECK_S:
            return
        self._generation_checked = now
        try:
            generation = await self._projections.generation(self.name)
        except Exception as exc:  # noqa: BLE001 - not knowing of a replay must not stop the consumer
            log.warning("consumer_generation_unknown", consumer=self.name, error=type(exc).__name__)
            return
        if generation == self._generation or self._consumer is None:
            return
        try:
            fresh = await self._connect(generation)
        except KafkaError as exc:
            log.warning("consumer_replay_not_joined", consumer=self.name, error=type(exc).__name__)
            return  # NOTE: the old group goes on meanwhile; tried again at the next check
        log.info("consumer_replaying", consumer=self.name, generation=generation)
        previous, self._consumer, self._generation = self._consumer, fresh, generation
        self._applied_to.clear()
        await previous.stop()

    async def _run(self) -> None:
        while True:
            await self._follow_replays()
            consumer = self._consumer
            if consumer is None:
                raise RuntimeError("the consumer runs only once started")
            try:
                batches = await consumer.getmany(timeout_ms=1000, max_records=self._settings.consumer_batch_size)
            except KafkaError as exc:
                log.warning("consumer_fetch_failed", consumer=self.name, error=type(exc).__name__)
                await asyncio.sleep(self._settings.consumer_retry_backoff_s)
                continue
            records = [record for partition in batches.values() for record in partition]
            if not records:
                continue
            await self._apply_counted(records)
            for partition, received in batches.items():
                if received:
                    self._applied_to[partition] = received[-1].offset + 1
            try:
                await consumer.commit()
            except (CommitFailedError, KafkaError) as exc:
                # NOTE: the records were applied and recorded; whoever receives them again skips them.
                log.warning("consumer_commit_failed", consumer=self.name, error=type(exc).__name__)

    async def lag(self) -> dict[str, int]:
        """Records behind the end of each topic, over the partitions this process holds now."""
        consumer = self._consumer
        if consumer is None:
            return {}
        behind: dict[str, int] = {}
        for partition in consumer.assignment():
            end = consumer.highwater(partition)
            done = self._applied_to.get(partition)
            if done is None:
                # NOTE: nothing applied here since start: the position the group committed.
                with contextlib.suppress(KafkaError, TimeoutError):
                    done = await asyncio.wait_for(consumer.position(partition), timeout=0.5)
            if end is not None and done is not None:
                behind[partition.topic] = behind.get(partition.topic, 0) + max(end - done, 0)
        return behind

    async def _apply_counted(self, records: list[ConsumerRecord[bytes, bytes]]) -> None:
        """Apply the batch, with FastStream's metrics of received and processed messages."""
        metrics, labels, amount = self._metrics, {"broker": BROKER, "handler": self.name}, len(records)
        metrics.add_received_message(amount=amount, **labels)
        for record in records:
            metrics.observe_received_messages_size(size=len(record.value or b""), **labels)
        metrics.add_received_message_in_process(amount=amount, **labels)
        started = time.perf_counter()
        try:
            applied = await self._apply_until_done(records)
        finally:
            metrics.remove_received_message_in_process(amount=amount, **labels)
        for status, count in (
            (ProcessingStatus.acked, applied.handled),
            (ProcessingStatus.rejected, applied.dead),
            (ProcessingStatus.skipped, amount - applied.handled - applied.dead),
        ):
            if count:
                metrics.add_received_processed_message(status=status, amount=count, **labels)
        # NOTE: a batch is applied at once; each record is counted as its share of the batch's time.
        each = (time.perf_counter() - started) / amount
        for _ in records:
            metrics.observe_received_processed_message_duration(duration=each, **labels)

    async def _apply_until_done(self, records: list[ConsumerRecord[bytes, bytes]]) -> Applied:
        backoff = self._settings.consumer_retry_backoff_s
        while True:
            try:
                return await self.apply(records)
            except TRANSIENT_ERRORS as exc:
                self._metrics.add_received_processed_message_exception(
                    broker=BROKER, handler=self.name, exception_type=type(exc).__name__
                )
                log.warning(
                    "consumer_retry",
                    consumer=self.name,
                    records=len(records),
                    error=type(exc).__name__,
                    pause_s=backoff,
                )
            except Exception as exc:
                # NOTE: a fault outside any handler: the records are kept, the fault logged, the batch retried.
                log.exception("consumer_batch_failed", consumer=self.name, records=len(records), pause_s=backoff)
                self._metrics.add_received_processed_message_exception(
                    broker=BROKER, handler=self.name, exception_type=type(exc).__name__
                )
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, MAX_RETRY_BACKOFF_S)

    async def apply(self, records: list[ConsumerRecord[bytes, bytes]]) -> Applied:
        """Apply a batch in one transaction: handled events, their record, and dead letters.

        NOTE: no savepoint per record (two more round trips each): when a handler fails, the
        batch is rolled back and applied again with that record dead-lettered.
        """
        limit = self._settings.consumer_max_record_bytes
        parsed = [(record, _parse(record, limit)) for record in records]
        if not any(isinstance(event, str) or self._handles(event) for _, event in parsed):
            return Applied()  # NOTE: nothing of this consumer's: no transaction, nothing claimed
        if self._prepare is not None:
            # NOTE: outside the transaction, and before events are claimed: a redelivered event
            # is prepared again for nothing, which is cheaper than holding a transaction open.
            await self._prepare([e for _, e in parsed if not isinstance(e, str) and self._handles(e)])
        failed: dict[int, str] = {}
        while True:
            try:
                applied = await self._apply_once(parsed, failed)
            except _HandlerFailed as failure:
                failed[failure.index] = failure.reason
            else:
                if applied.dead:
                    DEAD_LETTERS.labels(self.name).inc(applied.dead)
                return applied

    async def _apply_once(self, parsed: list[tuple[Received, Event | str]], failed: dict[int, str]) -> Applied:
        async with self._store.transaction():
            handled = [
                (index, event)
                for index, (_, event) in enumerate(parsed)
                if not isinstance(event, str) and index not in failed and self._handles(event)
            ]
            # NOTE: only events about to be handled are claimed: a dead-lettered record replayed
            # after a fix carries the same ce_id and must be handled then.
            new = await self._processed.claim(list(dict.fromkeys(event.event_id for _, event in handled)))
            fresh = len(new)
            for index, event in handled:
                if event.event_id in new:
                    new.discard(event.event_id)  # NOTE: the same event twice in one batch: once
                    await self._handle(index, parsed[index][0], event, self._handlers[type(event)])
            dead = [
                self._dead_letter(record, event if isinstance(event, str) else failed[index])
                for index, (record, event) in enumerate(parsed)
                if isinstance(event, str) or index in failed
            ]
            await self._outbox.add(dead)
        return Applied(handled=fresh, dead=len(dead))

    def _handles(self, event: Event) -> bool:
        """Whether the event is this consumer's: a type it handles, and (`wanted`) one of its own;
        another's is passed over without being claimed or handled."""
        return type(event) in self._handlers and (self._wanted is None or self._wanted(event))

    async def _handle(
        self, index: int, record: ConsumerRecord[bytes, bytes], event: Event, handler: EventHandler
    ) -> None:
        carrier = {name: (value or b"").decode(errors="replace") for name, value in record.headers or ()}
        with tracer.start_as_current_span(
            f"process {record.topic}",
            context=propagate.extract(carrier),
            kind=trace.SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": record.topic},
        ):
            delivery = Delivery(topic=record.topic, key=record.key.decode(errors="replace") if record.key else None)
            try:
                await handler(event, delivery)
            except TRANSIENT_ERRORS:
                raise
            except PermanentFailure as exc:
                raise _HandlerFailed(index, str(exc)) from exc
            except Exception as exc:  # one bad event must not stop the consumer
                log.exception("consumer_handler_failed", consumer=self.name, ce_type=event.ce_type)
                raise _HandlerFailed(index, f"{type(exc).__name__}: {exc}") from exc

    def _dead_letter(self, record: ConsumerRecord[bytes, bytes], reason: str) -> KafkaRecord:
        log.warning(
            "event_dead_lettered",
            consumer=self.name,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
            reason=reason,
        )
        return dead_letter(record, self.name, reason)


def _parse(record: ConsumerRecord[bytes, bytes], max_bytes: int) -> Event | str:
    """The event a record carries, or why it carries none."""
    try:
        return parse_record(list(record.headers or ()), record.value, max_bytes=max_bytes)
    except InvalidEvent as exc:
        return str(exc)


async def _documented(_: bytes) -> None:
    """Stands for the consumer in the AsyncAPI document; records are consumed by `EventConsumer`."""
