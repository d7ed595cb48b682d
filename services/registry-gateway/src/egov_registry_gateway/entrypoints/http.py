"""The audit log of registry accesses, for supervisors of an administration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query

from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.audit_log import AuditLog


MAX_PAGE_SIZE = 500


def audit_router(audit: AuditLog) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])

    @router.get("")
    async def list_accesses(
        administration_id: Annotated[str, Query(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many of the latest accesses")] = 100,
    ) -> list[dict[str, Any]]:
        return await audit.of_administration(administration_id, limit)

    return router
