"""The signed form envelope of every pay.egov call and callback.

An AIS posts `clientId`, `hmac` and `data` form-urlencoded; pay.egov's callbacks post the same
three as `ClientId`, `Hmac` and `Data`. `data` is base64 of the UTF-8 JSON, and `hmac` is
base64(HMAC-SHA256(key = the client's secret as UTF-8, message = the base64 `data` string))
(pay.egov `HmacRequestHelper.CalculateHmac`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

REQUEST_FIELDS = ("clientId", "hmac", "data")
CALLBACK_FIELDS = ("ClientId", "Hmac", "Data")


class MalformedData(ValueError):
    """`data` is not base64 of UTF-8 JSON."""


def encode(payload: Any) -> str:
    return base64.b64encode(json.dumps(payload, ensure_ascii=False).encode()).decode("ascii")


def decode(data: str) -> Any:
    """The JSON in `data`; numbers with a fraction are read as Decimal, so amounts stay exact."""
    try:
        return json.loads(base64.b64decode(data, validate=True).decode(), parse_float=Decimal)
    except (binascii.Error, UnicodeError, ValueError) as exc:
        raise MalformedData(f"data is not base64 of UTF-8 JSON: {exc}") from exc


def sign(secret: str, data: str) -> str:
    digest = hmac.new(secret.encode(), data.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def verify(secret: str, data: str, signature: str) -> bool:
    # NOTE: bytes on both sides: compare_digest refuses str with non-ASCII characters, which a
    # forged form may well carry.
    return hmac.compare_digest(sign(secret, data).encode(), signature.encode())


def seal(client_id: str, secret: str, payload: Any, fields: tuple[str, str, str] = REQUEST_FIELDS) -> dict[str, str]:
    """The form of a signed call (or, with CALLBACK_FIELDS, of a callback) carrying `payload`."""
    data = encode(payload)
    return dict(zip(fields, (client_id, sign(secret, data), data), strict=True))


def field(form: Mapping[str, Any], name: str) -> str | None:
    """A form field by name, case-insensitively, as ASP.NET binds it; None if absent or not text."""
    wanted = name.lower()
    for key, value in form.items():
        if key.lower() == wanted:
            return value if isinstance(value, str) else None
    return None
