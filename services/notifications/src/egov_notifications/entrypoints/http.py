"""Notices and their deliveries, for staff: what was sent, by which channel, and how it went;
dead letters, and sending a notice again once what stopped it is fixed."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

import dataclasses
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from egov_notifications.adapters.deliveries import Deliveries
from egov_notifications.adapters.notices import Notices
from egov_notifications.entrypoints.access import require_manager
from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN
from egov_sdk.auth import Authenticator, Principal
from egov_sdk.clock import Clock
from egov_sdk.problems import Problem
from egov_sdk.store import Store

MAX_PAGE_SIZE = 500
_HIDDEN = frozenset({"contacts"})
"""Personal data stays inside the service."""


def notifications_router(
    store: Store, notices: Notices, deliveries: Deliveries, clock: Clock, principal: Authenticator
) -> APIRouter:
    router = APIRouter(prefix="/notifications", tags=["notifications"])
    Caller = Annotated[Principal, Depends(principal)]  # noqa: N806 - a type alias, named as one

    @router.get("")
    async def list_notifications(
        application_id: Annotated[str, Query(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)],
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many, oldest first")] = 100,
    ) -> list[dict[str, Any]]:
        """The application's notices, each with its deliveries: channel, status, tries, next try."""
        found = await notices.of_application(application_id, caller.administration_filter(), limit)
        by_notice: dict[str, list[dict[str, Any]]] = {}
        for delivery in await deliveries.of_notices([notice.id for notice in found]):
            view = dataclasses.asdict(delivery)
            del view["application_id"], view["administration_id"]
            by_notice.setdefault(delivery.notification_id, []).append(view)
        return [
            {
                **{k: v for k, v in dataclasses.asdict(notice).items() if k not in _HIDDEN},
                "choosing_channels": notice.choose_at is not None,
                "deliveries": by_notice.get(notice.id, []),
            }
            for notice in found
        ]

    @router.get("/dead-letters")
    async def dead_letters(
        caller: Caller,
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many, latest first")] = 100,
    ) -> list[dict[str, Any]]:
        """Deliveries that ended without reaching anyone (the caller's administration's, or all for operators)."""
        return await deliveries.dead_letters(caller.administration_filter(), limit)

    @router.post("/{notification_id}/redrive", status_code=202)
    async def redrive(
        notification_id: Annotated[str, Path(max_length=64, pattern=APPLICATION_ID_PATTERN)],
        administration_id: Annotated[str, Query(max_length=64, description="The administration the notice is of")],
        caller: Caller,
    ) -> dict[str, str]:
        """Choose the notice's channels again and send it anew by those that did not reach anyone
        (what was delivered is not sent again)."""
        require_manager(caller, administration_id)
        async with store.transaction():
            if not await notices.choose_again(notification_id, administration_id, clock.now()):
                raise Problem(404, "Not found", f"no notification {notification_id} of {administration_id}")
            await deliveries.restart_ended(notification_id)
        return {"notification_id": notification_id, "status": "choosing_channels"}

    return router
