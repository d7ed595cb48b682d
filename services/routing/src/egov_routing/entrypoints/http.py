"""Routing's read API for staff and operations: where an application stands, found by its id or
by its reference number."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from egov_routing.adapters.repository import ApplicationStates
from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN
from egov_schemas.reference import normalize_reference
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.problems import Problem, unprocessable


def states_router(states: ApplicationStates, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["lifecycle"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def find_by_reference(
        reference: Annotated[
            str, Query(max_length=40, description="The reference number, as the citizen reads it out")
        ],
        caller: Caller,
    ) -> dict[str, Any]:
        caller.require_staff()
        canonical = normalize_reference(reference)
        if canonical is None:
            raise unprocessable(
                "Invalid reference number",
                [{"field": "reference", "detail": "not a reference number (XXXX-XXXX-X with its check symbol)"}],
            )
        state = await states.by_reference(canonical)
        if state is None or not caller.may_see(state.administration_id):
            raise Problem(404, "Not found", f"no application with reference number {canonical}")
        return state.view()

    @router.get("/{application_id}")
    async def get_state(
        application_id: Annotated[str, Path(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)],
        caller: Caller,
    ) -> dict[str, Any]:
        caller.require_staff()
        state = await states.get(application_id)
        # NOTE: another administration's application is "not found": its existence is not told.
        if state is None or not caller.may_see(state.administration_id):
            raise Problem(404, "Not found", f"application {application_id} is not known to routing")
        return state.view()

    return router
