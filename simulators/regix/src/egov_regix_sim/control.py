"""Endpoints of the simulator itself, NOT part of RegiX: inject an outage or a slowness, read and
empty the journal of calls, and the health probes. For tests and developers."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from egov_regix_sim.calls import Calls
from egov_regix_sim.faults import Faults


class Outage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(gt=0, allow_inf_nan=False, description="How long the SOAP endpoint answers 503")


class Slowness(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(gt=0, allow_inf_nan=False, description="How long SOAP answers are delayed")
    delay_s: float = Field(gt=0, le=600, allow_inf_nan=False, description="By how much each is delayed")


def control_router(calls: Calls, faults: Faults) -> APIRouter:
    router = APIRouter(tags=["simulator control (not part of RegiX)"])

    @router.post("/simulator/outage")
    async def start_outage(outage: Outage) -> dict[str, float]:
        """`/RegiXEntryPoint.svc` answers 503 for `seconds` from now (the health probes stay 200)."""
        faults.start_outage(outage.seconds)
        return {"seconds": outage.seconds}

    @router.post("/simulator/slowness")
    async def start_slowness(slowness: Slowness) -> dict[str, float]:
        """Every SOAP answer is held `delay_s` seconds, for calls received in the next `seconds`."""
        faults.start_slowness(slowness.seconds, slowness.delay_s)
        return {"seconds": slowness.seconds, "delay_s": slowness.delay_s}

    @router.delete("/simulator/faults", status_code=204)
    async def clear_faults() -> Response:
        """End the outage and the slowness now."""
        faults.clear()
        return Response(status_code=204)

    @router.get("/simulator/calls")
    async def received_calls() -> list[dict[str, Any]]:
        """Every SOAP call received, newest first, personal numbers masked to their last digit."""
        return [call.view() for call in calls.calls()]

    @router.delete("/simulator/calls", status_code=204)
    async def forget_calls() -> Response:
        calls.clear()
        return Response(status_code=204)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return router
