"""e-Delivery (the Secure Electronic Delivery System) through the government ESB's REST API
(governmentbg/edelivery2022).

Every call names the platform as a registered sender in `Dp-Miscinfo`. A notice goes to the
citizen's profile, found by identifier, as a message of the configured template with the
application's reference number as its `rnu`; the proof of delivery is the message's
`dateReceived` (when the citizen opened it), which e-Delivery does not push: the platform asks.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import httpx

from egov_notifications.domain.outcome import Accepted, Failed, Outcome

if TYPE_CHECKING:
    from egov_notifications.settings import NotificationSettings

_BODY_TYPES = ("markdown", "textarea")


class EDeliveryUnavailable(Exception):
    """e-Delivery did not answer (down, or an error of its own): ask again later."""


class EDeliveryClient:
    def __init__(self, settings: NotificationSettings, http: httpx.AsyncClient):
        self._base = f"{settings.e_delivery_url}/api/v1"
        self._template_id = settings.e_delivery_template_id
        self._headers = {
            "Dp-Miscinfo": (
                f"dn:/C=BG/ST=OID:{settings.e_delivery_sender_oid}/L=BG/CN={settings.e_delivery_sender_name}"
                "|representedPersonID:|correspondentOID:|operatorID:"
            )
        }
        self._http = http
        self._body_field: str | None = None

    async def profile_of(self, identifier: str) -> int | None:
        """The citizen's activated profile, if there is one."""
        answer = await self._get("/profiles/check", {"identifier": identifier, "offset": 0, "limit": 10})
        try:
            for profile in answer.get("result") or []:
                if profile.get("isActivated") and profile.get("identifier") == identifier:
                    return int(profile["profileId"])
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise EDeliveryUnavailable("a profile of another shape") from exc
        return None

    async def send(self, profile_id: int, subject: str, rnu: str, body: str) -> Outcome:
        try:
            field = await self._body_field_id()
            response = await self._http.post(
                f"{self._base}/messages",
                json={
                    "recipientProfileIds": [profile_id],
                    "subject": subject[:255],
                    "rnu": rnu,
                    "templateId": self._template_id,
                    "fields": {field: body},
                },
                headers=self._headers,
            )
        except (httpx.HTTPError, EDeliveryUnavailable) as exc:
            return Failed(f"e-Delivery unreachable ({type(exc).__name__})")
        if response.status_code == 200:
            try:
                message_id = int(response.json())
            except (ValueError, TypeError):
                return Failed("e-Delivery answered without a message id")
            return Accepted(provider_reference=str(message_id), awaits_proof=True)
        # NOTE: a 4xx is a message e-Delivery will never take (a profile gone, a field refused),
        # but not our certificate or OID refused (401, 403), nor too many at once (429).
        permanent = 400 <= response.status_code < 500 and response.status_code not in {401, 403, 408, 429}
        return Failed(f"HTTP {response.status_code}", permanent=permanent)

    async def opened_at(self, message_id: str) -> dt.datetime | None:
        """When the citizen opened the message (its `dateReceived`), or None while unopened."""
        answer = await self._get(f"/messages/{message_id}/view", {})
        try:
            for recipient in answer.get("recipients") or []:
                if received := recipient.get("dateReceived"):
                    return dt.datetime.fromisoformat(received)
        except (AttributeError, TypeError, ValueError) as exc:
            raise EDeliveryUnavailable("a message of another shape") from exc
        return None

    async def _body_field_id(self) -> str:
        """The template's field the notice's text goes in: its first body-like field."""
        if self._body_field is None:
            template = await self._get(f"/templates/{self._template_id}", {})
            fields = [f for f in template.get("content") or [] if f.get("type") in _BODY_TYPES]
            if not fields:
                raise EDeliveryUnavailable(f"template {self._template_id} has no text field")
            self._body_field = str(fields[0]["id"])
        return self._body_field

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        try:
            response = await self._http.get(f"{self._base}{path}", params=params, headers=self._headers)
        except httpx.HTTPError as exc:
            raise EDeliveryUnavailable(type(exc).__name__) from exc
        if response.status_code != 200:
            raise EDeliveryUnavailable(f"HTTP {response.status_code}")
        try:
            answer = response.json()
        except ValueError as exc:
            raise EDeliveryUnavailable("an answer that is not JSON") from exc
        if not isinstance(answer, dict):
            raise EDeliveryUnavailable("an answer of another shape")
        return answer
