"""A Kafka producer started when first needed and dropped after a failed send, so that the next
send starts a new one.

NOTE: an idempotent producer whose send failed can be left with sequence numbers the broker
refuses for good; a new one starts clean. The outbox relay and the handler's registry requests
both send this way.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from aiokafka import AIOKafkaProducer


class RenewableProducer:
    def __init__(self, new_producer: Callable[[], AIOKafkaProducer]):
        self._new_producer = new_producer
        self._producer: AIOKafkaProducer | None = None
        self._starting = asyncio.Lock()

    @property
    def current(self) -> AIOKafkaProducer | None:
        return self._producer

    async def ready(self) -> AIOKafkaProducer:
        """The running producer, started now if there is none."""
        async with self._starting:
            if self._producer is None:
                producer = self._new_producer()
                try:
                    await producer.start()
                except BaseException:
                    with contextlib.suppress(Exception):
                        await producer.stop()
                    raise
                self._producer = producer
            return self._producer

    async def drop(self, failed: AIOKafkaProducer | None = None) -> None:
        """Stop the producer (only if it is still `failed`, when given: a send that failed late
        must not drop the new one another send started)."""
        producer = self._producer
        if producer is None or (failed is not None and producer is not failed):
            return
        self._producer = None
        with contextlib.suppress(Exception):
            await producer.stop()
