"""The walking skeleton: a certificate of heirs from Sofia Municipality, end to end."""

from __future__ import annotations

import json
import secrets
from typing import Any

from tests.e2e.citizen import VALID_EGN, final_status, heirs_application, submit
from tests.kafka_helpers import eventually, read_topic


async def test_certificate_of_heirs_flows_from_citizen_to_handler_and_back(platform, services, intake):
    package = (await services["catalog"].get("/administrations/sofia/package")).json()
    assert any(entry["service"] == 2016 for entry in package["entries"])

    application_id = await submit(intake, heirs_application())
    status = await final_status(intake, application_id)

    assert status["status"] == "completed"
    assert [step["state"] for step in status["history"]] == ["submitted", "routed", "accepted", "completed"]
    assert status["history"][2]["detail"]["registration_number"].startswith("СО-")
    assert status["history"][3]["detail"]["document_id"] == f"heirs-{application_id}"
    assert status["service_version"] == 1

    routing = (await services["routing"].get(f"/applications/{application_id}")).json()
    assert (routing["state"], routing["sequence"], routing["administration_id"]) == ("completed", 4, "sofia")
    assert routing["due_date"] > routing["submitted_at"][:10]

    async def completed_notification() -> list[dict[str, object]] | None:
        found = (
            await services["notifications"].get("/notifications", params={"application_id": application_id})
        ).json()
        return found if any(n["state"] == "completed" for n in found) else None

    notifications = await eventually(completed_notification)
    assert {n["state"] for n in notifications} == {"routed", "accepted", "completed"}
    assert all(n["channel"] == "portal" and n["status"] == "recorded" for n in notifications)


async def test_lifecycle_log_is_thin_and_work_item_reaches_only_the_inbox(platform, intake, stack):
    trace_id = secrets.token_hex(16)
    intake.headers["traceparent"] = f"00-{trace_id}-{secrets.token_hex(8)}-01"
    submitted = heirs_application()
    application_id = await submit(intake, submitted)
    await final_status(intake, application_id)
    personal = personal_values(submitted)
    assert {VALID_EGN, "Иван Петров", "ivan.petrov@example.bg", "3501010012", "Петър Иванов"} <= personal
    kafka = stack.kafka

    lifecycle = [r for r in await read_topic(kafka, "egov.applications") if r.key == application_id.encode()]
    assert [dict(r.headers)["ce_type"].decode() for r in lifecycle] == [
        "bg.egov.application.submitted.v2",
        "bg.egov.application.routed.v2",
        "bg.egov.application.accepted.v2",
        "bg.egov.application.completed.v2",
    ]
    for record in lifecycle:
        # The citizen's trace runs through intake's outbox, routing, the handler and back.
        assert dict(record.headers)["traceparent"].decode().split("-")[1] == trace_id
        # NOTE: decoded, because the JSON body may escape Cyrillic (then its UTF-8 bytes never appear).
        carried = " ".join(strings(json.loads(record.value)))
        assert not [value for value in personal if value in carried]
        assert dict(record.headers)["ce_subject"] == application_id.encode()

    inbox = [r for r in await read_topic(kafka, "egov.inbox.sofia") if r.key == application_id.encode()]
    assert len(inbox) == 1
    assert VALID_EGN.encode() in inbox[0].value


def strings(value: Any) -> list[str]:
    """Every string in a decoded JSON document, keys included."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [*value.keys(), *(text for item in value.values() for text in strings(item))]
    if isinstance(value, list):
        return [text for item in value for text in strings(item)]
    return []


def personal_values(application: dict[str, Any]) -> set[str]:
    """The applicant's data and the form's answers about people: what must not be on the log."""
    form = application["form"]
    return {*application["applicant"].values(), form["deceased_name"], form["deceased_egn"]}
