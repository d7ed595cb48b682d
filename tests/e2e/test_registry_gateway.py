"""A registry check over Kafka: the reply comes back, and the access is in the audit log."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from egov_schemas import topics
from egov_schemas.registry import RegistryRequest
from egov_sdk.cloudevents import to_record
from tests.e2e.citizen import VALID_EGN
from tests.kafka_helpers import eventually, produce, read_topic


async def test_person_lookup_is_answered_and_audited(platform, stack, services):
    kafka = stack.kafka
    request = RegistryRequest(
        request_id=str(uuid.uuid4()),
        operation="grao.person",
        arguments={"egn": VALID_EGN},
        legal_basis="чл. 36 ЗГР",
        requested_by="handler-sofia",
        requested_at=dt.datetime.now(dt.UTC),
    )
    record = to_record(request, topic=topics.registry_requests("sofia"), source="/e2e")
    await produce(kafka, record.topic, record.value, key=record.key, headers=record.headers)

    async def reply() -> dict[str, object] | None:
        for found in await read_topic(kafka, topics.registry_replies("sofia")):
            body = json.loads(found.value)
            if body["request_id"] == request.request_id:
                return dict(body)
        return None

    answer = await eventually(reply, timeout=45)
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
