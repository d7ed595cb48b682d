"""The catalog's read API: administrations, services and packages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from egov_catalog.adapters.repository import CatalogRepository
from egov_sdk.problems import Problem


def catalog_router(repository: CatalogRepository) -> APIRouter:
    router = APIRouter(tags=["catalog"])

    async def _found(key: str, what: str) -> dict[str, Any]:
        body = await repository.get(key)
        if body is None:
            raise Problem(404, "Not found", f"{what} does not exist")
        return body

    @router.get("/administrations")
    async def list_administrations() -> list[dict[str, Any]]:
        return await repository.list("administration")

    @router.get("/administrations/{administration_id}")
    async def get_administration(administration_id: str) -> dict[str, Any]:
        return await _found(f"administration:{administration_id}", f"administration {administration_id}")

    @router.get("/administrations/{administration_id}/package")
    async def get_package(administration_id: str) -> dict[str, Any]:
        return await _found(f"package:{administration_id}", f"a package of {administration_id}")

    @router.get("/services")
    async def list_services() -> list[dict[str, Any]]:
        return await repository.list("service")

    @router.get("/services/{iisda_number}")
    async def get_service(iisda_number: int) -> dict[str, Any]:
        return await _found(f"service:{iisda_number}", f"service {iisda_number}")

    return router
