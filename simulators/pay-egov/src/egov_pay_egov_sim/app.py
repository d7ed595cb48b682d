"""The simulator's web application: pay.egov's AIS API, the citizen's payment page, signed status
callbacks, expiry of overdue requests, and the simulator's own control endpoints.

All state is in memory, in this process: a restart forgets every request and callback.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

import httpx
from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse

from egov_pay_egov_sim.api import ApiError, ais_router
from egov_pay_egov_sim.callbacks import Notifier
from egov_pay_egov_sim.control import control_router
from egov_pay_egov_sim.ledger import Ledger
from egov_pay_egov_sim.pages import NOT_FOUND_PAGE, PageNotFound, page_router
from egov_pay_egov_sim.settings import SimulatorSettings

if TYPE_CHECKING:
    from fastapi import Request

log = logging.getLogger(__name__)


def create_app(
    settings: SimulatorSettings | None = None, *, callback_transport: httpx.AsyncBaseTransport | None = None
) -> FastAPI:
    """The application; `callback_transport` lets tests deliver callbacks to an in-process receiver.

    NOTE: the expiry loop runs, and callbacks are delivered, only while the app's lifespan is
    entered (uvicorn does it; tests enter `app.router.lifespan_context(app)`).
    """
    settings = settings or SimulatorSettings()
    http = httpx.AsyncClient(timeout=settings.callback_timeout_s, transport=callback_transport)
    notifier = Notifier(settings.clients, settings.retry_minute_s, http)
    ledger = Ledger(on_change=notifier.notify)

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        expiry = asyncio.create_task(_expire_every(ledger, settings.expiry_check_interval_s))
        try:
            yield
        finally:
            expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await expiry
            await notifier.aclose()

    app = FastAPI(
        title="pay.egov simulator",
        description="A simulator of pay.egov.bg for development and tests. State is in memory.",
        lifespan=lifespan,
    )
    app.include_router(ais_router(ledger, settings.clients))
    app.include_router(page_router(ledger))
    app.include_router(control_router(ledger, notifier))
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(PageNotFound, _page_not_found)
    return app


async def _expire_every(ledger: Ledger, interval_s: float) -> None:
    while True:
        await asyncio.sleep(interval_s)
        if expired := ledger.expire_overdue():
            log.info("requests_expired count=%d", expired)


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse({"Message": exc.message}, status_code=exc.status)


async def _page_not_found(_: Request, __: Exception) -> HTMLResponse:
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404)
