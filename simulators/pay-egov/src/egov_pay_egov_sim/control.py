"""Endpoints of the simulator itself, NOT part of pay.egov: look inside a request and its callbacks,
expire a request now, and the health probes. For tests and developers; no envelope, no login."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

from typing import Any

from fastapi import APIRouter

from egov_pay_egov_sim.api import ApiError
from egov_pay_egov_sim.callbacks import Notifier
from egov_pay_egov_sim.ledger import PENDING_ONLY, Ledger, PaymentRequest, WrongStatus
from egov_pay_egov_sim.model import PaymentStatus


def view(payment: PaymentRequest, notifier: Notifier) -> dict[str, Any]:
    return {
        "id": payment.id,
        "client_id": payment.client_id,
        "eservice_client_id": payment.eservice_client_id,
        "access_code": payment.access_code,
        "status": payment.status.wire_name,
        "status_label": payment.status.label,
        "changed_at": payment.changed_at.isoformat(),
        "registered_at": payment.registered_at.isoformat(),
        "request": payment.data.model_dump(mode="json", by_alias=True),
        "callbacks": [
            {
                "status": notification.payload["Status"],
                "change_time": notification.payload["ChangeTime"],
                "url": notification.url,
                "state": notification.state.value,
                "failures": notification.failures,
                "next_attempt_at": notification.next_attempt_at.isoformat() if notification.next_attempt_at else None,
                "attempts": [
                    {"at": attempt.at.isoformat(), "outcome": attempt.outcome, "accepted": attempt.accepted}
                    for attempt in notification.attempts
                ],
            }
            for notification in notifier.of(payment.id)
        ],
    }


def control_router(ledger: Ledger, notifier: Notifier) -> APIRouter:
    router = APIRouter(tags=["simulator control (not part of pay.egov)"])

    def find(request_id: str) -> PaymentRequest:
        payment = ledger.get(request_id)
        if payment is None:
            raise ApiError(404, f"No payment request {request_id}.")
        return payment

    @router.get("/simulator/payments/{request_id}")
    async def inspect(request_id: str) -> dict[str, Any]:
        """The stored request, its status and every callback with its attempts."""
        return view(find(request_id), notifier)

    @router.post("/simulator/payments/{request_id}/expire")
    async def expire(request_id: str) -> dict[str, Any]:
        """Pending → Expired now, as if its ExpirationDate had passed (409 if not Pending)."""
        payment = find(request_id)
        try:
            ledger.move(payment, PaymentStatus.EXPIRED, PENDING_ONLY)
        except WrongStatus as exc:
            raise ApiError(409, str(exc)) from exc
        return view(payment, notifier)

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ok"}

    return router
