"""LinkMobility msghub's `POST /bulknew`, the call Bulgarian eAuth's SMS backend makes: one SMS as
JSON, with the client's `x-api-key` and `x-api-sign` (see `signing`).

NOTE: msghub's answers are not documented where its shape was taken from (eAuth's README). The
simulator's are its own: `{"code": 0, "message": "OK", "msg_id", "parts", "encoding"}` on success,
and `{"code": <the HTTP status>, "message": ...}` naming what is wrong otherwise.
"""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoints' annotations at runtime.

import datetime as dt
import logging
import uuid
from collections.abc import Mapping
from typing import Any, Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails

from egov_sms_sim import segments, signing
from egov_sms_sim.faults import Faults
from egov_sms_sim.inbox import Inbox, Message

log = logging.getLogger(__name__)

MSISDN_PATTERN = r"^\+[1-9][0-9]{7,14}$"
MAX_TEXT = 1530  # NOTE: ten concatenated GSM-7 parts of 153

EXPECTED = {
    "msisdn": "an international number in E.164 form, '+' then 8 to 15 digits (e.g. +359888123456)",
    "sc": "a short code of 1 to 16 letters or digits",
    "text": f"a string of 1 to {MAX_TEXT} characters",
    "service_id": "an integer of at least 1",
    "priority": '"high", or absent',
}


class ApiError(Exception):
    """Answered as `{"code": status, "message": message}` with `status`."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


class BulkNew(BaseModel):
    # NOTE: strict, so that "5" is no service_id and true no number; unknown fields are refused
    # so that a misspelt one (say "message" for "text") is caught here rather than lost.
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)

    msisdn: str = Field(pattern=MSISDN_PATTERN)
    sc: str = Field(pattern=r"^[A-Za-z0-9]{1,16}$")
    text: str = Field(min_length=1, max_length=MAX_TEXT)
    service_id: int = Field(ge=1)
    priority: Literal["high"] | None = None


def authenticate(request: Request, body: bytes, clients: Mapping[str, str]) -> str:
    """The caller's api key, once its signature of `body` holds; 401 otherwise."""
    key = request.headers.get("x-api-key")
    signature = request.headers.get("x-api-sign")
    if key is None or signature is None:
        raise ApiError(401, "The headers x-api-key and x-api-sign are required.")
    secret = clients.get(key)
    if secret is None:
        raise ApiError(401, f"Unknown x-api-key '{key}'.")
    if not signing.verify(secret, body, signature):
        raise ApiError(401, "x-api-sign is not the HMAC-SHA512 of the body under this key's secret.")
    return key


def parse(body: bytes) -> BulkNew:
    try:
        return BulkNew.model_validate_json(body)
    except ValidationError as exc:
        raise ApiError(400, "; ".join(_describe(error) for error in exc.errors())) from exc


def _describe(error: ErrorDetails) -> str:
    if not error["loc"]:
        return f"The body is not a JSON object of the message: {error['msg']}."
    field = str(error["loc"][0])
    if error["type"] == "extra_forbidden":
        return f"Unknown field '{field}'."
    state = "Missing" if error["type"] == "missing" else "Invalid"
    return f"{state} '{field}': expected {EXPECTED[field]}."


def msghub_router(inbox: Inbox, faults: Faults, clients: Mapping[str, str]) -> APIRouter:
    router = APIRouter(tags=["msghub API"])

    @router.post("/bulknew")
    async def bulknew(request: Request) -> dict[str, Any]:
        """Send one SMS: 200 with its id and parts; 401, 400, or a status injected by the simulator."""
        if faults.in_outage():
            raise ApiError(503, "The SMS provider is unavailable (an outage set by /simulator/outage).")
        body = await request.body()
        key = authenticate(request, body, clients)
        sms = parse(body)
        if (status := faults.refusal(sms.msisdn)) is not None:
            log.info("sms_refused status=%d service_id=%d", status, sms.service_id)
            raise ApiError(status, f"Messages to msisdn {sms.msisdn} are refused (a fault set by /simulator/faults).")
        counted = segments.count(sms.text)
        message = Message(
            msg_id=str(uuid.uuid4()),
            msisdn=sms.msisdn,
            sc=sms.sc,
            text=sms.text,
            service_id=sms.service_id,
            priority=sms.priority,
            received_at=dt.datetime.now(dt.UTC),
            parts=counted.parts,
            encoding=counted.encoding,
            api_key=key,
        )
        inbox.add(message)
        log.info("sms_accepted msg_id=%s parts=%d encoding=%s", message.msg_id, message.parts, message.encoding)
        return {
            "code": 0,
            "message": "OK",
            "msg_id": message.msg_id,
            "parts": message.parts,
            "encoding": message.encoding.value,
        }

    return router
