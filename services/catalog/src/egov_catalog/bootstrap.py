"""Composition root of the catalog service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_catalog.adapters.repository import CatalogRepository
from egov_catalog.domain.seed import ADMINISTRATIONS, seed_events
from egov_catalog.entrypoints.http import catalog_router
from egov_catalog.settings import CatalogSettings
from egov_schemas import topics
from egov_schemas.catalog import AdministrationUpserted, PackagePublished, ServiceVersionPublished
from egov_sdk.kafka import TopicSpec
from egov_sdk.logging import get_logger
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

log = get_logger(__name__)


def build(settings: CatalogSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(settings, description="Catalog of services, administrations and packages")
    repository = CatalogRepository(runtime.db["entities"], runtime.source)
    runtime.outbox(repository.outbox)
    runtime.produces(
        topics.CATALOG,
        AdministrationUpserted,
        ServiceVersionPublished,
        PackagePublished,
        description="Catalog state, compacted: the latest record per administration, service and package.",
        compacted=True,
    )
    for administration in ADMINISTRATIONS:
        runtime.topics += [
            TopicSpec(topics.admin_inbox(administration.id)),
            TopicSpec(topics.admin_replies(administration.id)),
        ]

    async def seed() -> None:
        changed = [event.partition_key() for event in seed_events() if await repository.save(event)]
        log.info("catalog_seeded", changed=changed)

    runtime.on_start(seed)
    app = runtime.http_app(title="egov catalog", version="1", routers=[catalog_router(repository)])
    return runtime, app
