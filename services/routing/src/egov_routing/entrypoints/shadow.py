"""The shadow report: a joining handler's decisions beside staff's, for one service."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from egov_routing.service_layer.shadow import ShadowDesk
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem

MAX_APPLICATIONS = 10_000


def shadow_router(desk: ShadowDesk, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/administrations/{administration_id}/shadow", tags=["shadow mode"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get(
        "/{service}",
        summary=(
            "How the handler's decisions in shadow mode compare with staff's: the applications first decided "
            "from `since` (a day in Sofia), newest first; `verdicts` counts those shown"
        ),
    )
    async def report(
        administration_id: Annotated[str, Path(min_length=2, max_length=63, pattern=ADMINISTRATION_ID_PATTERN)],
        service: Annotated[int, Path(gt=0, le=99_999, description="The service's IISDA number")],
        caller: Caller,
        since: Annotated[
            dt.date | None, Query(description="Applications the handler first decided on from this day")
        ] = None,
        limit: Annotated[int, Query(ge=1, le=MAX_APPLICATIONS, description="At most this many applications")] = 1000,
    ) -> dict[str, Any]:
        caller.require_staff()
        if not caller.may_see(administration_id):
            raise Problem(403, "Forbidden", f"Only staff of {administration_id} and operators may read its report")
        return await desk.report(administration_id, service, since, limit)

    return router
