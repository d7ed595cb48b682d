"""Finding a service: the home page, search by Bulgarian or English words, an administration's
services by category, and a service's start page."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.requests import Request
from starlette.responses import Response

from egov_intake.domain.catalog_search import search
from egov_intake.entrypoints.portal.i18n import category_title
from egov_intake.entrypoints.portal.paths import AdministrationPath
from egov_intake.entrypoints.portal.web import lang_of, not_found, render
from egov_schemas.catalog import PackagePublished
from egov_sdk.catalog_view import CatalogView

MAX_RESULTS = 50


def catalog_router(catalog: CatalogView) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def offering(service: int) -> list[str]:
        """The administrations whose package offers the service, by id."""
        return sorted(
            administration.id
            for administration in catalog.administrations()
            if _offers(catalog.package(administration.id), service)
        )

    @router.get("/")
    async def home(request: Request) -> Response:
        administrations = sorted(catalog.administrations(), key=lambda administration: administration.name_bg)
        return render(request, "home.html", administrations=administrations)

    @router.get("/search")
    async def find(request: Request, q: Annotated[str, Query(max_length=200)] = "") -> Response:
        found = search(catalog.services(), q)[:MAX_RESULTS] if q.strip() else []
        names = {administration.id: administration for administration in catalog.administrations()}
        results = [(service, [names[a] for a in offering(service.iisda_number) if a in names]) for service in found]
        return render(request, "search.html", query=q, results=results)

    @router.get("/administrations/{administration_id}")
    async def administration_page(request: Request, administration_id: AdministrationPath) -> Response:
        administration = catalog.administration(administration_id)
        package = catalog.package(administration_id)
        if administration is None:
            return not_found(request)
        services = [catalog.service(entry.service) for entry in (package.entries if package else [])]
        lang = lang_of(request)
        by_category: dict[str, list[object]] = {}
        for service in sorted((s for s in services if s is not None), key=lambda s: s.name_bg):
            by_category.setdefault(category_title(service.category, lang), []).append(service)
        return render(
            request, "administration.html", administration=administration, by_category=sorted(by_category.items())
        )

    @router.get("/services/{administration_id}/{service_number}")
    async def start_page(request: Request, administration_id: AdministrationPath, service_number: int) -> Response:
        administration = catalog.administration(administration_id)
        service = catalog.service(service_number)
        offer = catalog.offer(administration_id, service_number, service.version) if service else None
        if administration is None or service is None or offer is None:
            return not_found(request)
        return render(request, "start.html", administration=administration, service=service, offer=offer)

    return router


def _offers(package: PackagePublished | None, service: int) -> bool:
    return package is not None and package.entry_for(service) is not None
