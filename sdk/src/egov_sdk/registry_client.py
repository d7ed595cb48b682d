"""Registry checks from a handler: `answer = await ctx.registry.person(egn, reason="...")`.

A check is a `RegistryRequest` on the administration's requests topic; the registry gateway
answers it with one `RegistryReply` (same `request_id`) on the replies topic, possibly much later
(it waits while RegiX is down).

- The request is sent at once by a producer the client owns, not through the outbox: the outbox
  sends only when the work item's transaction commits, and the function waits for the answer
  before that.
- One task per process reads the replies topic without a consumer group (the handler's principal
  may read the topic but has no group), every partition assigned, from its end as of start-up.
  A reply resolves the call waiting for it; a reply no call waits for (the call timed out, or it
  is another replica's: every replica reads every reply) is kept a short while, in a bounded map,
  for the same request asked again.
- A call waits up to `registry_reply_timeout_s`, then raises `RetryLater`: the consumer rolls the
  work item back and handles it again later. Request ids come from the work item's event id and
  the call's ordinal in the handling, so the new attempt asks with the same ids, and the gateway
  answers from its record instead of calling the registry again.

EGNs, EIKs and registry data are never logged: request ids, operations and statuses are.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import KafkaError
from opentelemetry import propagate

from egov_schemas import topics
from egov_schemas.registry import RegistryOperation, RegistryReply, RegistryRequest, RegistryStatus
from egov_sdk.cloudevents import InvalidEvent, KafkaRecord, parse_record, to_record
from egov_sdk.consumer import RetryLater
from egov_sdk.kafka import connection_options, make_producer, partitions_of
from egov_sdk.logging import get_logger
from egov_sdk.producer import RenewableProducer

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from aiokafka.structs import ConsumerRecord

    from egov_schemas.work import WorkItem
    from egov_sdk.settings import PlatformSettings

log = get_logger(__name__)


@dataclass(frozen=True)
class RegistryAnswer:
    """The gateway's answer to one check.

    `status`: `found` (the data is in `data`), `not_found` (the registry has no such person or
    company), `error` (the registry could not answer, e.g. the EGN is invalid: `error` says why)
    or `refused` (the registry was not called: the catalog service does not declare the
    operation; `error` says why).
    """

    status: RegistryStatus
    # NOTE: left out of the repr, so that an answer in a log line or a traceback shows no personal data.
    data: dict[str, Any] | None = field(default=None, repr=False)
    error: str | None = None


class Asker(Protocol):
    async def ask(self, request: RegistryRequest) -> RegistryAnswer: ...


class Registry:
    """The registry checks of one handling of one work item, given to the function as `ctx.registry`.

    `reason` becomes the request's purpose: why, in words; the citizen sees it in their data
    tracker. A call whose answer takes longer than `registry_reply_timeout_s` raises `RetryLater`,
    and the work item is handled again later: make the same calls in the same order each time
    (decide on the answers, not on the clock), since the n-th call of a handling is the same
    request every time.
    """

    def __init__(self, asker: Asker, item: WorkItem, *, administration_id: str, requested_by: str):
        self._asker = asker
        self._item = item
        self._administration_id = administration_id
        self._requested_by = requested_by
        self._asked = 0

    async def person(self, egn: str, *, reason: str) -> RegistryAnswer:
        """GRAO (НБД „Население“): the person with that EGN. `data`: `{"names": {"first", "surname",
        "family"}, "gender", "birth_date", "birth_place", "nationality", "alive": bool,
        "death_date": str | None}`."""
        return await self.check("grao.person", {"egn": egn}, reason=reason)

    async def permanent_address(self, egn: str, *, reason: str) -> RegistryAnswer:
        """GRAO: the person's permanent address. `data`: `{"district", "municipality", "settlement",
        "ekatte", "street", "number", "entrance", "floor", "apartment", "from_date"}`."""
        return await self.check("grao.permanent_address", {"egn": egn}, reason=reason)

    async def company(self, eik: str, *, reason: str) -> RegistryAnswer:
        """The Commercial Register's actual state of a company. `data`: `{"eik", "name",
        "legal_form", "status", "seat": {...}, "registered_at"}`."""
        return await self.check("commercial_register.actual_state", {"eik": eik}, reason=reason)

    async def obligations(self, *, egn: str | None = None, eik: str | None = None, reason: str) -> RegistryAnswer:
        """NRA: whether a person (`egn=`) or a company (`eik=`), exactly one, has public obligations.
        `data`: `{"has_obligations": bool, "name"}` (RegiX says whether there are any, not what they are)."""
        given = {name: value for name, value in (("egn", egn), ("eik", eik)) if value is not None}
        if len(given) != 1:
            raise ValueError("give exactly one of egn= and eik=")
        return await self.check("nra.obligations", given, reason=reason)

    async def check(self, operation: RegistryOperation, arguments: Mapping[str, str], *, reason: str) -> RegistryAnswer:
        """Any operation the service declares, with its arguments (`{"egn": ...}` or `{"eik": ...}`)."""
        self._asked += 1
        request = RegistryRequest(
            request_id=f"{self._item.event_id}:r{self._asked}",
            administration_id=self._administration_id,
            service=self._item.service,
            application_id=self._item.application_id,
            operation=operation,
            arguments=dict(arguments),
            purpose=reason,
            requested_by=self._requested_by,
            requested_at=dt.datetime.now(dt.UTC),
        )
        return await self._asker.ask(request)


class RequestSender(Protocol):
    async def start(self) -> None: ...
    async def stop(self) -> None: ...
    async def send(self, record: KafkaRecord) -> None: ...


class RegistryClient:
    """One process's registry requests and the replies that answer them."""

    def __init__(
        self,
        settings: PlatformSettings,
        *,
        administration_id: str,
        source: str,
        reply_timeout_s: float,
        sender: RequestSender | None = None,
    ):
        self._settings = settings
        self._administration_id = administration_id
        self._source = source
        self._reply_timeout_s = reply_timeout_s
        self._sender = sender or ProducerSender(settings)
        self._requests = topics.registry_requests(administration_id)
        self._replies = topics.registry_replies(administration_id)
        self._waiting: dict[str, asyncio.Future[RegistryAnswer]] = {}
        self._unclaimed = UnclaimedReplies()
        self._next_offsets: dict[int, int] = {}
        self._following = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def for_item(self, item: WorkItem) -> Registry:
        return Registry(self, item, administration_id=self._administration_id, requested_by=self._settings.service_name)

    async def ask(self, request: RegistryRequest) -> RegistryAnswer:
        """Send the request and wait for its answer; `RetryLater` when it does not come in time."""
        request_id = request.request_id
        if (kept := self._unclaimed.take(request_id)) is not None:
            log.info("registry_answer_kept", request_id=request_id, operation=request.operation, status=kept.status)
            return kept
        # NOTE: waited for before the request leaves, so that no reply can come ahead of its waiter.
        future = self._waiting.setdefault(request_id, asyncio.get_running_loop().create_future())
        try:
            async with asyncio.timeout(self._reply_timeout_s):
                # NOTE: a request leaves only while the reader holds its place on the replies
                # topic (not yet at start-up, nor while it reconnects), or its reply could pass unseen.
                await self._following.wait()
                await self._sender.send(to_record(request, topic=self._requests, source=self._source))
                log.info("registry_request_sent", request_id=request_id, operation=request.operation)
                return await asyncio.shield(future)
        except TimeoutError as exc:
            log.warning("registry_answer_late", request_id=request_id, operation=request.operation)
            raise RetryLater(
                f"registry answer not yet arrived for {request_id} ({request.operation}) "
                f"after {self._reply_timeout_s} s; the work item will ask again"
            ) from exc
        finally:
            if self._waiting.get(request_id) is future:
                del self._waiting[request_id]

    def receive(self, reply: RegistryReply) -> None:
        """Answer the call waiting for the reply, or keep the reply for a while."""
        if reply.administration_id != self._administration_id:
            log.warning("registry_reply_of_another_administration", request_id=reply.request_id)
            return
        answer = RegistryAnswer(status=reply.status, data=reply.data, error=reply.error)
        future = self._waiting.get(reply.request_id)
        if future is not None and not future.done():
            future.set_result(answer)
        else:
            self._unclaimed.put(reply.request_id, answer)
        log.info(
            "registry_reply_received", request_id=reply.request_id, status=reply.status, awaited=future is not None
        )

    async def start(self) -> None:
        await self._sender.start()
        self._task = asyncio.create_task(self._follow(), name="registry-replies")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._sender.stop()

    async def is_following(self) -> bool:
        return self._following.is_set()

    async def _follow(self) -> None:
        while True:
            consumer = AIOKafkaConsumer(
                **connection_options(self._settings),
                client_id=f"{self._settings.service_name}-registry-replies",
                group_id=None,
                enable_auto_commit=False,
                metadata_max_age_ms=self._settings.kafka_metadata_max_age_ms,
            )
            try:
                await consumer.start()
                await self._take_place(consumer)
                await self._read(consumer)
            except Exception as exc:  # noqa: BLE001 - a broker outage must not end the reader
                log.warning("registry_replies_failed", topic=self._replies, error=type(exc).__name__)
            finally:
                self._following.clear()
                await consumer.stop()
            await asyncio.sleep(self._settings.consumer_retry_backoff_s)

    async def _take_place(self, consumer: AIOKafkaConsumer) -> None:
        """Assign every partition, and go on where the last reader stopped or else at the end."""
        partitions = [TopicPartition(self._replies, p) for p in sorted(await partitions_of(consumer, self._replies))]
        consumer.assign(partitions)
        for partition in partitions:
            if partition.partition in self._next_offsets:
                consumer.seek(partition, self._next_offsets[partition.partition])
            else:
                await consumer.seek_to_end(partition)
                # NOTE: asked now, so that the end is the one at start-up, not at the first fetch.
                self._next_offsets[partition.partition] = await consumer.position(partition)
        self._following.set()

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        while True:
            batches = await consumer.getmany(timeout_ms=1000)
            for records in batches.values():
                for record in records:
                    self._next_offsets[record.partition] = record.offset + 1
                    self._take(record)

    def _take(self, record: ConsumerRecord[bytes, bytes]) -> None:
        try:
            event = parse_record(
                list(record.headers or ()), record.value, max_bytes=self._settings.consumer_max_record_bytes
            )
        except InvalidEvent as exc:
            # NOTE: no dead-letter topic: this reader has no group, and only the gateway writes here.
            log.warning("registry_reply_invalid", partition=record.partition, offset=record.offset, reason=str(exc))
            return
        if isinstance(event, RegistryReply):
            self.receive(event)


class UnclaimedReplies:
    """Answers no call waited for, kept for the call that asks again; bounded in number and age,
    since most are the calls of other replicas."""

    def __init__(self, *, most: int = 500, keep_s: float = 120.0, clock: Callable[[], float] = time.monotonic):
        self._most = most
        self._keep_s = keep_s
        self._clock = clock
        self._answers: OrderedDict[str, tuple[float, RegistryAnswer]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._answers)

    def put(self, request_id: str, answer: RegistryAnswer) -> None:
        now = self._clock()
        while self._answers and next(iter(self._answers.values()))[0] < now - self._keep_s:
            self._answers.popitem(last=False)
        self._answers.pop(request_id, None)
        self._answers[request_id] = (now, answer)
        while len(self._answers) > self._most:
            self._answers.popitem(last=False)

    def take(self, request_id: str) -> RegistryAnswer | None:
        kept = self._answers.pop(request_id, None)
        if kept is None or kept[0] < self._clock() - self._keep_s:
            return None
        return kept[1]


class ProducerSender:
    """Sends each record at once, with a producer of its own renewed after a failed send."""

    def __init__(self, settings: PlatformSettings):
        self._producer = RenewableProducer(lambda: make_producer(settings))

    async def start(self) -> None:
        await self._producer.ready()

    async def stop(self) -> None:
        await self._producer.drop()

    async def send(self, record: KafkaRecord) -> None:
        producer = await self._producer.ready()
        headers = dict(record.headers)
        propagate.inject(headers)  # NOTE: the gateway's work joins the handler's trace
        try:
            await producer.send_and_wait(
                record.topic,
                value=record.value,
                key=record.key.encode() if record.key is not None else None,
                headers=[(name, value.encode()) for name, value in headers.items()],
            )
        except KafkaError:
            await self._producer.drop(producer)
            raise
