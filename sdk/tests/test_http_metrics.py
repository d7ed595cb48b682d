"""HTTP metrics by route template, method and status class; scrapes, probes and unknown paths
never make labels of their own."""

from __future__ import annotations

import httpx
from fastapi import FastAPI, HTTPException

from egov_sdk.http_metrics import DURATION, REQUESTS, HttpMetrics


def app() -> FastAPI:
    application = FastAPI()

    @application.get("/items/{item_id}")
    async def item(item_id: str) -> dict[str, str]:
        if item_id == "missing":
            raise HTTPException(404)
        return {"id": item_id}

    @application.get("/health/live")
    async def live() -> dict[str, str]:
        return {}

    application.add_middleware(HttpMetrics)
    return application


def counted(handler: str, status: str) -> float:
    return float(REQUESTS.labels(handler, "GET", status)._value.get())


async def test_requests_are_counted_by_their_route_template_and_status_class() -> None:
    before = counted("/items/{item_id}", "2xx"), counted("/items/{item_id}", "4xx"), counted("none", "4xx")
    timed = DURATION.labels("/items/{item_id}", "GET")._sum.get()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app()), base_url="http://test") as client:
        for path in ("/items/1", "/items/2", "/items/missing", "/nowhere/7", "/health/live"):
            await client.get(path)
    after = counted("/items/{item_id}", "2xx"), counted("/items/{item_id}", "4xx"), counted("none", "4xx")
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1]
    assert DURATION.labels("/items/{item_id}", "GET")._sum.get() > timed
    handlers = {sample.labels["handler"] for metric in REQUESTS.collect() for sample in metric.samples}
    assert not {"/items/1", "/nowhere/7", "/health/live"} & handlers
