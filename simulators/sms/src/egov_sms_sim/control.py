"""Endpoints of the simulator itself, NOT part of msghub: read and empty the inbox, start or end an
outage, refuse particular numbers, and the health probes. For tests and developers; no signature."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from typing import Any

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from egov_sms_sim.api import MSISDN_PATTERN
from egov_sms_sim.faults import Faults
from egov_sms_sim.inbox import Inbox, Message


class Outage(BaseModel):
    model_config = ConfigDict(extra="forbid")

    seconds: float = Field(gt=0, allow_inf_nan=False, description="How long /bulknew answers 503")


class Refusal(BaseModel):
    model_config = ConfigDict(extra="forbid")

    msisdn: str = Field(pattern=MSISDN_PATTERN, description="The number to refuse, E.164")
    code: int = Field(ge=400, le=599, description="The HTTP status /bulknew answers for it")


def view(message: Message) -> dict[str, Any]:
    return {
        "msg_id": message.msg_id,
        "msisdn": message.msisdn,
        "sc": message.sc,
        "text": message.text,
        "service_id": message.service_id,
        "priority": message.priority,
        "received_at": message.received_at.isoformat(),
        "parts": message.parts,
        "encoding": message.encoding.value,
        "api_key": message.api_key,
    }


def control_router(inbox: Inbox, faults: Faults) -> APIRouter:
    router = APIRouter(tags=["simulator control (not part of msghub)"])

    @router.get("/simulator/messages")
    async def messages(msisdn: str | None = None) -> list[dict[str, Any]]:
        """Every accepted message, newest first; only those to `msisdn` if given."""
        return [view(message) for message in inbox.messages(msisdn)]

    @router.delete("/simulator/messages", status_code=204)
    async def forget_messages() -> Response:
        inbox.clear()
        return Response(status_code=204)

    @router.post("/simulator/outage")
    async def start_outage(outage: Outage) -> dict[str, float]:
        """/bulknew answers 503 for `seconds` from now (the health probes stay 200)."""
        faults.start_outage(outage.seconds)
        return {"seconds": outage.seconds}

    @router.delete("/simulator/outage", status_code=204)
    async def end_outage() -> Response:
        faults.end_outage()
        return Response(status_code=204)

    @router.post("/simulator/faults")
    async def refuse(refusal: Refusal) -> dict[str, dict[str, int]]:
        """/bulknew answers `code` for every message to `msisdn` until the faults are cleared."""
        faults.refuse(refusal.msisdn, refusal.code)
        return {"faults": faults.refusals()}

    @router.delete("/simulator/faults", status_code=204)
    async def clear_faults() -> Response:
        faults.clear_refusals()
        return Response(status_code=204)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return router
