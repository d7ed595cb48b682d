"""The deadline view: per administration, its open applications, those due soon and overdue."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at runtime.

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from egov_routing.service_layer.deadlines import DeadlineScheduler
from egov_schemas.identifiers import ADMINISTRATION_ID_PATTERN
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem


def deadlines_router(scheduler: DeadlineScheduler, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/deadlines", tags=["deadlines"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def deadline_counts(
        caller: Caller,
        administration_id: Annotated[str | None, Query(max_length=63, pattern=ADMINISTRATION_ID_PATTERN)] = None,
    ) -> list[dict[str, Any]]:
        """Staff see their own administration; operators every one, or the one they name."""
        limited_to = caller.administration_filter()
        if limited_to is not None and administration_id not in (None, limited_to):
            raise Problem(403, "Forbidden", f"staff of {limited_to} may see only its deadlines")
        counts = await scheduler.counts(limited_to or administration_id)
        return [dataclasses.asdict(row) for row in counts]

    return router
