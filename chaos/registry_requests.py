"""Registry requests published as Sofia's handler would, while the platform is disrupted.

Each request goes to Sofia's own requests topic until Kafka acknowledges it; every
`REPEAT_EVERY`-th request is published twice, as a handler that lost an acknowledgement would.
The gateway must answer each once (one reply, one audit entry).
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import uuid

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from bench.kafka_admin import client_options
from egov_schemas import topics
from egov_schemas.registry import RegistryRequest
from egov_sdk.cloudevents import KafkaRecord, to_record

ADMINISTRATION = "sofia"
REPEAT_EVERY = 7
RETRY_PAUSE_S = 1.0
SOURCE = "/egov/chaos"
# NOTE: a valid personal number the RegiX simulator answers `found` for (no real person).
SUBJECT_EGN = "7501010010"
CERTIFICATE_OF_HEIRS = 2016
"""A service whose catalog definition allows GRAO person checks, so the requests are called."""


def registry_request(run: str, number: int) -> RegistryRequest:
    return RegistryRequest(
        request_id=f"chaos-{run}-{number}",
        administration_id=ADMINISTRATION,
        service=CERTIFICATE_OF_HEIRS,
        operation="grao.person",
        arguments={"egn": SUBJECT_EGN},
        purpose="изпитване при срив / a chaos test",
        requested_by="chaos-test",
        requested_at=dt.datetime.now(dt.UTC),
    )


async def publish_registry_requests(kafka: str, count: int, *, spread_s: float) -> list[str]:
    """Publish `count` requests evenly over `spread_s` seconds; their request ids."""
    run = uuid.uuid4().hex[:8]
    request_ids = []
    publisher = _Publisher(kafka)
    try:
        for number in range(count):
            request = registry_request(run, number)
            record = to_record(request, topic=topics.registry_requests(ADMINISTRATION), source=SOURCE)
            await publisher.publish(record)
            if number % REPEAT_EVERY == 0:
                await publisher.publish(record)
            request_ids.append(request.request_id)
            await asyncio.sleep(spread_s / count)
    finally:
        await publisher.close()
    return request_ids


class _Publisher:
    """An idempotent producer, made anew after a failure (a broker killed under it)."""

    def __init__(self, kafka: str):
        self._kafka = kafka
        self._producer: AIOKafkaProducer | None = None

    async def publish(self, record: KafkaRecord) -> None:
        while True:
            try:
                producer = await self._ready()
                await producer.send_and_wait(
                    record.topic,
                    record.value,
                    key=record.key.encode() if record.key else None,
                    headers=[(name, value.encode()) for name, value in record.headers.items()],
                )
            except KafkaError:
                await self.close()
                await asyncio.sleep(RETRY_PAUSE_S)
            else:
                return

    async def _ready(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = AIOKafkaProducer(
                **client_options(self._kafka), acks="all", enable_idempotence=True, request_timeout_ms=5000
            )
            try:
                await producer.start()
            except BaseException:
                await producer.stop()
                raise
            self._producer = producer
        return self._producer

    async def close(self) -> None:
        producer, self._producer = self._producer, None
        if producer is not None:
            with contextlib.suppress(KafkaError):
                await producer.stop()
