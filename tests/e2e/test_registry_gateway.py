"""Registry checks over Kafka and SOAP: the reply comes back on the asking administration's own
topic, the law comes from the catalog service, every access is in a hash-chained audit the
citizen can read, and requests made while RegiX is down complete once it is back."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from typing import Any

import asyncpg
import httpx

from egov_localstack.cli import citizen_token
from egov_regix_sim.testing import deceased_egn, known_eik, living_egn, received_calls
from egov_schemas import topics
from egov_schemas.registry import RegistryOperation, RegistryRequest
from egov_sdk.cloudevents import to_record
from egov_sdk.settings import PlatformSettings
from tests.e2e.citizen import final_status, heirs_application, submit
from tests.kafka_helpers import eventually, produce, read_topic

HEIRS = 2016
HEIRS_LAW = "Закон за гражданската регистрация, чл. 24, ал. 1 и чл. 106, ал. 1, т. 1"


def registry_request(
    operation: RegistryOperation = "grao.person",
    arguments: dict[str, str] | None = None,
    *,
    administration: str = "sofia",
    service: int = HEIRS,
    request_id: str | None = None,
) -> RegistryRequest:
    return RegistryRequest(
        request_id=request_id or str(uuid.uuid4()),
        administration_id=administration,
        service=service,
        operation=operation,
        arguments=arguments if arguments is not None else {"egn": living_egn()},
        purpose="проверка при изпитване / an end-to-end check",
        requested_by="e2e-clerk",
        requested_at=dt.datetime.now(dt.UTC),
    )


async def ask(kafka: PlatformSettings, request: RegistryRequest, topic_of: str | None = None) -> None:
    record = to_record(request, topic=topics.registry_requests(topic_of or request.administration_id), source="/e2e")
    await produce(kafka, record.topic, record.value, key=record.key, headers=record.headers)


async def replies_to(
    kafka: PlatformSettings, administration: str, request_id: str, count: int = 1
) -> list[dict[str, Any]]:
    async def found() -> list[dict[str, Any]] | None:
        bodies = [
            json.loads(record.value) for record in await read_topic(kafka, topics.registry_replies(administration))
        ]
        matching = [body for body in bodies if body["request_id"] == request_id]
        return matching if len(matching) >= count else None

    return await eventually(found, timeout=60)


async def reply_to(kafka: PlatformSettings, administration: str, request_id: str) -> dict[str, Any]:
    return (await replies_to(kafka, administration, request_id))[0]


async def audit_entry(gateway: httpx.AsyncClient, administration: str, request_id: str) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        response = await gateway.get("/audit", params={"administration_id": administration, "limit": 500})
        assert response.status_code == 200, response.text
        return next((entry for entry in response.json() if entry["request_id"] == request_id), None)

    return await eventually(found, timeout=30)


async def test_the_handlers_grao_check_goes_through_soap_and_shows_in_the_citizens_tracker(platform, intake, services):
    deceased = deceased_egn()
    application = heirs_application()
    application["form"]["deceased_egn"] = deceased
    application_id = await submit(intake, application)
    assert (await final_status(intake, application_id))["status"] == "completed"

    calls = await received_calls(platform.url("regix-sim"))
    soap = next(call for call in calls if call["call_context"].get("service_uri") == application_id)
    assert (soap["action"], soap["operation"]) == (
        "Execute",
        "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch",
    )
    context = soap["call_context"]
    assert (context["law_reason"], context["employee_identifier"]) == (HEIRS_LAW, "handler-sofia")
    assert context["administration_name"] == "Столична община"
    assert deceased not in json.dumps(calls)

    tracker = httpx.AsyncClient(
        base_url=platform.url("registry-gateway"), headers={"Authorization": f"Bearer {citizen_token(deceased)}"}
    )
    async with tracker:
        response = await tracker.get("/tracker")
    assert response.status_code == 200, response.text
    access = next(a for a in response.json()["accesses"] if a["application_id"] == application_id)
    assert access["administration"]["bg"] == "Столична община"
    assert access["register"]["en"] == "Population register (GRAO): personal data"
    assert (access["law_reason"], access["outcome"], access["service"]) == (HEIRS_LAW, "found", HEIRS)
    assert "починал" in access["purpose"]

    # NOTE: another person's tracker does not show it.
    async with httpx.AsyncClient(
        base_url=platform.url("registry-gateway"), headers={"Authorization": f"Bearer {citizen_token(living_egn())}"}
    ) as other:
        others = (await other.get("/tracker")).json()["accesses"]
    assert application_id not in {a["application_id"] for a in others}


async def test_a_living_person_is_no_ground_for_a_certificate_of_heirs(intake):
    application = heirs_application()
    application["form"]["deceased_egn"] = living_egn()
    application_id = await submit(intake, application)
    final = await final_status(intake, application_id)
    assert final["status"] == "refused", final


async def test_a_call_outside_the_services_legal_basis_is_refused_and_audited(platform, stack, services):
    request = registry_request("nra.obligations")
    await ask(stack.kafka, request)

    answer = await reply_to(stack.kafka, "sofia", request.request_id)
    assert (answer["status"], answer["data"]) == ("refused", None)
    assert answer["error"] == "service 2016 may not call nra.obligations: it declares only grao.person"

    entry = await audit_entry(services["registry-gateway"], "sofia", request.request_id)
    assert (entry["outcome"], entry["law_reason"], entry["requested_by"]) == ("refused", None, "e2e-clerk")
    assert entry["detail"] == answer["error"]
    assert request.request_id not in json.dumps(await received_calls(platform.url("regix-sim")))


async def test_with_regix_down_requests_wait_and_complete_when_it_returns(platform, stack, services):
    platform.kill("regix-sim")
    try:
        requests = [registry_request() for _ in range(3)]
        for request in requests:
            await ask(stack.kafka, request)
        # NOTE: long enough for several tries and for the circuit breaker to open (3 failures).
        await asyncio.sleep(6)
        bodies = [json.loads(r.value) for r in await read_topic(stack.kafka, topics.registry_replies("sofia"))]
        assert not {body["request_id"] for body in bodies} & {request.request_id for request in requests}
    finally:
        platform.restart("regix-sim")
    for request in requests:
        answer = await reply_to(stack.kafka, "sofia", request.request_id)
        assert answer["status"] == "found", answer
        assert (await audit_entry(services["registry-gateway"], "sofia", request.request_id))["outcome"] == "found"


async def test_a_request_asked_again_gets_the_same_answer_and_regix_is_called_once(platform, stack):
    request = registry_request()
    await ask(stack.kafka, request)
    first = await reply_to(stack.kafka, "sofia", request.request_id)
    await ask(stack.kafka, request.model_copy(update={"requested_at": dt.datetime.now(dt.UTC)}))
    again = (await replies_to(stack.kafka, "sofia", request.request_id, count=2))[1]
    assert again == first
    called = [
        call
        for call in await received_calls(platform.url("regix-sim"))
        if call["action"] == "Execute" and call["call_context"].get("service_uri") == f"request:{request.request_id}"
    ]
    assert len(called) == 1, called


async def test_a_companys_state_is_cached_and_a_persons_data_never_is(platform, stack):
    eik, egn = known_eik(), living_egn()
    answers = []
    # NOTE: one after the other: the second of each is asked once the first was answered.
    for request in (
        registry_request("commercial_register.actual_state", {"eik": eik}, service=1475),
        registry_request("commercial_register.actual_state", {"eik": eik}, service=1475),
        registry_request(arguments={"egn": egn}),
        registry_request(arguments={"egn": egn}),
    ):
        await ask(stack.kafka, request)
        answers.append(await reply_to(stack.kafka, "sofia", request.request_id))
    assert [answer["status"] for answer in answers] == ["found"] * 4
    assert [answer["cached"] for answer in answers] == [False, True, False, False]
    assert answers[0]["data"] == answers[1]["data"]
    asked = {call["call_context"].get("service_uri") for call in await received_calls(platform.url("regix-sim"))}
    assert f"request:{answers[1]['request_id']}" not in asked
    assert f"request:{answers[3]['request_id']}" in asked


async def test_request_ids_are_scoped_per_administration(stack):
    shared_id = f"shared-{uuid.uuid4()}"
    await ask(stack.kafka, registry_request(request_id=shared_id))
    await ask(stack.kafka, registry_request(request_id=shared_id, administration="burgas", service=2016))
    assert (await reply_to(stack.kafka, "sofia", shared_id))["administration_id"] == "sofia"
    assert (await reply_to(stack.kafka, "burgas", shared_id))["administration_id"] == "burgas"


async def test_a_request_naming_another_administration_is_refused_not_called(stack):
    forged = registry_request(administration="burgas")
    await ask(stack.kafka, forged, topic_of="sofia")

    async def dead_lettered() -> str | None:
        for found in await read_topic(stack.kafka, topics.dlq("registry-gateway.requests")):
            if found.key == forged.request_id.encode():
                return str(dict(found.headers)["x-dlq-reason"].decode())
        return None

    assert "names administration burgas" in await eventually(dead_lettered, timeout=45)


async def test_the_audit_chain_verifies_and_a_tampered_row_is_found(platform, stack, services):
    gateway = services["registry-gateway"]
    request = registry_request(administration="burgas")
    await ask(stack.kafka, request)
    await reply_to(stack.kafka, "burgas", request.request_id)
    entry = await audit_entry(gateway, "burgas", request.request_id)

    verified = (await gateway.get("/audit/verify", params={"administration_id": "burgas"})).json()
    assert (verified["valid"], verified["broken_at"]) == (True, None)
    assert verified["entries"] >= 1

    connection = await asyncpg.connect(platform.database_url("registry-gateway"))
    try:
        refused = None
        try:
            await connection.execute(
                "UPDATE registry_access_log SET outcome = 'not_found' WHERE seq = $1", entry["seq"]
            )
        except asyncpg.RaiseError as exc:
            refused = str(exc)
        assert refused is not None
        assert "append-only" in refused

        # NOTE: as someone with the owner's rights would, the guard switched off for the change.
        async with connection.transaction():
            await connection.execute("ALTER TABLE registry_access_log DISABLE TRIGGER registry_access_log_append_only")
            await connection.execute(
                "UPDATE registry_access_log SET outcome = 'not_found' WHERE administration_id = 'burgas' AND seq = $1",
                entry["seq"],
            )
            await connection.execute("ALTER TABLE registry_access_log ENABLE TRIGGER registry_access_log_append_only")
        broken = (await gateway.get("/audit/verify", params={"administration_id": "burgas"})).json()
    finally:
        async with connection.transaction():
            await connection.execute("ALTER TABLE registry_access_log DISABLE TRIGGER registry_access_log_append_only")
            await connection.execute(
                "UPDATE registry_access_log SET outcome = $2 WHERE administration_id = 'burgas' AND seq = $1",
                entry["seq"],
                entry["outcome"],
            )
            await connection.execute("ALTER TABLE registry_access_log ENABLE TRIGGER registry_access_log_append_only")
        await connection.close()
    assert (broken["valid"], broken["broken_at"], broken["problem"]) == (
        False,
        entry["seq"],
        "the entry was changed after it was recorded",
    )
    assert (await gateway.get("/audit/verify", params={"administration_id": "burgas"})).json()["valid"]
