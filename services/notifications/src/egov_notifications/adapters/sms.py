"""SMS through a provider's HTTP API in LinkMobility's msghub shape (the one Bulgarian eAuth uses):
`POST /bulknew` with `x-api-key` and `x-api-sign`, the hex HMAC-SHA512 of the raw JSON body."""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import TYPE_CHECKING

import httpx

from egov_notifications.domain.outcome import Accepted, Failed, Outcome

if TYPE_CHECKING:
    from egov_notifications.settings import NotificationSettings

# NOTE: our key or signature refused (401, 403) is the platform's to put right, not the citizen's:
# retried, and alerted on when it goes on.
_RETRYABLE = frozenset({401, 403, 408, 425, 429})


def to_msisdn(phone: str) -> str | None:
    """A Bulgarian number in E.164 (+359...): `0888 123 456` and `+359 888 123 456` alike."""
    digits = re.sub(r"[\s()-]", "", phone)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("0"):
        digits = "+359" + digits[1:]
    elif not digits.startswith("+"):
        digits = "+" + digits
    return digits if re.fullmatch(r"\+[1-9][0-9]{7,14}", digits) else None


class SmsGateway:
    def __init__(self, settings: NotificationSettings, http: httpx.AsyncClient):
        self._settings = settings
        self._http = http

    async def send(self, phone: str, text: str) -> Outcome:
        msisdn = to_msisdn(phone)
        if msisdn is None:
            return Failed("not a phone number SMS can reach", permanent=True)
        settings = self._settings
        body = json.dumps(
            {"msisdn": msisdn, "sc": settings.sms_shortcode, "text": text, "service_id": settings.sms_service_id},
            ensure_ascii=False,
        ).encode()
        signature = hmac.new(settings.sms_api_secret.get_secret_value().encode(), body, hashlib.sha512).hexdigest()
        headers = {"content-type": "application/json", "x-api-key": settings.sms_api_key, "x-api-sign": signature}
        try:
            response = await self._http.post(f"{settings.sms_url}/bulknew", content=body, headers=headers)
        except httpx.HTTPError as exc:
            return Failed(f"SMS provider unreachable ({type(exc).__name__})")
        if response.status_code == 200:
            try:
                answer = response.json()
            except ValueError:
                # NOTE: 200 is the provider taking it; an answer we cannot read changes nothing.
                return Accepted()
            code = answer.get("code") if isinstance(answer, dict) else None
            if code == 0:
                return Accepted(provider_reference=str(answer.get("msg_id") or "")[:100] or None)
            return Failed(f"SMS provider code {str(code)[:20]}")
        permanent = 400 <= response.status_code < 500 and response.status_code not in _RETRYABLE
        return Failed(f"HTTP {response.status_code}", permanent=permanent)
