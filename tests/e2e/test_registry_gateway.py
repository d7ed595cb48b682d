"""A registry check over Kafka: the reply comes back, and the access is in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import asyncpg

from egov_schemas import topics
from egov_schemas.registry import RegistryRequest
from egov_sdk.cloudevents import to_record
from tests.e2e.citizen import VALID_EGN
from tests.kafka_helpers import eventually, produce, read_topic


def person_request() -> RegistryRequest:
    return RegistryRequest(
        request_id=str(uuid.uuid4()),
        operation="grao.person",
        arguments={"egn": VALID_EGN},
        legal_basis="чл. 36 ЗГР",
        requested_by="handler-sofia",
        requested_at=dt.datetime.now(dt.UTC),
    )


async def ask(bootstrap: str, request: RegistryRequest) -> dict[str, object]:
    """Publish the request on Sofia's requests topic; the gateway's answer."""
    record = to_record(request, topic=topics.registry_requests("sofia"), source="/e2e")
    await produce(bootstrap, record.topic, record.value, key=record.key, headers=record.headers)

    async def reply() -> dict[str, object] | None:
        for found in await read_topic(bootstrap, topics.registry_replies("sofia")):
            body = json.loads(found.value)
            if body["request_id"] == request.request_id:
                return dict(body)
        return None

    return await eventually(reply, timeout=45)


async def test_person_lookup_is_answered_and_audited(platform, stack, services):
    request = person_request()
    answer = await ask(stack.connection.kafka_bootstrap_servers, request)
    assert answer["status"] == "found"
    assert answer["data"] == {"birth_date": "1975-01-01", "sex": "female", "alive": True}

    audit = (await services["registry-gateway"].get("/audit", params={"administration_id": "sofia"})).json()
    entry = next(e for e in audit if e["id"] == request.request_id)
    assert (entry["operation"], entry["legal_basis"], entry["requested_by"]) == (
        "grao.person",
        "чл. 36 ЗГР",
        "handler-sofia",
    )
    assert entry["subject"] == {"egn": "*********0"}
    assert VALID_EGN not in json.dumps(audit)


async def test_a_call_cut_short_by_a_crash_is_answered_as_interrupted_and_not_made_again(platform, stack):
    request = person_request()
    # NOTE: what a gateway killed between recording the call and completing it leaves behind;
    # the request is then delivered again (its offset was never committed).
    connection = await asyncpg.connect(platform.database_url("registry-gateway"))
    try:
        await connection.execute(
            "INSERT INTO registry_audit (id, administration_id, operation, subject, legal_basis, requested_by, "
            "requested_at, status) VALUES ($1, 'sofia', 'grao.person', '{}', 'чл. 36 ЗГР', 'handler-sofia', now(), "
            "'calling')",
            request.request_id,
        )
        answer = await ask(stack.connection.kafka_bootstrap_servers, request)
        assert (answer["status"], answer["data"]) == ("error", None)
        assert "interrupted" in str(answer["error"])
        row = await connection.fetchrow(
            "SELECT status, completed_at FROM registry_audit WHERE id = $1", request.request_id
        )
    finally:
        await connection.close()
    assert row["status"] == "interrupted"
    assert row["completed_at"] is not None
    log = platform.process("registry-gateway").log_file.read_text(encoding="utf-8")
    assert request.request_id not in log, "the registry was called again"
