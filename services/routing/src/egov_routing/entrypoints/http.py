"""Routing's read API for staff and operations: where an application stands."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Path

from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN
from egov_sdk.problems import Problem

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationStates


def states_router(states: ApplicationStates) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["lifecycle"])

    @router.get("/{application_id}")
    async def get_state(
        application_id: Annotated[str, Path(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)],
    ) -> dict[str, Any]:
        state = await states.get(application_id)
        if state is None:
            raise Problem(404, "Not found", f"application {application_id} is not known to routing")
        return state.view()

    return router
