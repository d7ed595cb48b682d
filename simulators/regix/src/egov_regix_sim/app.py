"""The simulator's web application: RegiX's `/RegiXEntryPoint.svc`, the page of calls, and the
simulator's own control endpoints.

All state is in memory, in this process: a restart forgets every kept result, call and fault.
"""

from __future__ import annotations

from fastapi import FastAPI

from egov_regix_sim.calls import Calls
from egov_regix_sim.control import control_router
from egov_regix_sim.entrypoint import entrypoint_router
from egov_regix_sim.faults import Faults
from egov_regix_sim.operations import OPERATIONS
from egov_regix_sim.pages import page_router
from egov_regix_sim.results import Results
from egov_regix_sim.service import RegixService
from egov_regix_sim.settings import RegixSimSettings


def create_app(settings: RegixSimSettings | None = None) -> FastAPI:
    settings = settings or RegixSimSettings()
    calls = Calls()
    faults = Faults()
    service = RegixService(OPERATIONS, Results(settings.async_delay_s))
    app = FastAPI(
        title="RegiX simulator",
        description="A simulator of RegiX's IRegiXEntryPoint (SOAP 1.1) for development and tests: registry "
        "answers made up from the identifier asked about. State is in memory.",
    )
    app.include_router(entrypoint_router(service, calls, faults))
    app.include_router(page_router(calls))
    app.include_router(control_router(calls, faults))
    return app
