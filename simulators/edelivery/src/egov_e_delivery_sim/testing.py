"""For tests that run the simulator in their own process: the `Dp-Miscinfo` header, and an
information system that calls e-Delivery with it."""

from __future__ import annotations

from typing import Any

import httpx

from egov_e_delivery_sim.miscinfo import HEADER
from egov_e_delivery_sim.templates import MESSAGE_BODY_FIELD, MESSAGE_TEMPLATE_ID


def dp_miscinfo(oid: str, represented_person_id: str = "", cn: str = "egov-platform.local") -> str:
    return (
        f"dn:/C=BG/ST=OID:{oid}/L=BG/CN={cn}|representedPersonID:{represented_person_id}|correspondentOID:|operatorID:"
    )


class InformationSystem:
    """Calls e-Delivery's API as the information system with `oid` (a configured sender)."""

    def __init__(self, http: httpx.AsyncClient, oid: str) -> None:
        self.http = http
        self.oid = oid

    def headers(self, person: str = "") -> dict[str, str]:
        return {HEADER: dp_miscinfo(self.oid, person)}

    async def get(self, path: str, *, person: str = "", **params: Any) -> httpx.Response:
        return await self.http.get(path, params=params, headers=self.headers(person))

    async def post(self, path: str, body: Any, *, person: str = "") -> httpx.Response:
        return await self.http.post(path, json=body, headers=self.headers(person))

    @staticmethod
    def message(recipients: list[int], **changes: Any) -> dict[str, Any]:
        """A valid `POST /api/v1/messages` body with template 1, with `changes` (`...` drops a property)."""
        body = {
            "recipientProfileIds": recipients,
            "subject": "Издадено удостоверение за наследници",
            "rnu": "SOF-2026-000123",
            "templateId": MESSAGE_TEMPLATE_ID,
            "fields": {MESSAGE_BODY_FIELD: "Удостоверението е издадено.\n\n**Можете да го получите онлайн.**"},
        }
        return {name: value for name, value in {**body, **changes}.items() if value is not ...}

    async def send(self, recipients: list[int], **changes: Any) -> int:
        """The id of a valid message (with `changes`); AssertionError if refused."""
        response = await self.post("/api/v1/messages", self.message(recipients, **changes))
        assert response.status_code == 200, response.text
        message_id = response.json()
        assert isinstance(message_id, int)
        return message_id


async def seed_profile(http: httpx.AsyncClient, identifier: str, **changes: Any) -> dict[str, Any]:
    """An individual's active profile seeded through the simulator's control endpoint (with
    `changes`; `...` drops a property)."""
    body = {"identifier": identifier, "firstName": "Иван", "middleName": "Петров", "lastName": "Иванов", **changes}
    response = await http.post(
        "/simulator/profiles", json={name: value for name, value in body.items() if value is not ...}
    )
    assert response.status_code == 200, response.text
    profile: dict[str, Any] = response.json()
    return profile
