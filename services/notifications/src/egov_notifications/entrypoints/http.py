"""Notifications of one application, as recorded."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

if TYPE_CHECKING:
    from egov_notifications.adapters.repository import NotificationRepository


def notifications_router(repository: NotificationRepository) -> APIRouter:
    router = APIRouter(prefix="/notifications", tags=["notifications"])

    @router.get("")
    async def list_notifications(application_id: str) -> list[dict[str, Any]]:
        return await repository.for_application(application_id)

    return router
