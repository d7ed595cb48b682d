"""`/metrics` in Prometheus' text format, with the gauges brought up to date first."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

import asyncio

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from egov_sdk.logging import get_logger
from egov_sdk.metrics import Refresh

log = get_logger(__name__)
REFRESH_TIMEOUT_S = 2.0


def metrics_router(refreshes: list[Refresh]) -> APIRouter:
    router = APIRouter(tags=["operations"])

    @router.get("/metrics", response_class=Response, include_in_schema=False)
    async def metrics() -> Response:
        for refresh in refreshes:
            # NOTE: a store that does not answer must not stop the scrape: the gauge keeps its
            # last value, and the other metrics (the store's errors among them) still tell.
            try:
                await asyncio.wait_for(refresh(), timeout=REFRESH_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001 - any failure of one gauge
                log.warning(
                    "metrics_refresh_failed", refresh=getattr(refresh, "__name__", "?"), error=type(exc).__name__
                )
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    return router
