"""HTTP request metrics, `http_requests_total{handler,method,status}` and
`http_request_duration_seconds{handler,method}`, under the names and labels
prometheus-fastapi-instrumentator gives them (`handler` the route's template, `status` grouped as
`2xx`), recorded by a plain ASGI middleware.

NOTE: not the instrumentator itself: before each request it matches the path against every route
(intake has dozens, with the portal's pages) and builds a Request and a Response object; that cost
intake about 8 % of the submissions it accepts per second (docs/performance.md). The router leaves
the route it matched in the scope, which is all that is needed here.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from prometheus_client import Counter, Histogram

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "http_requests", "HTTP requests by route template, method and status class", ["handler", "method", "status"]
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time to answer an HTTP request, by route template and method",
    ["handler", "method"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
NOT_COUNTED = ("/metrics", "/health/")
"""Scrapes and probes: counting them would only count Prometheus and the kubelet."""
UNMATCHED = "none"
"""The handler of a request no route matched (a label per unknown path would grow without end)."""


class HttpMetrics:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            handler = getattr(scope.get("route"), "path", None) or UNMATCHED
            if not handler.startswith(NOT_COUNTED):
                method = scope["method"]
                REQUESTS.labels(handler, method, f"{str(status)[0]}xx").inc()
                DURATION.labels(handler, method).observe(time.perf_counter() - started)
