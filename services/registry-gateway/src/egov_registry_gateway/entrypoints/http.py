"""The audit log of registry accesses, for supervisors of an administration."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter

from egov_sdk.store import with_id

if TYPE_CHECKING:
    from pymongo.asynchronous.collection import AsyncCollection

    from egov_sdk.store import Document


def audit_router(audit: AsyncCollection[Document]) -> APIRouter:
    router = APIRouter(prefix="/audit", tags=["audit"])

    @router.get("")
    async def list_accesses(administration_id: str, limit: int = 100) -> list[dict[str, Any]]:
        cursor = audit.find({"administration_id": administration_id}, {"outbox": 0, "outbox_pending": 0})
        return [with_id(doc) async for doc in cursor.sort("requested_at", -1).limit(min(limit, 500))]

    return router
