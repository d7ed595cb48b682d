"""The audit of registry accesses, for an administration's staff and the platform's operators:
the latest entries, and a check of the whole hash chain."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from egov_registry_gateway.adapters.access_log import AccessLog
from egov_registry_gateway.domain.access_chain import ChainCheck
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem

MAX_PAGE_SIZE = 500
AdministrationQuery = Annotated[str, Query(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN)]


def audit_router(access_log: AccessLog, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    def allowed(caller: Principal, administration_id: str) -> None:
        caller.require_staff()
        if not caller.may_see(administration_id):
            raise Problem(403, "Forbidden", f"Only staff of {administration_id} may read its registry accesses")

    @router.get("")
    async def list_accesses(
        administration_id: AdministrationQuery,
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many of the latest accesses")] = 100,
    ) -> list[dict[str, Any]]:
        """The administration's latest registry accesses, refusals included, newest first."""
        allowed(caller, administration_id)
        return await access_log.of_administration(administration_id, limit)

    @router.get("/verify")
    async def verify(administration_id: AdministrationQuery, caller: Caller) -> dict[str, Any]:
        """Check the administration's whole chain: every entry's hash, every link, and the head."""
        allowed(caller, administration_id)
        check = ChainCheck(administration_id)
        async for entry in access_log.chain(administration_id):
            check.add(entry)
        return dataclasses.asdict(check.result(await access_log.head(administration_id)))

    return router
