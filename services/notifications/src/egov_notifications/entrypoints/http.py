"""Notifications of one application, as recorded; for staff and the platform's services."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from egov_notifications.adapters.repository import NotificationRepository
from egov_sdk.auth import Authenticator, Principal


def notifications_router(repository: NotificationRepository, principal: Authenticator) -> APIRouter:
    router = APIRouter(prefix="/notifications", tags=["notifications"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def list_notifications(application_id: str, caller: Caller) -> list[dict[str, Any]]:
        return await repository.for_application(application_id, caller.administration_filter())

    return router
