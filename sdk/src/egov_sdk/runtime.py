"""The composition of one service process: store, producer, topics, consumers, outbox relay, HTTP.

A service builds a `ServiceRuntime`, registers what it consumes and owns, and hands
`runtime.http_app(...)` to uvicorn; the app's lifespan starts and stops everything in order.
`runtime.main()` is the service's command line: serve (the default), or `migrate` and exit.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gc
import operator
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

import uvicorn
from fastapi import APIRouter, FastAPI

from egov_sdk.body_limit import BodyLimit
from egov_sdk.catalog_view import CatalogView
from egov_sdk.consumer import BatchPreparation, EventConsumer, EventHandler
from egov_sdk.health import ReadinessCheck, health_router
from egov_sdk.http_metrics import HttpMetrics
from egov_sdk.kafka import TopicSpec, dead_letter_topic, documentation_broker, ensure_topics, make_producer
from egov_sdk.logging import configure_logging, get_logger
from egov_sdk.metrics import CONSUMER_LAG, OUTBOX_DEPTH, OUTBOX_OLDEST_AGE, Refresh, messages
from egov_sdk.metrics_endpoint import metrics_router
from egov_sdk.migrate import upgrade, upgrade_async
from egov_sdk.outbox import Outbox
from egov_sdk.problems import install_problem_handlers
from egov_sdk.projections import Projections, Reset
from egov_sdk.relay import OutboxRelay
from egov_sdk.store import Store
from egov_sdk.telemetry import configure_tracing, instrument_http

if TYPE_CHECKING:
    from pathlib import Path

    from egov_schemas import Event
    from egov_sdk.settings import PlatformSettings

log = get_logger(__name__)
Hook = Callable[[], Awaitable[None]]


class ServiceRuntime:
    def __init__(self, settings: PlatformSettings, *, description: str, migrations: Path | None = None):
        configure_logging(settings.service_name, settings.log_level, settings.log_format)
        configure_tracing(settings.service_name)
        self.settings = settings
        self.source = f"/egov/{settings.service_name}"
        self.broker = documentation_broker(settings, description=description)
        self.store = Store(settings)
        self.outbox = Outbox(self.store)
        self.projections = Projections(self.store)
        self.migrations = migrations
        self.topics: list[TopicSpec] = []
        self.readiness: dict[str, ReadinessCheck] = {"store": self.store.ping, "kafka": self._kafka_ready}
        self.messages = messages(settings.service_name)
        self.refreshes: list[Refresh] = [self._outbox_backlog, self._consumer_lag]
        """What `/metrics` brings up to date before it answers."""
        self._consumers: list[EventConsumer] = []
        self._relay: OutboxRelay | None = None
        self._on_start: list[Hook] = []
        self._on_started: list[Hook] = []
        self._on_stop: list[Hook] = []

    def consumer(
        self,
        name: str,
        handlers: Mapping[type[Event], EventHandler],
        *,
        prepare: BatchPreparation | None = None,
        wanted: Callable[[Event], bool] | None = None,
    ) -> EventConsumer:
        """A consumer group of `handlers` by event type; `wanted` passes over the events of those
        types that are another reader's (left unclaimed, without a transaction when none is its)."""
        consumer = EventConsumer(
            self.settings,
            self.store,
            self.outbox,
            self.broker,
            metrics=self.messages,
            name=name,
            handlers=handlers,
            prepare=prepare,
            wanted=wanted,
        )
        self._consumers.append(consumer)
        self.topics.extend(consumer.topic_specs)
        return consumer

    def projection(self, consumer: EventConsumer, reset: Reset) -> None:
        """Let operators replay `consumer` from its topic: `reset` empties what it derived
        (`egov_sdk.projections`; the service serves `replay_router`)."""
        if not consumer.topic_names:
            raise ValueError(f"{consumer.name} replays named topics: subscribe it to them first")
        self.projections.add(consumer.name, reset, list(consumer.topic_names))
        consumer.replayable(self.projections)

    def produces(
        self, topic: str, *events: type[Event], description: str, compacted: bool = False, create: bool = True
    ) -> None:
        """Declare a topic this service writes: created at start (unless a per-administration
        template) and documented, with its event types, in the AsyncAPI document."""
        if create:
            self.topics.append(TopicSpec(topic, compacted=compacted))
        self.broker.publisher(
            topic,
            title=f"{self.settings.service_name}:{topic}",
            description=description,
            schema=functools.reduce(operator.or_, events),
        )

    def on_start(self, hook: Hook) -> None:
        """Run after topics and indexes exist and before consumers start."""
        self._on_start.append(hook)

    def on_started(self, hook: Hook) -> None:
        """Run once the broker is connected (consumers are running)."""
        self._on_started.append(hook)

    def on_stop(self, hook: Hook) -> None:
        self._on_stop.append(hook)

    def catalog_view(self) -> CatalogView:
        """A view of the catalog that follows `egov.catalog`; the service is ready once it caught up."""
        consumer = f"{self.settings.service_name}.catalog-view"
        view = CatalogView(self.settings, self.store, self.outbox, consumer)
        # NOTE: only the catalog creates (and may write) its topic; the view waits for it to exist,
        # so services still start in any order.
        self.topics.append(dead_letter_topic(consumer))
        self.readiness["catalog"] = view.is_ready
        self.on_started(view.start)
        self.on_stop(view.stop)
        return view

    async def start(self) -> None:
        if self.settings.database_migrate_on_start:
            await upgrade_async(self.settings.database_url, self.migrations)
        await self.store.open()
        created = await ensure_topics(self.settings, self.topics)
        if created:
            log.info("topics_created", topics=created)
        for hook in self._on_start:
            await hook()
        self._relay = OutboxRelay(
            self.store,
            lambda: make_producer(self.settings),
            self.outbox,
            batch_size=self.settings.outbox_batch_size,
            poll_interval=self.settings.outbox_poll_interval_s,
            slow_after=self.settings.kafka_request_timeout_ms / 1000,
            metrics=self.messages,
        )
        await self._relay.start()
        for consumer in self._consumers:
            await consumer.start()
        for hook in self._on_started:
            await hook()
        # NOTE: what start-up made (modules, schemas, the catalog view) lives as long as the
        # process; frozen, the collector no longer walks it on every run over the old generation.
        gc.freeze()
        log.info("service_started", consumers=[c.name for c in self._consumers])

    async def stop(self) -> None:
        for consumer in self._consumers:
            await consumer.stop()
        for hook in reversed(self._on_stop):
            await hook()
        if self._relay is not None:
            await self._relay.stop()
        await self.store.close()
        log.info("service_stopped")

    def http_app(self, *, title: str, version: str, routers: list[APIRouter], description: str = "") -> FastAPI:
        @contextlib.asynccontextmanager
        async def lifespan(_: FastAPI) -> AsyncIterator[None]:
            await self.start()
            try:
                yield
            finally:
                await self.stop()

        app = FastAPI(title=title, version=version, description=description, lifespan=lifespan)
        install_problem_handlers(app)
        app.add_middleware(BodyLimit, max_bytes=self.settings.http_max_body_bytes)
        app.include_router(health_router(self.readiness))
        app.include_router(metrics_router(self.refreshes))
        for router in routers:
            app.include_router(router)
        instrument_http(app)
        # NOTE: requests by route template (`/applications/{application_id}`), never by raw path: a
        # label per application would grow without end.
        app.add_middleware(HttpMetrics)
        return app

    def serve(self, app: FastAPI) -> None:
        uvicorn.run(app, host=self.settings.http_host, port=self.settings.http_port, log_config=None)

    def main(self, app: FastAPI, argv: list[str] | None = None) -> None:
        """`serve` (the default) runs the service; `migrate` applies its schema migrations and exits."""
        parser = argparse.ArgumentParser(prog=self.settings.service_name)
        parser.add_argument("command", nargs="?", choices=["serve", "migrate"], default="serve")
        if parser.parse_args(argv).command == "migrate":
            upgrade(self.settings.database_url, self.migrations)
            log.info("migrations_applied")
            return
        self.serve(app)

    async def _outbox_backlog(self) -> None:
        depth, age = await self.outbox.backlog()
        OUTBOX_DEPTH.set(depth)
        OUTBOX_OLDEST_AGE.set(age)

    async def _consumer_lag(self) -> None:
        lags = [(consumer.name, await consumer.lag()) for consumer in self._consumers]
        CONSUMER_LAG.clear()
        for consumer, behind in lags:
            for topic, records in behind.items():
                CONSUMER_LAG.labels(consumer, topic).set(records)

    async def _kafka_ready(self) -> bool:
        if self._relay is None:
            return False
        answered = await asyncio.wait_for(self._relay.producer.client.force_metadata_update(), timeout=2.0)
        return bool(answered)
