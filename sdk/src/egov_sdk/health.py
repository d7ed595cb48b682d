"""Liveness and readiness endpoints for Kubernetes probes."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from fastapi import APIRouter
from fastapi.responses import JSONResponse

ReadinessCheck = Callable[[], Awaitable[bool]]


def health_router(checks: dict[str, ReadinessCheck]) -> APIRouter:
    router = APIRouter(prefix="/health", tags=["health"])

    @router.get("/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/ready")
    async def ready() -> JSONResponse:
        results = await asyncio.gather(*(_safe(check) for check in checks.values()))
        status = dict(zip(checks, results, strict=True))
        ok = all(status.values())
        return JSONResponse({"status": "ok" if ok else "unavailable", "checks": status}, status_code=200 if ok else 503)

    return router


async def _safe(check: ReadinessCheck) -> bool:
    try:
        return await asyncio.wait_for(check(), timeout=3.0)
    except Exception:  # noqa: BLE001 - any failure of a dependency means not ready
        return False
