"""Routing's read API for staff and operations: where an application stands."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from egov_routing.adapters.repository import ApplicationStates
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem


def states_router(states: ApplicationStates, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["lifecycle"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("/{application_id}")
    async def get_state(application_id: str, caller: Caller) -> dict[str, Any]:
        caller.require_staff()
        state = await states.get(application_id)
        # NOTE: another administration's application is "not found": its existence is not told.
        if state is None or not caller.may_see(state.administration_id):
            raise Problem(404, "Not found", f"application {application_id} is not known to routing")
        return state.view()

    return router
