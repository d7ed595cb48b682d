"""A client of pay.egov.bg (e-Payment), acting as an integrator for each administration's client.

Every call is a form-urlencoded POST of `clientId`, `hmac` and `data` (base64 of the UTF-8 JSON,
signed with HMAC-SHA256 under our secret); pay.egov's status callbacks come back signed the same
way (`ClientId`, `Hmac`, `Data`). Shapes follow pay.egov's `EserviceController`
(governmentbg/pay-egov, `api/v1/eService`). Personal data (the applicant's UIN and name) goes to
pay.egov and nowhere else: it is never logged and is left out of the order's repr.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx

from egov_sdk.logging import get_logger

log = get_logger(__name__)

REGISTER_PATH = "/api/v1/eService/paymentJsonExtended"
STATUS_PATH = "/api/v1/eService/paymentsStatus"
SUSPEND_PATH = "/api/v1/eService/suspendRequest"
ACCESS_CODE_PATH = "/api/v1/eService/accessCode"
# NOTE: the simulator's citizen page. Real pay.egov's differs: the AIS posts the citizen to its
# web (`Ais/PaymentOrder`, the same signed form), or the citizen enters the access code there.
PAYMENT_PAGE_PATH = "/pay/"
REFERENCE_TYPE_OTHER = "9"  # PaymentReferenceType 9 "Други"; a string in pay.egov's DO
REASON_MAX = 200  # NOTE: pay.egov's column; Cyrillic is one UTF-16 unit a letter, so characters count alike
UIN_TYPES = frozenset({1, 2, 3})  # 1 ЕГН, 2 ЛНЧ, 3 Булстат
CURRENCIES = frozenset({"BGN", "EUR"})
PAY_EGOV_TIME = ZoneInfo("Europe/Sofia")  # NOTE: how pay.egov's naive times are read


class PaymentStatus(StrEnum):
    PENDING = "Pending"
    AUTHORIZED = "Authorized"
    ORDERED = "Ordered"
    PAID = "Paid"
    EXPIRED = "Expired"
    CANCELED = "Canceled"
    SUSPENDED = "Suspended"
    IN_PROCESS = "InProcess"


# NOTE: pay.egov writes statuses by name; the numbers (PaymentRequestStatus.cs) are read too.
_STATUS_CODES = dict(zip((1, 2, 3, 4, 5, 6, 7, 9), PaymentStatus, strict=True))


@dataclass(frozen=True)
class PaymentOrder:
    """What routing asks pay.egov for. Checked here, so that a bad order fails before the call."""

    payment_id: str  # AisPaymentId: our own id, echoed back; pay.egov replaces a Pending one with the same id
    eservice_client_id: str  # the administration's pay.egov client (we act for it as integrator)
    amount: Decimal
    currency: str
    reason: str  # PaymentReason, cut to REASON_MAX characters
    reference: str  # PaymentReferenceNumber: the application's reference number (type 9 "Други")
    reference_date: dt.date
    applicant_uin: str = field(repr=False)
    applicant_uin_type: int  # 1 ЕГН, 2 ЛНЧ, 3 Булстат
    applicant_name: str = field(repr=False)
    service_uri: str  # AdministrativeServiceUri: the IISDA number
    supplier_uri: str  # AdministrativeServiceSupplierUri: the administration's EIK ("" if unknown)
    expires_at: dt.datetime
    notification_url: str  # AdministrativeServiceNotificationURL: our callback

    def __post_init__(self) -> None:
        if self.amount <= 0 or self.amount != self.amount.quantize(Decimal("0.01")):
            raise ValueError("the amount must be positive, in whole stotinki")
        if self.currency not in CURRENCIES:
            raise ValueError(f"the currency must be one of {sorted(CURRENCIES)}")
        if self.applicant_uin_type not in UIN_TYPES:
            raise ValueError("the applicant's identifier type must be 1 (ЕГН), 2 (ЛНЧ) or 3 (Булстат)")
        if self.expires_at.tzinfo is None:
            raise ValueError("expires_at must carry its time zone")

    def data(self) -> dict[str, Any]:
        return {
            "AisPaymentId": self.payment_id,
            "EserviceClientId": self.eservice_client_id,
            "Currency": self.currency,
            # NOTE: a JSON number (a double in pay.egov's DO); float's shortest repr of a two-place
            # amount is that amount's decimal text.
            "PaymentAmount": float(self.amount),
            "PaymentReason": self.reason[:REASON_MAX],
            "ApplicantUinTypeId": self.applicant_uin_type,
            "ApplicantUin": self.applicant_uin,
            "ApplicantName": self.applicant_name,
            "PaymentReferenceType": REFERENCE_TYPE_OTHER,
            "PaymentReferenceNumber": self.reference,
            "PaymentReferenceDate": self.reference_date.isoformat(),
            "ExpirationDate": self.expires_at.isoformat(),
            "AdministrativeServiceUri": self.service_uri,
            "AdministrativeServiceSupplierUri": self.supplier_uri,
            "AdministrativeServiceNotificationURL": self.notification_url,
        }


@dataclass(frozen=True)
class RegisteredPayment:
    request_id: str
    access_code: str
    registered_at: dt.datetime


@dataclass(frozen=True)
class StatusChange:
    request_id: str
    status: PaymentStatus
    changed_at: dt.datetime


class PaymentRefused(Exception):
    """pay.egov refused the call: an UnacceptedReceiptJson, or a 4xx saying why (a request that
    is not ours, or not in a state to suspend). Its text is pay.egov's, free of personal data."""

    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors) or "refused without a reason")
        self.errors = errors


class PayEgovUnavailable(Exception):
    """pay.egov could not take the call now (transport error, timeout, 5xx, 429, an unreadable
    answer, or our credentials refused: a configuration to fix). Retry later."""


class ForgedCallback(Exception):
    """A callback whose client or HMAC does not verify."""


class MalformedCallback(ValueError):
    """A callback that verifies but whose data cannot be read."""


class PayEgovClient:
    def __init__(
        self,
        base_url: str,
        client_id: str,
        secret: str,
        *,
        timeout_s: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ):
        self._base_url = base_url.rstrip("/")
        self._client_id = client_id
        self._secret = secret
        self._http = httpx.AsyncClient(base_url=self._base_url, timeout=timeout_s, transport=transport)

    async def register(self, order: PaymentOrder) -> RegisteredPayment:
        """Register the order (`paymentJsonExtended`); PaymentRefused names what pay.egov refused."""
        # NOTE: pay.egov reads EserviceClientId from the form beside the envelope (unsigned); it
        # also goes in the signed data, where pay.egov ignores it.
        body = await self._call(REGISTER_PATH, order.data(), EserviceClientId=order.eservice_client_id)
        # NOTE: pay.egov answers a refusal with an AcceptedReceiptJson too (its Id null).
        refused = body.get("UnacceptedReceiptJson")
        if refused:
            errors = [str(error) for error in (refused.get("Errors") if isinstance(refused, dict) else None) or []]
            log.warning("pay_egov_refused", payment_id=order.payment_id, errors=len(errors))
            raise PaymentRefused(errors)
        accepted = body.get("AcceptedReceiptJson") or {}
        request_id = accepted.get("Id")
        if not isinstance(request_id, str) or not request_id:
            raise PayEgovUnavailable("pay.egov accepted the order without giving its id")
        access_code = accepted.get("AccessCode") or await self.access_code(request_id)
        registered_at = _instant(accepted.get("RegistrationTime")) or dt.datetime.now(dt.UTC)
        log.info("pay_egov_registered", payment_id=order.payment_id, request_id=request_id)
        return RegisteredPayment(request_id, access_code, registered_at)

    async def statuses(self, request_ids: list[str]) -> list[StatusChange]:
        """The current status of each of our requests (`paymentsStatus`); unknown ones are left out."""
        if not request_ids:
            return []
        body = await self._call(STATUS_PATH, {"requestIds": request_ids})
        changes = []
        for item in body.get("PaymentStatuses") or []:
            change = _change(item)
            if change is not None:
                changes.append(change)
        return changes

    async def suspend(self, request_id: str) -> None:
        """Stop a Pending (or Canceled) request: the service will not be provided (`suspendRequest`)."""
        await self._call(SUSPEND_PATH, {"id": request_id})
        log.info("pay_egov_suspended", request_id=request_id)

    async def access_code(self, request_id: str) -> str:
        body = await self._call(ACCESS_CODE_PATH, {"id": request_id})
        code = body.get("AccessCode")
        if not isinstance(code, str) or not code:
            raise PayEgovUnavailable("pay.egov gave no access code")
        return code

    def payment_page(self, access_code: str) -> str:
        """Where the citizen pays."""
        return f"{self._base_url}{PAYMENT_PAGE_PATH}{quote(access_code, safe='')}"

    def read_callback(self, client_id: str, signature: str, data: str) -> StatusChange:
        """The status change in a callback, after checking it is signed with our secret."""
        if not hmac.compare_digest(client_id.encode(), self._client_id.encode()):
            raise ForgedCallback("the callback names another client")
        if not hmac.compare_digest(_sign(self._secret, data).encode(), signature.encode()):
            raise ForgedCallback("the callback's HMAC does not match its data")
        try:
            payload = json.loads(base64.b64decode(data, validate=True).decode())
        except (binascii.Error, UnicodeError, ValueError) as exc:
            raise MalformedCallback("the callback's data is not base64 of UTF-8 JSON") from exc
        change = _change(payload)
        if change is None:
            raise MalformedCallback("the callback's data has no Id, known Status and ChangeTime")
        return change

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(self, path: str, payload: dict[str, Any], **form: str) -> dict[str, Any]:
        data = base64.b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode("ascii")
        envelope = {"clientId": self._client_id, "hmac": _sign(self._secret, data), "data": data, **form}
        try:
            response = await self._http.post(path, data=envelope)
        except httpx.TransportError as exc:
            raise PayEgovUnavailable(f"pay.egov {path}: {type(exc).__name__}") from exc
        status = response.status_code
        if status >= 500 or status in {401, 403, 408, 429}:
            raise PayEgovUnavailable(f"pay.egov {path} answered {status}")
        try:
            body = response.json()
        except ValueError as exc:
            raise PayEgovUnavailable(f"pay.egov {path} answered {status} without JSON") from exc
        if status >= 400:
            message = body.get("Message") if isinstance(body, dict) else None
            raise PaymentRefused([str(message or f"HTTP {status}")])
        if not isinstance(body, dict):
            raise PayEgovUnavailable(f"pay.egov {path} answered {status} with JSON that is not an object")
        return body


def _sign(secret: str, data: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), data.encode(), hashlib.sha256).digest()).decode("ascii")


def _instant(value: Any) -> dt.datetime | None:
    """An ISO 8601 time; a naive one is pay.egov's local time (Bulgaria)."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=PAY_EGOV_TIME) if parsed.tzinfo is None else parsed


def _change(item: Any) -> StatusChange | None:
    """A status change from `{Id, Status, ChangeTime}`; None for an unknown request or status."""
    if not isinstance(item, dict):
        return None
    request_id, status, changed_at = item.get("Id"), _status(item.get("Status")), _instant(item.get("ChangeTime"))
    if not isinstance(request_id, str) or status is None or changed_at is None:
        return None
    return StatusChange(request_id, status, changed_at)


def _status(value: Any) -> PaymentStatus | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return _STATUS_CODES.get(value)
    try:
        return PaymentStatus(value)
    except ValueError:
        return None
