"""Registry checks over Kafka: the reply comes back on the asking administration's own topic,
every access is in the audit log, and no request is ever called (billed) twice."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

import asyncpg

from egov_schemas import topics
from egov_schemas.registry import RegistryRequest
from egov_sdk.cloudevents import to_record
from egov_sdk.settings import PlatformSettings
from tests.e2e.citizen import VALID_EGN
from tests.kafka_helpers import eventually, produce, read_topic


def person_request(request_id: str | None = None, administration: str = "sofia") -> RegistryRequest:
    return RegistryRequest(
        request_id=request_id or str(uuid.uuid4()),
        administration_id=administration,
        operation="grao.person",
        arguments={"egn": VALID_EGN},
        legal_basis="чл. 36 ЗГР",
        requested_by="handler-sofia",
        requested_at=dt.datetime.now(dt.UTC),
    )


async def ask(kafka: PlatformSettings, administration: str, request: RegistryRequest) -> None:
    record = to_record(request, topic=topics.registry_requests(administration), source="/e2e")
    await produce(kafka, record.topic, record.value, key=record.key, headers=record.headers)


async def reply_to(kafka: PlatformSettings, administration: str, request_id: str) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        for record in await read_topic(kafka, topics.registry_replies(administration)):
            body: dict[str, Any] = json.loads(record.value)
            if body["request_id"] == request_id:
                return body
        return None

    return await eventually(found, timeout=45)


async def test_person_lookup_is_answered_and_audited(platform, stack, services):
    kafka = stack.kafka
    request = person_request()
    await ask(kafka, "sofia", request)

    answer = await reply_to(kafka, "sofia", request.request_id)
    assert (answer["status"], answer["administration_id"]) == ("found", "sofia")
    assert answer["data"] == {"birth_date": "1975-01-01", "sex": "female", "alive": True}

    audit = (await services["registry-gateway"].get("/audit", params={"administration_id": "sofia"})).json()
    entry = next(e for e in audit if e["id"] == request.request_id)
    assert (entry["operation"], entry["legal_basis"], entry["requested_by"], entry["status"]) == (
        "grao.person",
        "чл. 36 ЗГР",
        "handler-sofia",
        "found",
    )
    assert entry["completed_at"] is not None
    assert entry["subject"] == {"egn": "*********0"}
    assert VALID_EGN not in json.dumps(audit)


async def test_request_ids_are_scoped_per_administration(platform, stack):
    kafka = stack.kafka
    shared_id = f"shared-{uuid.uuid4()}"
    await ask(kafka, "sofia", person_request(shared_id))
    await ask(kafka, "burgas", person_request(shared_id, "burgas"))
    assert (await reply_to(kafka, "sofia", shared_id))["administration_id"] == "sofia"
    assert (await reply_to(kafka, "burgas", shared_id))["administration_id"] == "burgas"


async def test_a_request_naming_another_administration_is_refused_not_called(platform, stack):
    kafka = stack.kafka
    forged = person_request(f"forged-{uuid.uuid4()}", administration="burgas")
    record = to_record(forged, topic=topics.registry_requests("sofia"), source="/e2e")
    await produce(kafka, record.topic, record.value, key=record.key, headers=record.headers)

    async def dead_lettered() -> str | None:
        for found in await read_topic(kafka, topics.dlq("registry-gateway.requests")):
            if found.key == forged.request_id.encode():
                return str(dict(found.headers)["x-dlq-reason"].decode())
        return None

    assert "names administration burgas" in await eventually(dead_lettered, timeout=45)


async def test_a_call_interrupted_by_a_crash_is_answered_not_made_again(platform, stack):
    """A crash between recording the call and completing it leaves `calling` behind; the
    request, delivered again, is answered as interrupted and the registry is not called."""
    kafka = stack.kafka
    request = person_request()
    connection = await asyncpg.connect(platform.database_url("registry-gateway"))
    try:
        await connection.execute(
            """
            INSERT INTO registry_audit
                (id, administration_id, operation, subject, legal_basis, requested_by, requested_at, status)
            VALUES ($1, 'sofia', 'grao.person', '{}', 'чл. 36 ЗГР', 'handler-sofia', now(), 'calling')
            """,
            request.request_id,
        )
        await ask(kafka, "sofia", request)

        answer = await reply_to(kafka, "sofia", request.request_id)
        assert (answer["status"], answer["data"]) == ("error", None)
        assert "not billed twice" in answer["error"]
        rows = await connection.fetch(
            "SELECT status, completed_at FROM registry_audit WHERE administration_id = 'sofia' AND id = $1",
            request.request_id,
        )
    finally:
        await connection.close()
    assert [row["status"] for row in rows] == ["interrupted"]
    assert rows[0]["completed_at"] is not None
