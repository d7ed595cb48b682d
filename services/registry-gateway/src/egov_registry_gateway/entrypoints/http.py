"""The audit log of registry accesses, for an administration's staff and the platform's operators."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from egov_registry_gateway.adapters.audit_log import AuditLog
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem


def audit_router(audit: AuditLog, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def list_accesses(
        administration_id: str, caller: Caller, limit: int = Query(100, ge=1, le=500)
    ) -> list[dict[str, Any]]:
        caller.require_staff()
        if not caller.may_see(administration_id):
            raise Problem(403, "Forbidden", f"Only staff of {administration_id} may read its registry accesses")
        return await audit.of_administration(administration_id, limit)

    return router
