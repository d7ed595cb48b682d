"""pay.egov's AIS API (`api/v1/eService`, `EserviceController`) and the AIS hand-over of a citizen
to the payment page (`Ais/PaymentOrder`), each behind the signed form envelope."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import ValidationError

from egov_pay_egov_sim import envelope
from egov_pay_egov_sim.ledger import SUSPENDABLE, Ledger, PaymentRequest, Refused, WrongStatus, utcnow
from egov_pay_egov_sim.model import MAX_CLIENT_ID, PaymentRequestData, PaymentStatus, describe

# NOTE: pay.egov's own text for every data it cannot read (`CustomServiceException`, answered 400).
UNREADABLE = "An error occurred when attempting to parse data. Please ensure that POST data is in correct format."
NOT_AUTHORIZED = "Not authorized to access payment request."


class ApiError(Exception):
    """Answered as `{"Message": ...}` with `status`, as pay.egov's exception filter does."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Signed:
    client_id: str
    payload: dict[str, Any]
    form: Mapping[str, Any]


async def open_envelope(request: Request, clients: Mapping[str, str]) -> Signed:
    """The verified caller and its data: 401 for an unknown client or a wrong hmac, 400 for
    a missing field or data that is not base64 of a JSON object."""
    form = await request.form()
    client_id, signature, data = (envelope.field(form, name) for name in envelope.REQUEST_FIELDS)
    if client_id is None or signature is None or data is None:
        raise ApiError(400, "The form fields clientId, hmac and data are required.")
    secret = clients.get(client_id)
    if secret is None:
        raise ApiError(401, f"Unknown or inactive client '{client_id}'.")
    if not envelope.verify(secret, data, signature):
        raise ApiError(401, "The hmac does not match the data for this client.")
    try:
        payload = envelope.decode(data)
    except envelope.MalformedData as exc:
        raise ApiError(400, UNREADABLE) from exc
    if not isinstance(payload, dict):
        raise ApiError(400, UNREADABLE)
    return Signed(client_id, payload, form)


def value(payload: Mapping[str, Any], name: str) -> Any:
    """A JSON property by name, case-insensitively (pay.egov's `OrdinalIgnoreCase` look-ups)."""
    return next((item for key, item in payload.items() if key.lower() == name.lower()), None)


def _time(at: dt.datetime) -> str:
    return at.isoformat()


def _request_id(signed: Signed) -> str:
    request_id = value(signed.payload, "id")
    if not isinstance(request_id, str):
        raise ApiError(400, UNREADABLE)
    return request_id


def ais_router(ledger: Ledger, clients: Mapping[str, str]) -> APIRouter:
    router = APIRouter(tags=["pay.egov AIS API"])

    def readable(signed: Signed) -> PaymentRequest:
        request = ledger.readable_by(signed.client_id, _request_id(signed))
        if request is None:
            raise ApiError(400, NOT_AUTHORIZED)
        return request

    @router.post("/api/v1/eService/paymentJsonExtended")
    async def payment_json_extended(request: Request) -> dict[str, Any]:
        """Register a payment request for `EserviceClientId` (the envelope's form field, as in
        pay.egov, or a property of `data`)."""
        signed = await open_envelope(request, clients)
        # NOTE: pay.egov reads EserviceClientId from the form beside clientId/hmac/data (unsigned,
        # `AuthRequestExtendedDO`); the simulator also takes it from the signed data.
        eservice_client_id = envelope.field(signed.form, "EserviceClientId") or value(
            signed.payload, "EserviceClientId"
        )
        errors = []
        if not isinstance(eservice_client_id, str) or not 0 < len(eservice_client_id.strip()) <= MAX_CLIENT_ID:
            errors.append(f"Element 'EserviceClientId' is required (at most {MAX_CLIENT_ID} characters).")
        try:
            data = PaymentRequestData.model_validate(signed.payload)
        except ValidationError as exc:
            errors.extend(describe(exc))
        if errors:
            return _unaccepted(errors)
        assert isinstance(eservice_client_id, str)
        try:
            registered = ledger.register(signed.client_id, eservice_client_id.strip(), data)
        except Refused as exc:
            return _unaccepted(exc.errors)
        return {
            "UnacceptedReceiptJson": None,
            "AcceptedReceiptJson": {
                "Id": registered.id,
                "RegistrationTime": _time(registered.registered_at),
                "AccessCode": registered.access_code,
            },
        }

    @router.post("/api/v1/eService/paymentsStatus")
    async def payments_status(request: Request) -> dict[str, Any]:
        """Statuses of the caller's requests among `requestIds` (others are left out)."""
        signed = await open_envelope(request, clients)
        ids = value(signed.payload, "requestIds")
        if not isinstance(ids, list) or not all(isinstance(item, str) for item in ids):
            raise ApiError(400, UNREADABLE)
        found = [ledger.readable_by(signed.client_id, request_id) for request_id in ids]
        return {
            "PaymentStatuses": [
                {"Id": item.id, "Status": item.status.wire_name, "ChangeTime": _time(item.changed_at)}
                for item in found
                if item is not None
            ]
        }

    @router.post("/api/v1/eService/suspendRequest")
    async def suspend_request(request: Request) -> dict[str, Any]:
        """Pending or Canceled → Suspended (the administration stopped the service)."""
        payment = readable(await open_envelope(request, clients))
        try:
            ledger.move(payment, PaymentStatus.SUSPENDED, SUSPENDABLE)
        except WrongStatus as exc:
            raise ApiError(400, str(exc)) from exc
        return {}

    @router.post("/api/v1/eService/accessCode")
    async def access_code(request: Request) -> dict[str, Any]:
        return {"AccessCode": readable(await open_envelope(request, clients)).access_code}

    @router.post("/Ais/PaymentOrder", response_class=RedirectResponse, status_code=303)
    async def payment_order(request: Request) -> RedirectResponse:
        """The AIS posts the citizen here (a form in the citizen's browser); on to the payment page."""
        payment = readable(await open_envelope(request, clients))
        return RedirectResponse(f"/pay/{quote(payment.access_code, safe='')}", status_code=303)

    return router


def _unaccepted(errors: list[str]) -> dict[str, Any]:
    # NOTE: pay.egov answers a refusal with an AcceptedReceiptJson too, whose Id is null
    # (`PostPaymentJsonExtended`): a client must look at UnacceptedReceiptJson first.
    now = _time(utcnow())
    return {
        "UnacceptedReceiptJson": {"ValidationTime": now, "Errors": errors},
        "AcceptedReceiptJson": {"Id": None, "RegistrationTime": now, "AccessCode": ""},
    }
