"""The simulator's payment requests, in memory: registration, look-ups and status changes.

Nothing is persisted: a restart forgets every request (the simulator is for development and tests).
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from egov_pay_egov_sim.model import PaymentRequestData, PaymentStatus

# NOTE: no 0/O or 1/I: a citizen may have to type the code from a letter.
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 10


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class PaymentRequest:
    id: str
    client_id: str  # the AIS client that registered it: may read it, and signs its callbacks
    eservice_client_id: str  # the administration's client it was registered for
    data: PaymentRequestData
    access_code: str
    registered_at: dt.datetime
    status: PaymentStatus
    changed_at: dt.datetime


class Refused(Exception):
    """The request is valid but cannot be registered (the texts go into UnacceptedReceiptJson)."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


class WrongStatus(Exception):
    def __init__(self, request: PaymentRequest, target: PaymentStatus):
        super().__init__(
            f"Payment request {request.id} has status '{request.status.wire_name}' "
            f"and cannot become '{target.wire_name}'."
        )
        self.request = request


class Ledger:
    def __init__(self, on_change: Callable[[PaymentRequest], None]):
        self._on_change = on_change
        self._by_id: dict[str, PaymentRequest] = {}
        self._by_code: dict[str, PaymentRequest] = {}
        self._by_ais_id: dict[tuple[str, str], PaymentRequest] = {}

    def register(self, client_id: str, eservice_client_id: str, data: PaymentRequestData) -> PaymentRequest:
        """A new Pending request, or the Pending one registered before under the same AisPaymentId
        with its data replaced (pay.egov `DocumentHelper.ValidatePaymentRequestData`)."""
        key = (eservice_client_id, data.ais_payment_id)
        now = utcnow()
        if (existing := self._by_ais_id.get(key)) is not None:
            if existing.status is not PaymentStatus.PENDING:
                raise Refused(
                    [
                        f"Payment request with corresponding aisPaymentId has status '{existing.status.wire_name}'. "
                        "Payment request replacing is allowed only when request status is 'Pending'."
                    ]
                )
            existing.data, existing.registered_at = data, now
            return existing
        request = PaymentRequest(
            id=uuid.uuid4().hex[:20].upper(),
            client_id=client_id,
            eservice_client_id=eservice_client_id,
            data=data,
            access_code=self._new_code(),
            registered_at=now,
            status=PaymentStatus.PENDING,
            changed_at=now,
        )
        self._by_id[request.id] = self._by_code[request.access_code] = self._by_ais_id[key] = request
        return request

    def get(self, request_id: str) -> PaymentRequest | None:
        return self._by_id.get(request_id)

    def readable_by(self, client_id: str, request_id: str) -> PaymentRequest | None:
        """The request if `client_id` registered it or it was registered for `client_id`."""
        request = self._by_id.get(request_id)
        if request is None or client_id not in {request.client_id, request.eservice_client_id}:
            return None
        return request

    def by_access_code(self, code: str) -> PaymentRequest | None:
        return self._by_code.get(code)

    def move(self, request: PaymentRequest, target: PaymentStatus, allowed: frozenset[PaymentStatus]) -> None:
        """Change the status if it is one of `allowed`, and report the change; WrongStatus if not."""
        if request.status not in allowed:
            raise WrongStatus(request, target)
        request.status, request.changed_at = target, utcnow()
        self._on_change(request)

    def expire_overdue(self) -> int:
        """Mark every Pending request past its ExpirationDate as Expired; how many were."""
        now = utcnow()
        overdue = [
            request
            for request in self._by_id.values()
            if request.status is PaymentStatus.PENDING and request.data.expiration_date <= now
        ]
        for request in overdue:
            self.move(request, PaymentStatus.EXPIRED, PENDING_ONLY)
        return len(overdue)

    def _new_code(self) -> str:
        while True:
            code = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
            if code not in self._by_code:
                return code


PENDING_ONLY = frozenset({PaymentStatus.PENDING})
SUSPENDABLE = frozenset({PaymentStatus.PENDING, PaymentStatus.CANCELED})
