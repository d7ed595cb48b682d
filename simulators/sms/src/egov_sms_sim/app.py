"""The simulator's web application: msghub's `/bulknew`, the inbox page, and the simulator's own
control endpoints.

All state is in memory, in this process: a restart forgets every message and injected fault.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from egov_sms_sim.api import ApiError, msghub_router
from egov_sms_sim.control import control_router
from egov_sms_sim.faults import Faults
from egov_sms_sim.inbox import Inbox
from egov_sms_sim.pages import page_router
from egov_sms_sim.settings import SmsSimSettings

if TYPE_CHECKING:
    from fastapi import Request


def create_app(settings: SmsSimSettings | None = None) -> FastAPI:
    settings = settings or SmsSimSettings()
    inbox = Inbox()
    faults = Faults()
    app = FastAPI(
        title="SMS provider simulator (msghub shape)",
        description="A simulator of an SMS provider's API (LinkMobility msghub) for development and tests. "
        "State is in memory.",
    )
    app.include_router(msghub_router(inbox, faults, settings.clients))
    app.include_router(page_router(inbox))
    app.include_router(control_router(inbox, faults))
    app.add_exception_handler(ApiError, _api_error)
    return app


async def _api_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return JSONResponse({"code": exc.status, "message": exc.message}, status_code=exc.status)
