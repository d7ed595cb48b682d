"""The data tracker: a citizen sees every access to their data through the platform (like
Estonia's Andmejälgija): when, which administration, which register, for which application and
why, under which law, and whether it was allowed."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from egov_registry_gateway.adapters.access_log import AccessLog
from egov_registry_gateway.domain.operations import REGISTERS, Subject, subject_ref
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.catalog_view import CatalogView

MAX_PAGE_SIZE = 500


def tracker_router(
    access_log: AccessLog, catalog: CatalogView, subject_key: bytes, principal: Authenticator
) -> APIRouter:
    router = APIRouter(tags=["data tracker"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("/tracker")
    async def my_data_accesses(
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many of the latest accesses")] = 100,
    ) -> dict[str, Any]:
        """Every registry access to the logged-in citizen's data, newest first."""
        egn = caller.require_citizen()
        entries = await access_log.of_subject(subject_ref(subject_key, Subject("egn", egn)), limit)
        accesses = []
        for entry in entries:
            administration = catalog.administration(entry.administration_id)
            register_bg, register_en = REGISTERS.get(entry.operation, (entry.operation, entry.operation))
            accesses.append(
                {
                    "at": entry.answered_at,
                    "administration_id": entry.administration_id,
                    "administration": {
                        "bg": administration.name_bg if administration else entry.administration_id,
                        "en": administration.name_en if administration else entry.administration_id,
                    },
                    "register": {"bg": register_bg, "en": register_en},
                    "operation": entry.operation,
                    "service": entry.service,
                    "application_id": entry.application_id,
                    "purpose": entry.purpose,
                    "law_reason": entry.law_reason,
                    "outcome": entry.outcome,
                }
            )
        return {"accesses": accesses}

    return router
