"""An in-memory view of the compacted `egov.catalog` topic, for services and handlers that need
packages and service definitions without calling the catalog synchronously.

On start it reads the topic from the beginning to its current end (then `ready` is set) and goes
on following it, so a new administration or package is seen within moments, without a restart.
Records that are not valid catalog events go to the owner's DLQ (through its outbox).

`sync()` waits until the view has read everything on the topic at the time of the call: a
service that meets an id it does not know yet (a service version published moments ago) syncs
before it concludes that the id does not exist.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING, TypeVar

from aiokafka import AIOKafkaConsumer, TopicPartition

from egov_schemas import topics
from egov_schemas.catalog import (
    AdministrationUpserted,
    Offer,
    PackagePublished,
    ServiceVersionChanged,
    offer,
    service_key,
)
from egov_sdk.cloudevents import InvalidEvent, parse_record
from egov_sdk.dlq import dead_letter
from egov_sdk.idempotency import ProcessedEvents
from egov_sdk.kafka import connection_options
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from collections.abc import Iterable

    from aiokafka.structs import ConsumerRecord

    from egov_schemas import Event
    from egov_sdk.outbox import Outbox
    from egov_sdk.settings import PlatformSettings
    from egov_sdk.store import Store

log = get_logger(__name__)
CatalogEvent = AdministrationUpserted | ServiceVersionChanged | PackagePublished
_T = TypeVar("_T", AdministrationUpserted, ServiceVersionChanged, PackagePublished)


class CatalogView:
    def __init__(self, settings: PlatformSettings, store: Store, outbox: Outbox, consumer: str):
        self._settings = settings
        self._store = store
        self._outbox = outbox
        self._consumer = consumer
        self._dead_lettered = ProcessedEvents(store, consumer)
        self._sync_requests: list[asyncio.Future[None]] = []
        self._state: dict[str, CatalogEvent] = {}
        self._current: dict[int, ServiceVersionChanged] = {}
        self._ready = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def package(self, administration_id: str) -> PackagePublished | None:
        return self._get(f"package:{administration_id}", PackagePublished)

    def administration(self, administration_id: str) -> AdministrationUpserted | None:
        return self._get(f"administration:{administration_id}", AdministrationUpserted)

    def service(self, iisda_number: int) -> ServiceVersionChanged | None:
        """The version new applications are made under: the latest one still published."""
        return self._current.get(iisda_number)

    def administrations(self) -> list[AdministrationUpserted]:
        return [event for event in self._state.values() if isinstance(event, AdministrationUpserted)]

    def services(self) -> list[ServiceVersionChanged]:
        """Every service new applications can be made for, at its current version."""
        return list(self._current.values())

    def service_version(self, iisda_number: int, version: int) -> ServiceVersionChanged | None:
        """Any version ever published, retired included: applications keep the version they used."""
        return self._get(service_key(iisda_number, version), ServiceVersionChanged)

    def offer(self, administration_id: str, iisda_number: int, version: int) -> Offer | None:
        """The effective terms under which the administration offers that service version, if it does."""
        package = self.package(administration_id)
        entry = package.entry_for(iisda_number) if package else None
        service = self.service_version(iisda_number, version)
        administration = self.administration(administration_id)
        if entry is None or service is None or administration is None:
            return None
        return offer(entry, service, version, administration.channels)

    async def wait_ready(self) -> None:
        await self._ready.wait()

    async def sync(self, within_s: float) -> bool:
        """Wait until the view has read what the topic holds now; False if that took too long."""
        request: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sync_requests.append(request)
        try:
            await asyncio.wait_for(asyncio.shield(request), within_s)
        except TimeoutError:
            return False
        finally:
            with contextlib.suppress(ValueError):
                self._sync_requests.remove(request)
        return True

    async def is_ready(self) -> bool:
        return self._ready.is_set()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._follow(), name="catalog-view")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def apply(self, key: str, event: Event | None) -> None:
        """Keep the latest record per key; a tombstone (no value) removes the entity."""
        if event is None:
            self._state.pop(key, None)
        elif isinstance(event, CatalogEvent):
            self._state[key] = event
        if key.startswith("service:"):
            self._current = _current_versions(self._state.values())

    def _get(self, key: str, kind: type[_T]) -> _T | None:
        value = self._state.get(key)
        return value if isinstance(value, kind) else None

    async def _follow(self) -> None:
        while True:
            consumer = AIOKafkaConsumer(
                **connection_options(self._settings),
                client_id=f"{self._settings.service_name}-catalog-view",
                group_id=None,
                enable_auto_commit=False,
                metadata_max_age_ms=self._settings.kafka_metadata_max_age_ms,
            )
            try:
                await consumer.start()
                await self._read(consumer)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - a broker outage must not end the view
                log.warning("catalog_view_failed", error=type(exc).__name__, detail=str(exc))
                await asyncio.sleep(self._settings.consumer_retry_backoff_s)
            finally:
                await consumer.stop()

    async def _read(self, consumer: AIOKafkaConsumer) -> None:
        partitions = [TopicPartition(topics.CATALOG, p) for p in sorted(await _partitions(consumer))]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        end = await consumer.end_offsets(partitions)
        while True:
            waiting = [request for request in self._sync_requests if not request.done()]
            if waiting:
                end = await consumer.end_offsets(partitions)
            batches = await consumer.getmany(timeout_ms=100 if waiting else 500)
            for records in batches.values():
                for record in records:
                    await self._consume(record)
            if (waiting or not self._ready.is_set()) and all(await _caught_up(consumer, end)):
                if not self._ready.is_set():
                    self._ready.set()
                    log.info("catalog_view_ready", entities=len(self._state))
                for request in waiting:
                    request.set_result(None)

    async def _consume(self, record: ConsumerRecord[bytes, bytes]) -> None:
        key = record.key.decode(errors="replace") if record.key else ""
        if record.value is None:
            self.apply(key, None)
            return
        try:
            event = parse_record(
                list(record.headers or ()), record.value, max_bytes=self._settings.consumer_max_record_bytes
            )
        except InvalidEvent as exc:
            await self._dead_letter_once(record, str(exc))
            return
        self.apply(key, event)

    async def _dead_letter_once(self, record: ConsumerRecord[bytes, bytes], reason: str) -> None:
        """Dead-letter a record the first time any start of this view reads it.

        NOTE: the view reads the compacted topic from its beginning at every start, so a bad
        record would otherwise be dead-lettered again after every restart. Its place on the
        topic is claimed like an event id, in the same transaction as the dead letter.
        """
        async with self._store.transaction():
            if await self._dead_lettered.claim([f"offset:{record.topic}:{record.partition}:{record.offset}"]):
                await self._outbox.add([dead_letter(record, self._consumer, reason)])
                log.warning("event_dead_lettered", consumer=self._consumer, reason=reason)


def _current_versions(state: Iterable[CatalogEvent]) -> dict[int, ServiceVersionChanged]:
    current: dict[int, ServiceVersionChanged] = {}
    for event in state:
        if isinstance(event, ServiceVersionChanged) and event.status == "published":
            latest = current.get(event.iisda_number)
            if latest is None or latest.version < event.version:
                current[event.iisda_number] = event
    return current


async def _partitions(consumer: AIOKafkaConsumer) -> set[int]:
    for _ in range(50):
        partitions = consumer.partitions_for_topic(topics.CATALOG)
        if partitions:
            return set(partitions)
        await consumer.topics()  # NOTE: forces a metadata refresh until the topic exists
        await asyncio.sleep(0.2)
    raise RuntimeError(f"topic {topics.CATALOG} does not exist")


async def _caught_up(consumer: AIOKafkaConsumer, end: dict[TopicPartition, int]) -> list[bool]:
    return [await consumer.position(tp) >= offset for tp, offset in end.items()]
