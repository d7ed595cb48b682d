"""The audit log of registry accesses, for supervisors of an administration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.audit_log import AuditLog


def audit_router(audit: AuditLog) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])

    @router.get("")
    async def list_accesses(administration_id: str, limit: int = Query(100, ge=1, le=500)) -> list[dict[str, Any]]:
        return await audit.of_administration(administration_id, limit)

    return router
