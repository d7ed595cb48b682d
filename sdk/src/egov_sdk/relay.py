"""The outbox relay: publishes what waits in the `outbox` table, in batches, in order per key.

One pass takes up to `OUTBOX_BATCH_SIZE` records in id order, sends them all (many in flight,
each to its partition in the order sent), waits for every acknowledgement, then deletes them in
the same transaction. Woken by this process's commits and by `NOTIFY` from other replicas;
polling is the fallback.

Several replicas relay at once: records are spread over lanes by a hash of their key, and a pass
takes only lanes it can lock (`pg_try_advisory_xact_lock`), so two relays never send records of
one key at the same time and each key's records leave in the order they were written.

A record Kafka can never take (too large, its topic missing, not authorized) is moved to
`outbox_set_aside` with the reason, logged and counted; it never holds up the records behind it.
Any other failure leaves the batch in the table to be sent again after a pause, by a new
producer: an idempotent producer whose send failed (a partition leader moving, a broker
restarting) can be left with sequence numbers the broker refuses for good.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

from aiokafka.errors import (
    KafkaError,
    MessageSizeTooLargeError,
    RecordTooLargeError,
    TopicAuthorizationFailedError,
    UnknownTopicOrPartitionError,
)
from faststream.prometheus.types import PublishingStatus
from opentelemetry import propagate, trace

from egov_sdk.logging import get_logger
from egov_sdk.metrics import BROKER
from egov_sdk.outbox import CHANNEL
from egov_sdk.producer import RenewableProducer

if TYPE_CHECKING:
    from collections.abc import Callable

    from aiokafka import AIOKafkaProducer
    from faststream.prometheus.manager import MetricsManager

    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Row, Store

log = get_logger(__name__)
tracer = trace.get_tracer(__name__)
MAX_BACKOFF_S = 10.0
LANES = 64
LOCK_CLASS = 0x0E60  # NOTE: the advisory-lock namespace of outbox lanes (any constant, used only here)
NEVER_PUBLISHABLE: tuple[type[KafkaError], ...] = (
    MessageSizeTooLargeError,
    RecordTooLargeError,
    TopicAuthorizationFailedError,
)

_CLAIM = f"""
SELECT id, topic, key, value, headers, trace, created_at FROM outbox
WHERE pg_try_advisory_xact_lock({LOCK_CLASS}, hashtext(coalesce(key, '')) & {LANES - 1})
ORDER BY id LIMIT $1
"""
_SET_ASIDE = """
INSERT INTO outbox_set_aside (id, topic, key, value, headers, created_at, reason)
VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING
"""


class OutboxRelay:
    def __init__(
        self,
        store: Store,
        new_producer: Callable[[], AIOKafkaProducer],
        outbox: Outbox,
        *,
        batch_size: int,
        poll_interval: float,
        slow_after: float,
        metrics: MetricsManager | None = None,
    ):
        self._store = store
        self._metrics = metrics
        self._producer = RenewableProducer(new_producer)
        self._batch_size = batch_size
        self._poll_interval = poll_interval
        self._slow_after = slow_after
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.set_aside = 0
        outbox.on_queued(self._wake.set)

    @property
    def producer(self) -> AIOKafkaProducer:
        if (producer := self._producer.current) is None:
            raise RuntimeError("the relay has no producer now")
        return producer

    async def start(self) -> None:
        await self._producer.ready()
        self._tasks = [
            asyncio.create_task(self._run(), name="outbox-relay"),
            asyncio.create_task(self._listen(), name="outbox-listen"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await self._producer.drop()

    async def publish_batch(self) -> int:
        """One pass: publish up to a batch of records and remove them; returns how many were taken."""
        await self._producer.ready()
        async with self._store.transaction() as transaction:
            claimed = await transaction.connection.fetch(_CLAIM, self._batch_size)
            if not claimed:
                return 0
            # NOTE: deleted before they are sent (a failed send rolls the deletion back), so that
            # only rows still there are sent: the claim's snapshot may be older than another
            # relay's commit of the same lane, which released its lock after deleting them.
            taken = {
                row["id"]
                for row in await transaction.connection.fetch(
                    "DELETE FROM outbox WHERE id = ANY($1::bigint[]) RETURNING id", [r["id"] for r in claimed]
                )
            }
            rows = [row for row in claimed if row["id"] in taken]
            failures = await self._send(rows)
            if failures:
                await transaction.connection.executemany(
                    _SET_ASIDE,
                    [
                        (r["id"], r["topic"], r["key"], r["value"], r["headers"], r["created_at"], reason)
                        for r, reason in failures
                    ],
                )
        for row, reason in failures:
            self.set_aside += 1
            log.error(
                "outbox_record_set_aside",
                outbox_id=row["id"],
                topic=row["topic"],
                reason=reason,
                set_aside_total=self.set_aside,
            )
        return len(rows)

    async def _send(self, rows: list[Row]) -> list[tuple[Row, str]]:
        """Send every row; the rows Kafka can never take, with the reason. Other failures raise."""
        failures: list[tuple[Row, str]] = []
        sending: list[tuple[Row, asyncio.Future[Any]]] = []
        for row in rows:
            try:
                sending.append((row, await self._send_one(row)))
            except NEVER_PUBLISHABLE as exc:
                failures.append((row, _reason(exc)))
            except UnknownTopicOrPartitionError as exc:
                if not await self._topic_missing(row["topic"]):
                    raise
                failures.append((row, f"topic {row['topic']} does not exist ({type(exc).__name__})"))
        if not sending:
            return failures
        # NOTE: with the broker down, the idempotent producer retries the sends until the broker
        # returns. Waiting for those same sends (instead of resending) publishes each record
        # once; the warning makes the wait visible.
        futures = [future for _, future in sending]
        started = time.perf_counter()
        _, pending = await asyncio.wait(futures, timeout=self._slow_after)
        if pending:
            log.warning("outbox_publish_waiting", records=len(pending), waited_s=self._slow_after)
            await asyncio.wait(pending)
        self._count_published(sending, time.perf_counter() - started)
        for row, future in sending:
            error = future.exception()
            if isinstance(error, NEVER_PUBLISHABLE):
                failures.append((row, _reason(error)))
            elif error is not None:
                raise error
        return failures

    def _count_published(self, sent: list[tuple[Row, asyncio.Future[Any]]], seconds: float) -> None:
        """FastStream's publish metrics per topic: records sent or failed, and how long the batch took."""
        if self._metrics is None:
            return
        outcomes: Counter[tuple[str, str | None]] = Counter(
            (row["topic"], type(error).__name__ if (error := future.exception()) else None) for row, future in sent
        )
        for (topic, error_type), amount in outcomes.items():
            status = PublishingStatus.success if error_type is None else PublishingStatus.error
            self._metrics.add_published_message(broker=BROKER, destination=topic, status=status, amount=amount)
            if error_type is not None:
                self._metrics.add_published_message_exception(
                    broker=BROKER, destination=topic, exception_type=error_type
                )
        for topic in {topic for topic, _ in outcomes}:
            self._metrics.observe_published_message_duration(duration=seconds, broker=BROKER, destination=topic)

    async def _send_one(self, row: Row) -> asyncio.Future[Any]:
        headers = dict(row["headers"])
        context = propagate.extract(row["trace"] or {})
        with tracer.start_as_current_span(
            f"send {row['topic']}",
            context=context,
            kind=trace.SpanKind.PRODUCER,
            attributes={"messaging.system": "kafka", "messaging.destination.name": row["topic"]},
        ):
            propagate.inject(headers)
            future: asyncio.Future[Any] = await self.producer.send(
                row["topic"],
                value=row["value"],
                key=row["key"].encode() if row["key"] is not None else None,
                headers=[(name, value.encode()) for name, value in headers.items()],
            )
        return future

    async def _topic_missing(self, topic: str) -> bool:
        """True when the broker answers and has no such topic (not when the broker is down)."""
        client = self.producer.client
        answered = await client.force_metadata_update()
        return bool(answered) and topic not in client.cluster.topics()

    async def _run(self) -> None:
        failures = 0
        while True:
            self._wake.clear()
            try:
                taken = await self.publish_batch()
            except Exception as exc:  # noqa: BLE001 - the relay must outlive a Kafka or store outage
                failures += 1
                log.warning("outbox_publish_failed", error=type(exc).__name__, detail=str(exc), failures=failures)
                await asyncio.sleep(min(self._poll_interval * failures, MAX_BACKOFF_S))
                if isinstance(exc, KafkaError):
                    await self._producer.drop()
                continue
            if failures:
                log.info("outbox_publish_recovered", after_failures=failures)
            failures = 0
            if taken >= self._batch_size:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_interval)

    async def _listen(self) -> None:
        """Wake on other replicas' commits; reconnect after the store comes back."""
        while True:
            try:
                connection = await self._store.connect()
            except Exception:  # noqa: BLE001 - polling covers the time the store is away
                await asyncio.sleep(MAX_BACKOFF_S)
                continue
            closed = asyncio.Event()
            connection.add_termination_listener(functools.partial(_set, closed))
            try:
                await connection.add_listener(CHANNEL, lambda *_: self._wake.set())
                await closed.wait()
            except Exception:  # noqa: BLE001, S110 - a lost connection is reopened below
                pass
            finally:
                with contextlib.suppress(Exception):
                    await connection.close(timeout=2)
            await asyncio.sleep(1.0)


def _set(event: asyncio.Event, *_: object) -> None:
    event.set()


def _reason(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"
