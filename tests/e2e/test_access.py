"""Who may read what: a citizen's status needs the application's access token; routing's,
notifications' and the registry gateway's read APIs are for staff of the application's own
administration, operators and services; a retried submission creates nothing new."""

from __future__ import annotations

import uuid

import asyncpg
import httpx

from egov_localstack.cli import local_token
from egov_sdk.auth import STAFF
from tests.e2e.citizen import final_status, heirs_application, remember, submit
from tests.kafka_helpers import eventually

PROBLEM = "application/problem+json"


def staff_of(administration: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {local_token(administration=administration, roles=(STAFF,))}"}


async def test_a_status_is_read_with_the_applications_own_access_token_only(platform, intake):
    first = await intake.post("/applications", json=heirs_application())
    second_id = await submit(intake, heirs_application())
    first_id, token = first.json()["id"], first.json()["access_token"]

    anonymous = await intake.get(f"/applications/{first_id}")
    assert (anonymous.status_code, anonymous.headers["content-type"]) == (401, PROBLEM)
    assert anonymous.headers["www-authenticate"].startswith("Bearer")
    others = await intake.get(f"/applications/{second_id}", headers={"Authorization": f"Bearer {token}"})
    assert (others.status_code, others.headers["content-type"]) == (404, PROBLEM)
    own = await intake.get(f"/applications/{first_id}", headers={"Authorization": f"Bearer {token}"})
    assert (own.status_code, own.json()["id"]) == (200, first_id)


async def test_a_submission_retried_with_its_idempotency_key_creates_nothing_new(platform, intake):
    key = str(uuid.uuid4())
    body = heirs_application()
    first = await intake.post("/applications", json=body, headers={"Idempotency-Key": key})
    retried = await intake.post("/applications", json=body, headers={"Idempotency-Key": key})
    assert (first.status_code, retried.status_code) == (202, 202)
    assert retried.json() == first.json()
    assert retried.headers["idempotent-replayed"] == "true"

    reused = await intake.post("/applications", json={**body, "tier": "fast"}, headers={"Idempotency-Key": key})
    assert (reused.status_code, reused.headers["content-type"]) == (422, PROBLEM)
    assert [error["field"] for error in reused.json()["errors"]] == ["Idempotency-Key"]
    bad_key = await intake.post("/applications", json=body, headers={"Idempotency-Key": "two words"})
    assert (bad_key.status_code, bad_key.json()["errors"][0]["field"]) == (422, "Idempotency-Key")

    assert (await final_status(intake, remember(first)))["status"] == "completed"
    connection = await asyncpg.connect(platform.database_url("intake"))
    try:
        stored = await connection.fetchval(
            "SELECT count(*) FROM applications a JOIN idempotency_keys k ON k.application_id = a.id WHERE k.key = $1",
            key,
        )
    finally:
        await connection.close()
    assert stored == 1


async def test_staff_read_only_their_own_administrations_applications(platform, intake):
    application_id = await submit(intake, heirs_application("sofia"))
    await final_status(intake, application_id)
    routing, notifications = platform.url("routing"), platform.url("notifications")
    async with httpx.AsyncClient(timeout=10) as client:
        anonymous = await client.get(f"{routing}/applications/{application_id}")
        assert (anonymous.status_code, anonymous.headers["content-type"]) == (401, PROBLEM)
        foreign = await client.get(f"{routing}/applications/{application_id}", headers=staff_of("burgas"))
        assert foreign.status_code == 404
        own = await client.get(f"{routing}/applications/{application_id}", headers=staff_of("sofia"))
        assert (own.status_code, own.json()["administration_id"]) == (200, "sofia")

        async def notified(headers: dict[str, str]) -> list[dict[str, object]]:
            response = await client.get(
                f"{notifications}/notifications", params={"application_id": application_id}, headers=headers
            )
            assert response.status_code == 200, response.text
            found: list[dict[str, object]] = response.json()
            return found

        assert (await client.get(f"{notifications}/notifications", params={"application_id": "x"})).status_code == 401
        assert await eventually(lambda: notified(staff_of("sofia")))
        assert await notified(staff_of("burgas")) == []


async def test_registry_accesses_are_read_by_the_administrations_own_staff(platform):
    audit = f"{platform.url('registry-gateway')}/audit"
    async with httpx.AsyncClient(timeout=10) as client:
        assert (await client.get(audit, params={"administration_id": "sofia"})).status_code == 401
        foreign = await client.get(audit, params={"administration_id": "sofia"}, headers=staff_of("burgas"))
        assert (foreign.status_code, foreign.headers["content-type"]) == (403, PROBLEM)
        own = await client.get(audit, params={"administration_id": "sofia"}, headers=staff_of("sofia"))
        assert own.status_code == 200
