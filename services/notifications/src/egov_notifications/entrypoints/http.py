"""Notifications of one application, as recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Query

from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN

if TYPE_CHECKING:
    from egov_notifications.adapters.repository import NotificationRepository


MAX_PAGE_SIZE = 500


def notifications_router(repository: NotificationRepository) -> APIRouter:
    router = APIRouter(prefix="/notifications", tags=["notifications"])

    @router.get("")
    async def list_notifications(
        application_id: Annotated[str, Query(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)],
        limit: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="How many, oldest first")] = 100,
    ) -> list[dict[str, Any]]:
        return await repository.for_application(application_id, limit)

    return router
