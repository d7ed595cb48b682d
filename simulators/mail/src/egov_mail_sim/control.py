"""Endpoints of the simulator itself, NOT part of Mailpit's API nor of SMTP: fault injection for
tests, and the health probes."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from typing import Any

from fastapi import APIRouter

from egov_mail_sim.faults import FaultRequest, Faults
from egov_mail_sim.problems import Problem
from egov_mail_sim.smtp_server import SmtpServer


def control_router(faults: Faults, smtp: SmtpServer) -> APIRouter:
    router = APIRouter(tags=["simulator control"])

    @router.get("/simulator/faults")
    async def active_faults() -> dict[str, Any]:
        """The active faults, in the order they apply; `count` is how many transactions are left."""
        return {"faults": [fault.as_json() for fault in faults.active()]}

    @router.post("/simulator/faults", status_code=201)
    async def add_fault(request: FaultRequest) -> dict[str, Any]:
        """Answer RCPT TO of `recipient`, or else DATA, with `code` for `count` transactions (or until cleared)."""
        return faults.add(request).as_json()

    @router.delete("/simulator/faults", status_code=204)
    async def clear_faults() -> None:
        faults.clear()

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> dict[str, str]:
        """Ready while the SMTP server is listening."""
        if not smtp.listening:
            raise Problem(503, "Not ready", "The SMTP server is not listening.")
        return {"status": "ok"}

    return router
