"""Notices reach citizens on the real stack: by e-mail through the local SMTP server, by
e-Delivery with its open receipt, by SMS when e-mail cannot; retried across an SMTP outage and
delivered once; webhooks signed so that the reference library verifies them; and nothing
personal on the lifecycle or outcomes topics."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import asyncpg
import httpx
import pytest
from standardwebhooks import Webhook

from egov_e_delivery_sim.settings import LOCAL_SENDER_OID
from egov_e_delivery_sim.testing import dp_miscinfo
from egov_localstack.cli import local_token
from egov_localstack.platform import E_DELIVERY, MAIL, SMS
from egov_notifications.settings import NotificationSettings
from egov_sdk.auth import ADMINISTRATION_ADMIN
from tests.e2e.citizen import final_status, heirs_application, remember, submit
from tests.e2e.test_walking_skeleton import strings
from tests.kafka_helpers import eventually, read_topic

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)
SEND_LEASE = dt.timedelta(seconds=NotificationSettings.model_fields["send_lease_s"].default)


def new_egn() -> str:
    """A valid EGN of someone born on 1 January 1980, unique to the test run."""
    first = f"800101{uuid.uuid4().int % 1000:03d}"
    return first + str(sum(int(d) * w for d, w in zip(first, _EGN_WEIGHTS, strict=True)) % 11 % 10)


def citizen(email: str | None = None, *, egn: str | None = None, phone: str | None = None) -> dict[str, Any]:
    body = heirs_application()
    body["applicant"] = {
        "identifier": egn or new_egn(),
        "name": "Мария Георгиева",
        **({"email": email} if email else {}),
        **({"phone": phone} if phone else {}),
    }
    return body


def unique_address() -> str:
    return f"m.{uuid.uuid4().hex[:10]}@example.bg"


async def mails_to(mail: httpx.AsyncClient, address: str) -> list[dict[str, Any]]:
    found = (await mail.get("/api/v1/search", params={"query": f"to:{address}"})).json()
    return list(found["messages"])


async def two_mails(mail: httpx.AsyncClient, address: str) -> list[dict[str, Any]] | None:
    found = await mails_to(mail, address)
    return found if len(found) >= 2 else None


async def notices(services: dict[str, httpx.AsyncClient], application_id: str) -> list[dict[str, Any]]:
    response = await services["notifications"].get("/notifications", params={"application_id": application_id})
    assert response.status_code == 200, response.text
    return list(response.json())


async def delivery(
    services: dict[str, httpx.AsyncClient], application_id: str, state: str, channel: str
) -> dict[str, Any] | None:
    for notice in await notices(services, application_id):
        if notice["state"] == state:
            return next((d for d in notice["deliveries"] if d["channel"] == channel), None)
    return None


async def recorded_as(
    services: dict[str, httpx.AsyncClient], application_id: str, state: str, channel: str, status: str
) -> dict[str, Any]:
    """The delivery once it is recorded with `status` (a provider has it a moment before that)."""

    async def probe() -> dict[str, Any] | None:
        found = await delivery(services, application_id, state, channel)
        return found if found and found["status"] == status else None

    return await eventually(probe, timeout=60)


async def outcomes_once(stack, application_id: str, count: int) -> list[dict[str, Any]]:
    """The application's outcome events once `count` are on the topic (the relay sends them after their commit)."""

    async def probe() -> list[dict[str, Any]] | None:
        found = [o for o in await outcomes_of(stack, application_id) if "status" in o]
        return found if len(found) >= count else None

    return await eventually(probe, timeout=30)


async def outcomes_of(stack, application_id: str) -> list[dict[str, Any]]:
    records = await read_topic(stack.kafka, "egov.notifications.outcomes")
    return [
        {"ce_type": dict(r.headers)["ce_type"].decode(), **json.loads(r.value)}
        for r in records
        if r.key == application_id.encode()
    ]


async def assert_nothing_personal(stack, application_id: str, personal: set[str]) -> None:
    for topic in ("egov.applications", "egov.notifications.outcomes"):
        records = [r for r in await read_topic(stack.kafka, topic) if r.key == application_id.encode()]
        assert records, topic
        for record in records:
            carried = " ".join(strings(json.loads(record.value)))
            assert not [value for value in personal if value in carried], (topic, carried)


@pytest.fixture
async def mail(platform) -> Any:
    async with httpx.AsyncClient(base_url=platform.url(MAIL), timeout=10) as client:
        yield client


@pytest.fixture
async def e_delivery(platform) -> Any:
    async with httpx.AsyncClient(base_url=platform.url(E_DELIVERY), timeout=10) as client:
        yield client


@pytest.fixture
async def sms(platform) -> Any:
    async with httpx.AsyncClient(base_url=platform.url(SMS), timeout=10) as client:
        yield client


async def test_the_notice_of_completion_arrives_by_e_mail_in_bulgarian_with_the_reference(
    platform, intake, services, mail, stack
):
    address = unique_address()
    body = citizen(address)
    application_id = await submit(intake, body)
    done = await final_status(intake, application_id)
    assert done["status"] == "completed"
    reference = done["reference"]

    async def three_mails() -> list[dict[str, Any]] | None:
        found = await mails_to(mail, address)
        return found if len(found) >= 3 else None

    arrived = await eventually(three_mails, timeout=60)
    subjects = {message["Subject"] for message in arrived}
    # NOTE: routed and accepted in the state's template; completed in the certificate's own.
    assert subjects == {
        f"Заявлението ви е предадено за обработка ({reference})",
        f"Заявлението ви е регистрирано ({reference})",
        f"Удостоверението ви е издадено ({reference})",
    }
    completed = next(m for m in arrived if m["Subject"].startswith("Удостоверението"))
    message = (await mail.get(f"/api/v1/message/{completed['ID']}")).json()
    assert "Столична община издаде удостоверението" in message["Text"]
    assert f"Референтен номер: {reference}" in message["Text"]
    assert f"<strong>{reference}</strong>" in message["HTML"]
    assert '<html lang="bg">' in message["HTML"]
    raw = (await mail.get(f"/api/v1/message/{completed['ID']}/raw")).text
    assert "multipart/alternative" in raw

    state = await recorded_as(services, application_id, "completed", "email", "delivered")
    assert state["attempt"] == 1
    await assert_nothing_personal(stack, application_id, {address, body["applicant"]["identifier"], "Мария Георгиева"})
    # Delivered: notifications keeps no contacts of the citizen any longer.
    connection = await asyncpg.connect(platform.database_url("notifications"))
    try:
        kept = await connection.fetch("SELECT contacts FROM notifications WHERE application_id = $1", application_id)
    finally:
        await connection.close()
    assert len(kept) == 3
    assert [row["contacts"] for row in kept] == [None, None, None]


async def test_a_citizen_with_an_e_delivery_profile_gets_the_decision_there_and_its_opening_is_recorded(
    intake, services, mail, e_delivery, stack
):
    egn, address = new_egn(), unique_address()
    registered = await e_delivery.post(
        "/api/v1/profiles/passive-individual",
        json={"identifier": egn, "firstName": "Мария", "lastName": "Георгиева", "address": {"residence": "София"}},
        headers={"Dp-Miscinfo": dp_miscinfo(LOCAL_SENDER_OID)},
    )
    assert registered.status_code == 200, registered.text
    application_id = await submit(intake, citizen(address, egn=egn))
    reference = (await final_status(intake, application_id))["reference"]

    async def in_e_delivery() -> list[dict[str, Any]] | None:
        found = (await e_delivery.get("/simulator/messages", params={"identifier": egn})).json()
        return found or None

    [message] = await eventually(in_e_delivery, timeout=60)
    assert message["rnu"] == reference
    assert message["subject"] == f"Удостоверението ви е издадено ({reference})"
    assert message["dateReceived"] is None
    await recorded_as(services, application_id, "completed", "e_delivery", "sent")
    # The informational notices went by e-mail; the decision did not.
    assert {m["Subject"].split(" (")[0] for m in await eventually(lambda: two_mails(mail, address))} == {
        "Заявлението ви е предадено за обработка",
        "Заявлението ви е регистрирано",
    }

    opened = await e_delivery.post(f"/simulator/messages/{message['messageId']}/open", params={"identifier": egn})
    assert opened.status_code == 200, opened.text

    recorded = await recorded_as(services, application_id, "completed", "e_delivery", "opened")
    assert dt.datetime.fromisoformat(recorded["opened_at"]) == dt.datetime.fromisoformat(opened.json()["dateReceived"])
    # the portal's three, e-mail's two, e-Delivery's sent and opened
    statuses = [(o["channel"], o["status"]) for o in await outcomes_once(stack, application_id, 7)]
    assert ("e_delivery", "sent") in statuses
    assert ("e_delivery", "opened") in statuses
    await assert_nothing_personal(stack, application_id, {egn, address, "Мария Георгиева"})


async def test_a_refused_address_falls_back_to_sms_and_with_no_way_left_the_notice_is_dead_lettered_then_redriven(
    intake, services, mail, sms, stack
):
    refused, phone = unique_address(), "0888 765 432"
    fault = await mail.post("/simulator/faults", json={"code": 550, "recipient": refused})
    assert fault.status_code in {200, 201}, fault.text
    try:
        by_sms = await submit(intake, citizen(refused, phone=phone))
        nowhere = await submit(intake, citizen(refused))
        reference = (await final_status(intake, by_sms))["reference"]
        await final_status(intake, nowhere)

        async def texts() -> list[dict[str, Any]] | None:
            # NOTE: all three notices come by SMS; the completion's may be the last to.
            found = (await sms.get("/simulator/messages", params={"msisdn": "+359888765432"})).json()
            mine = [text for text in found if reference in text["text"]]
            return mine if len(mine) >= 3 else None

        arrived = await eventually(texts, timeout=60)
        assert sum("удостоверението е издадено" in text["text"] for text in arrived) == 1
        email = await delivery(services, by_sms, "completed", "email")
        assert email is not None
        assert (email["status"], email["detail"]) == ("permanent_failure", "SMTP 550 recipient refused")

        async def dead() -> dict[str, Any] | None:
            found = await delivery(services, nowhere, "completed", "email")
            return found if found and found["status"] == "dead_lettered" else None

        await eventually(dead, timeout=60)
        letters = (await services["notifications"].get("/notifications/dead-letters")).json()
        assert any(letter["application_id"] == nowhere for letter in letters)

        async def alerts() -> list[dict[str, Any]] | None:
            # NOTE: each of its three notices (routed, accepted, completed) had only e-mail.
            raised = [a for a in await alerts_raised(stack) if a.get("application_id") == nowhere]
            return raised if len(raised) >= 3 else None

        raised = await eventually(alerts)
        assert {(a["kind"], a["channel"]) for a in raised} == {("notification_dead_lettered", "email")}
        metrics = (await services["notifications"].get("/metrics")).text
        assert 'egov_notifications_dead_lettered_total{channel="email"}' in metrics

        # Once the address takes mail again, the administration sends the notice anew.
        await mail.delete("/simulator/faults")
        completed = next(n for n in await notices(services, nowhere) if n["state"] == "completed")
        redriven = await services["notifications"].post(
            f"/notifications/{completed['id']}/redrive", params={"administration_id": "sofia"}, headers=sofia_admin()
        )
        assert redriven.status_code == 202, redriven.text

        async def resent() -> dict[str, Any] | None:
            found = await delivery(services, nowhere, "completed", "email")
            return found if found and found["status"] == "delivered" else None

        await eventually(resent, timeout=60)
        assert len([m for m in await mails_to(mail, refused) if m["Subject"].startswith("Удостоверението")]) == 1
    finally:
        await mail.delete("/simulator/faults")


async def alerts_raised(stack) -> list[dict[str, Any]]:
    """Alerts for administrators, on the outcomes topic."""
    records = await read_topic(stack.kafka, "egov.notifications.outcomes")
    return [json.loads(r.value) for r in records if dict(r.headers)["ce_type"] == b"bg.egov.notification.alert.v1"]


class Receiver:
    """A webhook receiver: an HTTP server in a thread that keeps what it is sent."""

    def __init__(self, status: int = 204):
        received: list[tuple[dict[str, str], bytes]] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["content-length"]))
                received.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def sofia_admin() -> dict[str, str]:
    return {"Authorization": f"Bearer {local_token(roles=(ADMINISTRATION_ADMIN,), administration='sofia')}"}


async def test_a_webhook_is_signed_so_that_the_reference_library_verifies_it(intake, services):
    receiver = Receiver()
    notifications = services["notifications"]
    made = await notifications.post(
        "/webhooks/subscriptions",
        json={"administration_id": "sofia", "url": receiver.url, "states": ["completed"]},
        headers=sofia_admin(),
    )
    assert made.status_code == 201, made.text
    subscription = made.json()
    try:
        body = citizen(unique_address())
        application_id = await submit(intake, body)
        reference = (await final_status(intake, application_id))["reference"]

        async def hooked() -> list[tuple[dict[str, str], bytes]] | None:
            return [(h, b) for h, b in receiver.received if application_id.encode() in b] or None

        [(headers, raw)] = await eventually(hooked, timeout=60)
        payload = Webhook(subscription["secret"]).verify(raw, headers)
        assert payload["type"] == "application.completed"
        assert payload["data"]["reference"] == reference
        assert headers["webhook-id"] == payload["data"]["notification_id"]
        assert not [value for value in body["applicant"].values() if value in raw.decode()]
        with pytest.raises(Exception, match="signature"):
            Webhook(subscription["secret"]).verify(raw.replace(b"completed", b"refused"), headers)
    finally:
        await notifications.delete(f"/webhooks/subscriptions/{subscription['id']}", headers=sofia_admin())
        receiver.close()


async def test_a_business_applying_through_the_api_hears_on_its_own_webhook(intake, services):
    receiver = Receiver()
    try:
        body = citizen()
        body["notifications"] = {"channels": [], "webhook_url": receiver.url}
        response = await intake.post("/applications", json=body)
        assert response.status_code == 202, response.text
        secret = response.json()["webhook_secret"]
        application_id = remember(response)
        await final_status(intake, application_id)

        async def three() -> list[tuple[dict[str, str], bytes]] | None:
            found = [(h, b) for h, b in receiver.received if application_id.encode() in b]
            return found if len(found) >= 3 else None

        hooks = await eventually(three, timeout=60)
        types = {Webhook(secret).verify(raw, headers)["type"] for headers, raw in hooks}
        assert types == {"application.routed", "application.accepted", "application.completed"}
        hook = await recorded_as(services, application_id, "completed", "webhook", "delivered")
        assert hook["target"] == "applicant"
        completed = next(n for n in await notices(services, application_id) if n["state"] == "completed")
        assert [d["channel"] for d in completed["deliveries"]] == ["webhook"]
    finally:
        receiver.close()


async def test_a_failing_webhook_is_retried_with_backoff_then_disabled_with_an_alert(
    intake, services, stack, test_clock
):
    now = dt.datetime.now(dt.UTC)
    test_clock.set(now)
    receiver = Receiver(status=503)
    notifications = services["notifications"]
    made = await notifications.post(
        "/webhooks/subscriptions",
        json={"administration_id": "sofia", "url": receiver.url, "states": ["routed"]},
        headers=sofia_admin(),
    )
    subscription = made.json()
    try:
        application_id = await submit(intake, citizen(unique_address()))
        await final_status(intake, application_id)

        async def tries(count: int) -> bool:
            return len([b for _, b in receiver.received if application_id.encode() in b]) >= count

        # The first try at once, then after 1 and 5 minutes: the third failure disables it.
        await eventually(lambda: tries(1), timeout=30)
        test_clock.set(now + dt.timedelta(minutes=1, seconds=5))
        await eventually(lambda: tries(2), timeout=30)
        test_clock.set(now + dt.timedelta(minutes=6, seconds=10))
        await eventually(lambda: tries(3), timeout=30)

        async def disabled() -> dict[str, Any] | None:
            listed = (await notifications.get("/webhooks/subscriptions", headers=sofia_admin())).json()
            found = next(s for s in listed if s["id"] == subscription["id"])
            return found if not found["active"] else None

        found = await eventually(disabled)
        assert found["consecutive_failures"] == 3
        assert "secret" not in found

        async def alert() -> list[dict[str, Any]] | None:
            return [a for a in await alerts_raised(stack) if a.get("subscription_id") == subscription["id"]] or None

        assert [a["kind"] for a in await eventually(alert)] == ["webhook_disabled"]
        hook = await delivery(services, application_id, "routed", "webhook")
        assert hook is not None
        assert hook["status"] == "pending"
    finally:
        await notifications.delete(f"/webhooks/subscriptions/{subscription['id']}", headers=sofia_admin())
        receiver.close()


@pytest.mark.disruptive
async def test_smtp_down_for_an_hour_then_retried_and_delivered_exactly_once(  # noqa: PLR0917 - its fixtures
    platform, intake, services, mail, stack, test_clock
):
    start = dt.datetime.now(dt.UTC)
    test_clock.set(start)
    address = unique_address()
    platform.kill(MAIL)
    try:
        application_id = await submit(intake, citizen(address))
        await final_status(intake, application_id)

        async def failed_tries(count: int) -> dict[str, Any] | None:
            found = await delivery(services, application_id, "completed", "email")
            if not found or found["attempt"] < count or found["status"] != "pending":
                return None
            # NOTE: a try taken but not yet recorded is due when its lease ends; a failed one, after its wait.
            leased = dt.datetime.fromisoformat(found["due_at"]) - dt.datetime.fromisoformat(found["updated_at"])
            return found if leased != SEND_LEASE else None

        first = await eventually(lambda: failed_tries(1), timeout=60)
        assert first["detail"].startswith("SMTP server unreachable")
        # An hour of the test clock: tries after 1, 5 and 30 minutes fail too; the next is 2 hours on.
        for minutes, tries in ((1, 2), (6, 3), (36, 4), (60, 4)):
            test_clock.set(start + dt.timedelta(minutes=minutes, seconds=5))

            async def tried(count: int = tries) -> dict[str, Any] | None:
                return await failed_tries(count)

            waiting = await eventually(tried, timeout=30)
        assert waiting["attempt"] == 4
        assert dt.datetime.fromisoformat(waiting["due_at"]) == dt.datetime.fromisoformat(
            waiting["updated_at"]
        ) + dt.timedelta(hours=2)
    finally:
        platform.restart(MAIL)
    assert await mails_to(mail, address) == []
    test_clock.set(start + dt.timedelta(minutes=160))

    async def delivered() -> dict[str, Any] | None:
        found = await delivery(services, application_id, "completed", "email")
        return found if found and found["status"] == "delivered" else None

    done = await eventually(delivered, timeout=60)
    assert done["attempt"] == 5
    arrived = [m for m in await mails_to(mail, address) if m["Subject"].startswith("Удостоверението")]
    assert len(arrived) == 1

    async def five_tries() -> list[tuple[int, str]] | None:
        tries = [
            (o["attempt"], o["status"])
            for o in await outcomes_of(stack, application_id)
            if o.get("channel") == "email" and o.get("notification_id") == done["notification_id"]
        ]
        return tries if len(tries) >= 5 else None

    assert await eventually(five_tries) == [
        (1, "temporary_failure"),
        (2, "temporary_failure"),
        (3, "temporary_failure"),
        (4, "temporary_failure"),
        (5, "delivered"),
    ]


async def test_an_administrations_own_template_is_checked_then_used(intake, services, mail):
    notifications = services["notifications"]
    broken = await notifications.put(
        "/templates/sofia/accepted/bg",
        json={"source": "{% block subject %}{{ oops {% endblock %}"},
        headers=sofia_admin(),
    )
    assert broken.status_code == 422
    assert broken.json()["errors"][0]["field"] == "source"
    own = (
        "{% block subject %}Столична община прие заявлението ви: {{ details.registration_number }}{% endblock %}"
        "{% block text %}Номер: {{ details.registration_number }}, референтен номер {{ reference }}.{% endblock %}"
        "{% block body %}<p>Номер: {{ details.registration_number }}</p>{% endblock %}"
    )
    kept = await notifications.put(
        "/templates/sofia/accepted/bg", params={"service": 2016}, json={"source": own}, headers=sofia_admin()
    )
    assert kept.status_code == 200, kept.text
    assert kept.json()["preview"]["subject"] == "Столична община прие заявлението ви: СО-2026-000123"
    others = await notifications.put("/templates/burgas/accepted/bg", json={"source": own}, headers=sofia_admin())
    assert others.status_code == 403
    try:
        address = unique_address()
        application_id = await submit(intake, citizen(address))
        registration = (await final_status(intake, application_id))["history"][2]["detail"]["registration_number"]

        async def accepted_mail() -> list[dict[str, Any]] | None:
            found = [m for m in await mails_to(mail, address) if "прие заявлението" in m["Subject"]]
            return found or None

        [message] = await eventually(accepted_mail, timeout=60)
        assert message["Subject"] == f"Столична община прие заявлението ви: {registration}"
    finally:
        removed = await notifications.delete(
            "/templates/sofia/accepted/bg", params={"service": 2016}, headers=sofia_admin()
        )
        assert removed.status_code == 204


@pytest.mark.disruptive
async def test_e_delivery_down_for_an_hour_then_the_decision_goes_there_once_it_is_back(
    intake, services, e_delivery, test_clock
):
    start = dt.datetime.now(dt.UTC)
    test_clock.set(start)
    egn = new_egn()
    registered = await e_delivery.post(
        "/api/v1/profiles/passive-individual",
        json={"identifier": egn, "firstName": "Мария", "lastName": "Георгиева"},
        headers={"Dp-Miscinfo": dp_miscinfo(LOCAL_SENDER_OID)},
    )
    assert registered.status_code == 200, registered.text
    down = await e_delivery.post("/simulator/outage", json={"seconds": 600})
    assert down.status_code == 200, down.text
    try:
        application_id = await submit(intake, citizen(unique_address(), egn=egn))
        await final_status(intake, application_id)

        async def waiting_for_e_delivery(tries: int) -> dict[str, Any] | None:
            completed = next((n for n in await notices(services, application_id) if n["state"] == "completed"), None)
            if completed is None or completed["choose_attempt"] < tries:
                return None
            assert completed["choosing_channels"]
            assert completed["deliveries"] == []
            return completed

        # The profile check is tried again after 1, 5 and 30 minutes; the next is 2 hours on.
        await eventually(lambda: waiting_for_e_delivery(1), timeout=30)
        for minutes, tries in ((1, 2), (6, 3), (36, 4), (60, 4)):
            test_clock.set(start + dt.timedelta(minutes=minutes, seconds=5))

            async def tried(count: int = tries) -> dict[str, Any] | None:
                return await waiting_for_e_delivery(count)

            waiting = await eventually(tried, timeout=30)
        assert waiting["choose_attempt"] == 4
    finally:
        await e_delivery.delete("/simulator/outage")
    test_clock.set(start + dt.timedelta(minutes=160))

    async def in_e_delivery() -> list[dict[str, Any]] | None:
        found = (await e_delivery.get("/simulator/messages", params={"identifier": egn})).json()
        return found or None

    [message] = await eventually(in_e_delivery, timeout=60)
    assert message["subject"].startswith("Удостоверението ви е издадено")
