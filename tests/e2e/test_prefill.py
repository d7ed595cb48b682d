"""Prefill: a logged-in citizen asks for a service's form to be filled from the registries with
their own data; their consent is recorded, the accesses are audited under the service's law and
shown in their data tracker, and an unavailable RegiX is said at once."""

from __future__ import annotations

import httpx

from egov_localstack.cli import citizen_token
from egov_regix_sim.testing import living_egn, received_calls

PERMANENT_ADDRESS_CERTIFICATE = 2128


def as_citizen(egn: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {citizen_token(egn)}"}


async def test_a_citizen_has_the_form_filled_from_grao_and_sees_the_accesses(platform, intake):
    egn = living_egn()
    body = {"administration_id": "sofia", "service": PERMANENT_ADDRESS_CERTIFICATE, "consent": True}
    response = await intake.post("/prefill", json=body, headers=as_citizen(egn))
    assert response.status_code == 200, response.text
    prefilled = response.json()
    assert set(prefilled["fields"]) == {"person_name", "settlement", "address"}
    assert prefilled["sources"]["settlement"] == "grao.permanent_address.settlement"
    assert prefilled["unfilled"] == []
    assert len(prefilled["fields"]["person_name"].split()) == 3

    soap = [
        call
        for call in await received_calls(platform.url("regix-sim"))
        if prefilled["consent_id"] in (call["call_context"].get("remark") or "")
    ]
    assert {call["action"] for call in soap} == {"ExecuteSynchronous"}
    assert {call["operation"].rsplit(".", 1)[-1] for call in soap} == {"PersonDataSearch", "PermanentAddressSearch"}

    async with httpx.AsyncClient(base_url=platform.url("registry-gateway"), headers=as_citizen(egn)) as tracker:
        accesses = (await tracker.get("/tracker")).json()["accesses"]
    mine = [access for access in accesses if prefilled["consent_id"] in access["purpose"]]
    assert {access["operation"] for access in mine} == {"grao.person", "grao.permanent_address"}
    assert {access["outcome"] for access in mine} == {"found"}
    assert {access["administration_id"] for access in mine} == {"sofia"}


async def test_prefill_needs_consent_and_a_logged_in_citizen(intake):
    body = {"administration_id": "sofia", "service": PERMANENT_ADDRESS_CERTIFICATE, "consent": False}
    refused = await intake.post("/prefill", json=body, headers=as_citizen(living_egn()))
    assert refused.status_code == 422
    assert refused.headers["content-type"] == "application/problem+json"
    assert "consent" in refused.text

    anonymous = await intake.post("/prefill", json={**body, "consent": True})
    assert anonymous.status_code == 401


async def test_with_regix_down_prefill_says_so_at_once(platform, intake):
    body = {"administration_id": "sofia", "service": PERMANENT_ADDRESS_CERTIFICATE, "consent": True}
    platform.kill("regix-sim")
    try:
        response = await intake.post("/prefill", json=body, headers=as_citizen(living_egn()))
    finally:
        platform.restart("regix-sim")
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"]
    assert "by hand" in response.json()["detail"]
