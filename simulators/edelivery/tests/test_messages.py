"""Messages: sending and its validation, the sender's view, the recipient's open (proof of
delivery), inbox and outbox."""

import asyncio
import datetime as dt
from typing import Any

import httpx
import pytest

from egov_e_delivery_sim.templates import (
    ADMINISTRATIVE_ACT_BODY_FIELD,
    ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD,
    ADMINISTRATIVE_ACT_TEMPLATE_ID,
    MESSAGE_ATTACHMENTS_FIELD,
    MESSAGE_BODY_FIELD,
)
from egov_e_delivery_sim.testing import InformationSystem, seed_profile

SEND = "/api/v1/messages"
CITIZEN = "7501010010"


@pytest.fixture
async def citizen(http: httpx.AsyncClient) -> dict[str, Any]:
    return await seed_profile(http, CITIZEN)


async def refusal(platform: InformationSystem, body: dict[str, Any]) -> dict[str, Any]:
    response = await platform.post(SEND, body)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


async def test_an_unknown_recipient_is_named(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    problem = await refusal(platform, platform.message([citizen["profileId"], 999]))
    assert problem["errors"] == {"recipientProfileIds[1]": ["There is no profile 999."]}
    assert "recipientProfileIds[1]" in problem["detail"]


async def test_a_deactivated_recipient_is_named(http: httpx.AsyncClient, platform: InformationSystem) -> None:
    deactivated = await seed_profile(http, "7601010011", activated=False)
    problem = await refusal(platform, platform.message([deactivated["profileId"]]))
    assert problem["errors"] == {
        "recipientProfileIds[0]": [f"The profile {deactivated['profileId']} is not activated."]
    }


async def test_a_missing_required_field_is_named(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    problem = await refusal(platform, platform.message([citizen["profileId"]], fields={}))
    assert problem["errors"] == {f"fields.{MESSAGE_BODY_FIELD}": ["The field 'Съдържание' is required."]}
    blank = await refusal(platform, platform.message([citizen["profileId"]], fields={MESSAGE_BODY_FIELD: "  "}))
    assert list(blank["errors"]) == [f"fields.{MESSAGE_BODY_FIELD}"]


async def test_an_unknown_field_is_named(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    fields = {MESSAGE_BODY_FIELD: "Текст", "3f2504e0-4f89-11d3-9a0c-0305e82c3301": "x", "body": "y"}
    problem = await refusal(platform, platform.message([citizen["profileId"]], fields=fields))
    [text] = problem["errors"]["fields"]
    assert "3f2504e0-4f89-11d3-9a0c-0305e82c3301" in text
    assert "body" in text
    assert list(problem["errors"]) == ["fields"]


async def test_a_field_of_the_wrong_kind_is_named(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    fields = {MESSAGE_BODY_FIELD.upper(): 42, MESSAGE_ATTACHMENTS_FIELD: ["blob"]}
    problem = await refusal(platform, platform.message([citizen["profileId"]], fields=fields))
    assert problem["errors"] == {
        f"fields.{MESSAGE_BODY_FIELD}": ["The field 'Съдържание' takes text."],
        f"fields.{MESSAGE_ATTACHMENTS_FIELD}": ["The field 'Прикачени файлове' takes a list of blob ids."],
    }


async def test_an_unknown_template_is_named(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    problem = await refusal(platform, platform.message([citizen["profileId"]], templateId=99))
    assert problem["errors"] == {"templateId": ["There is no template 99."]}


async def test_the_body_itself_is_validated(platform: InformationSystem, citizen: dict[str, Any]) -> None:
    body = platform.message(list(range(1, 52)), subject="", rnu="R" * 65, templateId=...)
    problem = await refusal(platform, body)
    assert set(problem["errors"]) == {"recipientProfileIds", "subject", "rnu", "templateId"}
    empty = await refusal(platform, platform.message([]))
    assert list(empty["errors"]) == ["recipientProfileIds"]


async def test_every_error_is_reported_at_once(platform: InformationSystem) -> None:
    problem = await refusal(platform, platform.message([999], fields={"x": "y"}))
    assert set(problem["errors"]) == {"recipientProfileIds[0]", "fields", f"fields.{MESSAGE_BODY_FIELD}"}


async def test_a_sent_message_is_unopened_until_its_recipient_opens_it_once(
    platform: InformationSystem, citizen: dict[str, Any]
) -> None:
    before = dt.datetime.now(dt.UTC)
    message_id = await platform.send([citizen["profileId"]])
    view = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    assert view["messageId"] == message_id
    assert dt.datetime.fromisoformat(view["dateSent"]) >= before
    assert dt.datetime.fromisoformat(view["dateSent"]).utcoffset() == dt.timedelta(0)
    assert view["sender"]["name"] == "Платформа за електронни административни услуги"
    assert view["recipients"] == [
        {"profileId": citizen["profileId"], "name": "Иван Петров Иванов", "dateReceived": None}
    ]
    assert (view["subject"], view["rnu"], view["templateId"]) == (
        "Издадено удостоверение за наследници",
        "SOF-2026-000123",
        1,
    )
    assert view["fields"] == {MESSAGE_BODY_FIELD: "Удостоверението е издадено.\n\n**Можете да го получите онлайн.**"}

    opened = await platform.get(f"/api/v1/messages/{message_id}/open", person=CITIZEN)
    assert opened.status_code == 200
    first = opened.json()
    assert first["dateReceived"] is not None
    assert first["recipientLogin"] == {"loginId": citizen["profileId"], "name": "Иван Петров Иванов"}
    assert first["sender"] == view["sender"]
    assert first["forwardedMessageId"] is None
    assert first["fields"] == view["fields"]

    seen = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    assert seen["recipients"][0]["dateReceived"] == first["dateReceived"]
    await asyncio.sleep(0.01)
    again = (await platform.get(f"/api/v1/messages/{message_id}/open", person=CITIZEN)).json()
    assert again["dateReceived"] == first["dateReceived"]
    assert (await platform.get(f"/api/v1/messages/{message_id}/view")).json() == seen


async def test_field_guids_are_read_in_any_case_and_kept_canonical(
    platform: InformationSystem, citizen: dict[str, Any]
) -> None:
    fields = {
        ADMINISTRATIVE_ACT_BODY_FIELD.upper(): "Заповед",
        f"{{{ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD}}}": "РД-09-123/2026",
    }
    message_id = await platform.send([citizen["profileId"]], templateId=ADMINISTRATIVE_ACT_TEMPLATE_ID, fields=fields)
    view = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    assert view["fields"] == {
        ADMINISTRATIVE_ACT_BODY_FIELD: "Заповед",
        ADMINISTRATIVE_ACT_REGISTRATION_NUMBER_FIELD: "РД-09-123/2026",
    }


async def test_only_a_recipient_can_open_a_message(
    http: httpx.AsyncClient, platform: InformationSystem, citizen: dict[str, Any]
) -> None:
    await seed_profile(http, "8001010011")
    message_id = await platform.send([citizen["profileId"]])
    for person in ("8001010011", "9001010011", ""):
        response = await platform.get(f"/api/v1/messages/{message_id}/open", person=person)
        assert response.status_code == 404, person
        assert response.json()["title"] == "Not Found"
    assert (await platform.get("/api/v1/messages/999/open", person=CITIZEN)).status_code == 404
    view = (await platform.get(f"/api/v1/messages/{message_id}/view")).json()
    assert view["recipients"][0]["dateReceived"] is None


async def test_only_the_sending_system_can_view_a_message(
    platform: InformationSystem, other: InformationSystem, citizen: dict[str, Any]
) -> None:
    message_id = await platform.send([citizen["profileId"]])
    assert (await other.get(f"/api/v1/messages/{message_id}/view")).status_code == 404
    assert (await platform.get("/api/v1/messages/999/view")).status_code == 404
    assert (await platform.get(f"/api/v1/messages/{message_id}/view")).status_code == 200


async def test_an_institution_can_send_to_another_and_open_it_without_a_represented_person(
    platform: InformationSystem, other: InformationSystem
) -> None:
    [institution] = [
        group for group in (await platform.get("/api/v1/target-groups")).json() if group["targetGroupId"] == 3
    ]
    assert institution["canSelectRecipients"] is True
    message_id = await other.send([1])
    opened = await platform.get(f"/api/v1/messages/{message_id}/open")
    assert opened.status_code == 200
    assert opened.json()["sender"]["name"] == "Община Пловдив"


async def test_outbox_and_inbox_list_newest_first(
    http: httpx.AsyncClient, platform: InformationSystem, other: InformationSystem, citizen: dict[str, Any]
) -> None:
    second_citizen = await seed_profile(http, "8001010011", firstName="Елена", middleName=...)
    first = await platform.send([citizen["profileId"]], subject="Първо")
    both = await platform.send([citizen["profileId"], second_citizen["profileId"]], subject="Второ", rnu=...)
    theirs = await other.send([citizen["profileId"]], subject="От общината")
    await platform.get(f"/api/v1/messages/{first}/open", person=CITIZEN)

    outbox = (await platform.get("/api/v1/messages/outbox")).json()
    assert outbox["length"] == 2
    assert [item["messageId"] for item in outbox["result"]] == [both, first]
    newest = outbox["result"][0]
    assert (newest["subject"], newest["rnu"], newest["dateReceived"]) == ("Второ", None, None)
    assert newest["recipients"] == "Иван Петров Иванов, Елена Иванов"
    assert newest["senderLoginName"] == "egov-platform.local"
    assert outbox["result"][1]["dateReceived"] is not None

    inbox = (await platform.get("/api/v1/messages/inbox", person=CITIZEN)).json()
    assert [item["messageId"] for item in inbox["result"]] == [theirs, both, first]
    assert inbox["result"][0]["senderProfileName"] == "Община Пловдив"
    assert inbox["result"][2]["dateReceived"] is not None
    assert inbox["result"][2]["recipientProfileName"] == "Иван Петров Иванов"
    assert inbox["result"][1]["dateReceived"] is None
    assert inbox["result"][0]["url"] == f"/simulator/inbox/messages/{theirs}?identifier={CITIZEN}"

    paged = (await platform.get("/api/v1/messages/inbox", person=CITIZEN, offset=1, limit=1)).json()
    assert (paged["length"], [item["messageId"] for item in paged["result"]]) == (3, [both])
    assert (await platform.get("/api/v1/messages/inbox", person="9001010011")).json() == {"result": [], "length": 0}
