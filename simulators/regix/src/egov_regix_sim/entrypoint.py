"""RegiX's endpoint, `/RegiXEntryPoint.svc`: its WSDL (`?wsdl`, `?singleWsdl`), and SOAP 1.1 calls
of IRegiXEntryPoint, subject to the faults injected through the simulator's control."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse, Response

from egov_regix_sim.calls import Call, Calls
from egov_regix_sim.faults import Faults
from egov_regix_sim.service import RegixService
from egov_regix_sim.soap import CONTENT_TYPE, SoapFault, envelope, fault_envelope
from egov_regix_sim.wsdl import wsdl_at

log = logging.getLogger(__name__)

PATH = "/RegiXEntryPoint.svc"


def _unavailable() -> Response:
    return PlainTextResponse("RegiX is unavailable (an outage set by /simulator/outage).", status_code=503)


def entrypoint_router(service: RegixService, calls: Calls, faults: Faults) -> APIRouter:
    router = APIRouter(tags=["RegiX IRegiXEntryPoint (SOAP 1.1)"])

    @router.get(PATH, response_model=None)
    async def wsdl(request: Request) -> Response:
        """The WSDL with `?wsdl` or `?singleWsdl` (its address: this URL); otherwise the page."""
        if faults.in_outage():
            return _unavailable()
        if not {"wsdl", "singleWsdl"} & set(request.query_params):
            return RedirectResponse("/")
        return Response(wsdl_at(str(request.url.replace(query=""))), media_type=CONTENT_TYPE)

    @router.post(PATH, response_model=None)
    async def soap(request: Request) -> Response:
        """A SOAP 1.1 call named by its SOAPAction header: 200 with the answer, or 500 with a Fault."""
        if faults.in_outage():
            return _unavailable()
        if (delay_s := faults.delay_s()) > 0:
            await asyncio.sleep(delay_s)
        call = Call(soap_action=(request.headers.get("SOAPAction") or "").strip('"') or None)
        try:
            content, status = envelope(service.answer(await request.body(), call)), 200
        except SoapFault as fault:
            call.fault = fault.message
            content, status = fault_envelope(fault), 500
        calls.record(call)
        # NOTE: the operation and outcome only: the argument may hold a personal number.
        log.info("regix_call action=%s operation=%s fault=%s", call.action, call.operation, call.fault is not None)
        return Response(content, status_code=status, media_type=CONTENT_TYPE)

    return router
