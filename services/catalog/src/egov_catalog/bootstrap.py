"""Composition root of the catalog service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from egov_catalog.adapters.repository import CatalogRepository
from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.packages import pilot_packages
from egov_catalog.domain.seed.services import seeded_drafts, seeded_services
from egov_catalog.entrypoints.administrations import administrations_router
from egov_catalog.entrypoints.packages import packages_router, templates_router
from egov_catalog.entrypoints.services import services_router
from egov_catalog.service_layer.administrations import Administrations, administration_topics
from egov_catalog.service_layer.packages import Packages
from egov_catalog.service_layer.services import Services
from egov_schemas import topics
from egov_schemas.catalog import AdministrationUpserted, PackagePublished, ServiceVersionChanged
from egov_sdk.auth import authenticator
from egov_sdk.logging import get_logger
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

    from egov_catalog.settings import CatalogSettings

log = get_logger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: CatalogSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Catalog of services, administrations and packages", migrations=MIGRATIONS
    )
    repository = CatalogRepository(runtime.store, runtime.outbox, runtime.source)
    administrations = Administrations(repository, settings)
    services = Services(repository)
    packages = Packages(repository, administrations, services)
    runtime.produces(
        topics.CATALOG,
        AdministrationUpserted,
        ServiceVersionChanged,
        PackagePublished,
        description="Catalog state, compacted: the latest record per administration, service version and package.",
        compacted=True,
    )
    runtime.topics += [spec for pilot in PILOTS for spec in administration_topics(pilot.id)]

    async def seed() -> None:
        """Store what the platform starts with, where it is missing; later changes are never overwritten."""
        definitions = seeded_services()
        stored = [
            *[f"administration:{a.id}" for a in PILOTS if await administrations.seed(a)],
            *[f"service:{d.iisda_number}" for d in definitions if await services.seed(d)],
            *[f"draft:{d['iisda_number']}" for d in seeded_drafts() if await services.seed(d)],
            *[f"package:{p.administration_id}" for p in pilot_packages(PILOTS, definitions) if await packages.seed(p)],
        ]
        log.info("catalog_seeded", stored=len(stored), topics_created=await administrations.ensure_all_topics())

    runtime.on_start(seed)
    principal = authenticator(settings, realm="egov-catalog")
    routers = [
        administrations_router(administrations, principal),
        services_router(services, principal),
        packages_router(packages, principal),
        templates_router(),
    ]
    app = runtime.http_app(title="egov catalog", version="1", routers=routers)
    return runtime, app
