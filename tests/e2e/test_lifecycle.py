"""The whole lifecycle on the real stack: an information request and its answer (the due date
moved by the working days paused), a withdrawal, deadline reminders sent once across a restart
of routing, payment through the pay.egov simulator, and finding an application by its reference."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

import httpx

from egov_localstack.cli import local_token
from egov_localstack.platform import LOCAL_PAYEGOV_SECRET
from egov_pay_egov_sim.envelope import encode, sign
from egov_routing.domain.calendar import WorkingCalendar
from egov_sdk.auth import STAFF
from egov_sdk.clock import BULGARIA
from tests.e2e.citizen import VALID_EGN, final_status, heirs_application, logged_in, remember, status, submit
from tests.kafka_helpers import eventually, read_topic

MULTILINGUAL_EXTRACT, CURRENT_ADDRESS, ABSENCE_OF_MARRIAGE = 2000, 1997, 2020
PERSON = {"person_name": "Иван Петров", "person_egn": VALID_EGN}
RECORD_COPY = base64.b64encode(b"%PDF-1.7 copy of the birth record").decode()


def application(service: int, form: dict[str, Any]) -> dict[str, Any]:
    return {**heirs_application(), "service": service, "form": form}


def extract_without_record_number() -> dict[str, Any]:
    return application(MULTILINGUAL_EXTRACT, {**PERSON, "record_kind": "birth", "languages": ["en", "de"]})


def staff_of(administration: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {local_token(roles=(STAFF,), administration=administration)}"}


async def reaching(intake: httpx.AsyncClient, application_id: str, state: str, timeout: float = 60) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        found = await status(intake, application_id)
        return found if found["status"] == state else None

    return await eventually(probe, timeout=timeout)


async def routing_state(services: dict[str, httpx.AsyncClient], application_id: str) -> dict[str, Any]:
    response = await services["routing"].get(f"/applications/{application_id}")
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def lifecycle_of(stack, application_id: str) -> list[dict[str, Any]]:
    records = [r for r in await read_topic(stack.kafka, "egov.applications") if r.key == application_id.encode()]
    return [{"ce_type": dict(r.headers)["ce_type"].decode(), **json.loads(r.value)} for r in records]


async def test_information_requested_answered_and_completed_with_the_due_date_moved(
    platform, services, intake, stack, test_clock
):
    response = await intake.post("/applications", json=extract_without_record_number(), headers=logged_in(platform))
    assert response.status_code == 202, response.text
    application_id, token = response.json()["id"], response.json()["access_token"]
    remember(response)
    asked = await reaching(intake, application_id, "info_requested")
    request = asked["information_request"]
    assert [item["key"] for item in request["needed"]] == ["record_number", "record_copy"]
    before = await routing_state(services, application_id)
    paused_on = dt.date.fromisoformat(before["paused_on"])

    # A week passes before the citizen answers; the term stood still meanwhile.
    answered_on = dt.datetime.now(dt.UTC) + dt.timedelta(days=7)
    test_clock.set(answered_on)
    answer = {
        "answers": {"record_number": "0123"},
        "attachments": [
            {"key": "record_copy", "filename": "акт.pdf", "media_type": "application/pdf", "content": RECORD_COPY}
        ],
    }
    headers = bearer(token)
    incomplete = await intake.post(f"/applications/{application_id}/information", json={}, headers=headers)
    assert incomplete.status_code == 422
    assert {e["field"] for e in incomplete.json()["errors"]} == {"answers.record_number", "attachments"}
    answered = await intake.post(f"/applications/{application_id}/information", json=answer, headers=headers)
    assert answered.status_code == 202, answered.text
    again = await intake.post(f"/applications/{application_id}/information", json=answer, headers=headers)
    assert again.status_code == 409

    done = await final_status(intake, application_id)
    assert done["status"] == "completed"
    assert [step["state"] for step in done["history"]] == [
        "submitted",
        "routed",
        "accepted",
        "info_requested",
        "info_provided",
        "completed",
    ]
    calendar = WorkingCalendar()
    paused = calendar.working_days_between(paused_on, answered_on.astimezone(BULGARIA).date())
    assert paused >= 4
    moved = calendar.add_working_days(dt.date.fromisoformat(before["due_date"]), paused)
    provided = done["history"][4]["detail"]
    assert (provided["paused_working_days"], provided["due_date"]) == (paused, moved.isoformat())
    after = await routing_state(services, application_id)
    assert (after["due_date"], after["paused_working_days"], after["paused_on"]) == (moved.isoformat(), paused, None)

    # The administration got the answer as the next version of the work item, with the file.
    inbox = [r for r in await read_topic(stack.kafka, "egov.inbox.sofia") if r.key == application_id.encode()]
    versions = [json.loads(r.value) for r in inbox]
    assert [item["version"] for item in versions] == [1, 2]
    [exchange] = versions[1]["information"]
    assert exchange["answers"] == {"record_number": "0123"}
    [attached] = exchange["attachments"]
    download = await intake.get(attached["url"], headers=staff_of("sofia"))
    assert download.status_code == 200
    assert download.content == base64.b64decode(RECORD_COPY)
    assert (await intake.get(attached["url"], headers=staff_of("burgas"))).status_code == 404


async def test_a_withdrawal_reaches_the_handler_which_stops_and_acknowledges(platform, services, intake, stack):
    response = await intake.post("/applications", json=extract_without_record_number(), headers=logged_in(platform))
    assert response.status_code == 202, response.text
    application_id, token = response.json()["id"], response.json()["access_token"]
    remember(response)
    waiting = await reaching(intake, application_id, "info_requested")
    assert waiting["withdrawal_url"] == f"/applications/{application_id}/withdrawal"

    withdrawn = await intake.post(waiting["withdrawal_url"], headers=bearer(token))
    assert withdrawn.status_code == 202, withdrawn.text
    final = await final_status(intake, application_id)
    assert final["status"] == "withdrawn"
    assert "withdrawal_url" not in final or final["withdrawal_url"] is None

    async def acknowledged() -> dict[str, Any] | None:
        state = await routing_state(services, application_id)
        return state if state["withdrawal_acknowledged_at"] else None

    state = await eventually(acknowledged)
    assert state["state"] == "withdrawn"
    inbox = [r for r in await read_topic(stack.kafka, "egov.inbox.sofia") if r.key == application_id.encode()]
    assert [dict(r.headers)["ce_type"].decode() for r in inbox] == [
        "bg.egov.work.item.v2",
        "bg.egov.work.withdrawn.v1",
    ]
    late = await intake.post(f"/applications/{application_id}/withdrawal", headers=bearer(token))
    assert late.status_code == 409
    answer = {"answers": {"record_number": "1"}, "attachments": []}
    too_late = await intake.post(f"/applications/{application_id}/information", json=answer, headers=bearer(token))
    assert too_late.status_code == 409


async def test_deadline_reminders_are_sent_once_each_even_across_a_restart_of_routing(
    platform, services, intake, stack, test_clock
):
    # A service Sofia's staff process: nobody decides, so the term runs out.
    application_id = await submit(intake, application(ABSENCE_OF_MARRIAGE, {**PERSON, "purpose": "служебна"}))
    await reaching(intake, application_id, "routed")
    due = dt.date.fromisoformat((await routing_state(services, application_id))["due_date"])
    noon = dt.time(12, tzinfo=BULGARIA)

    async def reminders() -> list[str]:
        return [
            event["ce_type"]
            for event in await lifecycle_of(stack, application_id)
            if event["ce_type"].split(".")[3] in {"deadline_approaching", "overdue"}
        ]

    async def sent(kinds: list[str]) -> list[str] | None:
        found = await reminders()
        return found if found == kinds else None

    approaching = "bg.egov.application.deadline_approaching.v2"
    overdue = "bg.egov.application.overdue.v2"
    test_clock.set(dt.datetime.combine(due - dt.timedelta(days=1), noon))
    await eventually(lambda: sent([approaching]))
    platform.kill("routing")
    platform.restart("routing")
    await eventually(lambda: sent([approaching]), timeout=5)  # NOTE: ten checks after the restart
    assert await reminders() == [approaching]

    test_clock.set(dt.datetime.combine(due + dt.timedelta(days=1), noon))
    await eventually(lambda: sent([approaching, overdue]))
    platform.kill("routing")
    platform.restart("routing")
    await eventually(lambda: sent([approaching, overdue]), timeout=5)
    assert await reminders() == [approaching, overdue]
    [event] = [e for e in await lifecycle_of(stack, application_id) if e["ce_type"] == approaching]
    assert (event["due_date"], event["reference"]) == (
        due.isoformat(),
        (await status(intake, application_id))["reference"],
    )

    sofia = (await services["routing"].get("/deadlines", params={"administration_id": "sofia"})).json()
    [counts] = sofia
    assert counts["administration_id"] == "sofia"
    assert counts["overdue"] >= 1
    assert counts["open"] >= counts["overdue"] + counts["due_soon"]
    mine = (await services["routing"].get("/deadlines", headers=staff_of("burgas"))).json()
    assert [row["administration_id"] for row in mine] in ([], ["burgas"])


async def test_a_fee_paid_on_pay_egov_lets_the_work_start_and_a_forged_callback_changes_nothing(
    platform, services, intake, stack
):
    application_id = await submit(intake, application(CURRENT_ADDRESS, {**PERSON, "purpose": "служебна"}))
    waiting = await reaching(intake, application_id, "awaiting_payment")
    payment = waiting["payment"]
    assert (payment["amount"], payment["currency"]) == (5.0, "BGN")
    routing = services["routing"]
    forged = {"ClientId": "egov-platform", "Hmac": "bm90IGEgc2lnbmF0dXJl", "Data": "eyJJZCI6ICJ4In0="}
    assert (await routing.post("/payments/pay-egov", data=forged)).status_code == 401

    async with httpx.AsyncClient(timeout=10, follow_redirects=True) as citizen:
        page = await citizen.get(payment["payment_url"])
        assert page.status_code == 200
        assert "5.00" in page.text
        paid = await citizen.post(payment["payment_url"] + "/card")
        assert paid.status_code == 200

    done = await final_status(intake, application_id)
    assert [step["state"] for step in done["history"]] == [
        "submitted",
        "routed",
        "awaiting_payment",
        "paid",
        "accepted",
        "completed",
    ]
    assert done["history"][3]["detail"]["due_date"] >= done["submitted_at"][:10]
    # pay.egov's callback again (a duplicate): answered as received, and nothing moves.
    lifecycle = await lifecycle_of(stack, application_id)
    request_id = next(e for e in lifecycle if e["ce_type"].endswith("awaiting_payment.v1"))["payment_request_id"]
    duplicate = signed_callback({"Id": request_id, "Status": "Paid", "ChangeTime": dt.datetime.now(dt.UTC).isoformat()})
    answer = await routing.post("/payments/pay-egov", data=duplicate)
    assert answer.json() == {"success": True}
    assert len(await lifecycle_of(stack, application_id)) == len(lifecycle)


def signed_callback(data: dict[str, Any]) -> dict[str, str]:
    """A callback signed as pay.egov signs them, with the platform's local secret."""
    encoded = encode(data)
    return {"ClientId": "egov-platform", "Hmac": sign(LOCAL_PAYEGOV_SECRET, encoded), "Data": encoded}


async def test_an_expired_payment_ends_the_application_unpaid_and_nothing_reaches_the_inbox(
    platform, services, intake, stack
):
    application_id = await submit(intake, application(CURRENT_ADDRESS, {**PERSON, "purpose": "служебна"}))
    await reaching(intake, application_id, "awaiting_payment")
    lifecycle = await lifecycle_of(stack, application_id)
    request_id = next(e for e in lifecycle if e["ce_type"].endswith("awaiting_payment.v1"))["payment_request_id"]
    async with httpx.AsyncClient(base_url=platform.url("pay-egov-sim"), timeout=10) as simulator:
        assert (await simulator.post(f"/simulator/payments/{request_id}/expire")).status_code == 200

    ended = await final_status(intake, application_id)
    assert ended["status"] == "unpaid"
    assert ended["history"][-1]["detail"]["reason_code"] == "payment_expired"
    inbox = [r for r in await read_topic(stack.kafka, "egov.inbox.sofia") if r.key == application_id.encode()]
    assert inbox == []


async def test_citizens_and_staff_find_an_application_by_its_reference_number(platform, services, intake):
    response = await intake.post("/applications", json=heirs_application())
    assert response.status_code == 202
    application_id, reference = response.json()["id"], response.json()["reference"]
    remember(response)
    await final_status(intake, application_id)

    # Read out over the phone: lower case, spaces for dashes.
    spoken = reference.lower().replace("-", " ")
    found = await intake.post("/applications/lookup", json={"reference": spoken, "applicant_identifier": VALID_EGN})
    assert found.status_code == 200, found.text
    body = found.json()
    assert (body["id"], body["reference"], body["status"]) == (application_id, reference, "completed")
    opened = await intake.get(f"/applications/{application_id}", headers=bearer(body["access_token"]))
    assert opened.status_code == 200
    someone_else = await intake.post(
        "/applications/lookup", json={"reference": reference, "applicant_identifier": "3501010012"}
    )
    assert someone_else.status_code == 404
    wrong_check = next(symbol for symbol in "0123456789" if symbol != reference[-1])
    mistyped = await intake.post(
        "/applications/lookup", json={"reference": reference[:-1] + wrong_check, "applicant_identifier": VALID_EGN}
    )
    assert mistyped.status_code == 422
    assert mistyped.json()["errors"][0]["field"] == "reference"

    routing = services["routing"]
    by_staff = await routing.get("/applications", params={"reference": reference}, headers=staff_of("sofia"))
    assert by_staff.status_code == 200
    assert (by_staff.json()["id"], by_staff.json()["reference"]) == (application_id, reference)
    other = await routing.get("/applications", params={"reference": reference}, headers=staff_of("burgas"))
    assert other.status_code == 404
    invalid = await routing.get("/applications", params={"reference": "1234"}, headers=staff_of("sofia"))
    assert invalid.status_code == 422
    assert invalid.json()["errors"][0]["field"] == "reference"


async def test_operators_keep_the_days_moved_by_decree_and_due_dates_follow_them(platform, services, intake):
    routing = services["routing"]
    operator = {"Authorization": f"Bearer {local_token(operator=True)}"}
    # A service Sofia's staff process, filed today: its due date is seven working days away.
    first = await submit(intake, application(ABSENCE_OF_MARRIAGE, {**PERSON, "purpose": "служебна"}))
    await reaching(intake, first, "routed")
    due = dt.date.fromisoformat((await routing_state(services, first))["due_date"])
    filed = dt.datetime.now(BULGARIA).date()
    calendar = WorkingCalendar()
    day_off = next(
        day
        for day in (filed + dt.timedelta(days=n) for n in range(1, 10))
        if calendar.is_working_day(day) and day < due
    )

    decree = {"working": False, "note": "РМС № 1 от 2026 г. (тест)"}
    refused = await routing.put(f"/calendar/decree-days/{day_off}", json=decree, headers=staff_of("sofia"))
    assert refused.status_code == 403
    put = await routing.put(f"/calendar/decree-days/{day_off}", json=decree, headers=operator)
    assert put.status_code == 200, put.text
    try:
        listed = (await routing.get("/calendar/decree-days", headers=staff_of("sofia"))).json()
        assert {"day": day_off.isoformat(), "working": False} in [
            {"day": row["day"], "working": row["working"]} for row in listed
        ]
        # The next application filed today counts that day off: due one working day later.
        second = await submit(intake, application(ABSENCE_OF_MARRIAGE, {**PERSON, "purpose": "служебна"}))
        await reaching(intake, second, "routed")
        later = dt.date.fromisoformat((await routing_state(services, second))["due_date"])
        assert later == WorkingCalendar({day_off: False}).add_working_days(filed, 7) > due
    finally:
        removed = await routing.delete(f"/calendar/decree-days/{day_off}", headers=operator)
        assert removed.status_code == 204
    assert (await routing.delete(f"/calendar/decree-days/{day_off}", headers=operator)).status_code == 404
