"""The audit log of registry accesses, for an administration's staff and the platform's operators."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from egov_registry_gateway.adapters.audit_log import AuditLog
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem

MAX_PAGE_SIZE = 500


def audit_router(audit: AuditLog, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def list_accesses(
        administration_id: Annotated[str, Query(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN)],
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many of the latest accesses")] = 100,
    ) -> list[dict[str, Any]]:
        caller.require_staff()
        if not caller.may_see(administration_id):
            raise Problem(403, "Forbidden", f"Only staff of {administration_id} may read its registry accesses")
        return await audit.of_administration(administration_id, limit)

    return router
