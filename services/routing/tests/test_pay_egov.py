"""Routing's pay.egov client against the pay.egov simulator, in process: registration, statuses,
suspension, refusals, transport failures and the verification of callbacks."""

import datetime as dt
from collections.abc import AsyncIterator
from decimal import Decimal

import httpx
import pytest
import structlog
from fastapi import FastAPI

from egov_pay_egov_sim import envelope
from egov_pay_egov_sim.settings import SimulatorSettings
from egov_pay_egov_sim.testing import CallbackReceiver, eventually, started
from egov_routing.adapters.pay_egov import (
    ForgedCallback,
    MalformedCallback,
    PayEgovClient,
    PayEgovUnavailable,
    PaymentOrder,
    PaymentRefused,
    PaymentStatus,
)

CLIENT_ID, SECRET = "egov-platform", "routing-test-secret"
BASE_URL = "http://pay-egov.test"
EGN, NAME = "7501010010", "Иван Петров Иванов"


def order(receiver: CallbackReceiver, **changes: object) -> PaymentOrder:
    fields: dict[str, object] = {
        "payment_id": "application-1",
        "eservice_client_id": "sofia",
        "amount": Decimal("12.50"),
        "currency": "BGN",
        "reason": "Такса за удостоверение за наследници, " + "заявление SOF-2026-000123 " * 10,
        "reference": "SOF-2026-000123",
        "reference_date": dt.date(2026, 11, 27),
        "applicant_uin": EGN,
        "applicant_uin_type": 1,
        "applicant_name": NAME,
        "service_uri": "2016",
        "supplier_uri": "000696327",
        "expires_at": dt.datetime.now(dt.UTC) + dt.timedelta(days=7),
        "notification_url": receiver.url,
    }
    return PaymentOrder(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture
def receiver() -> CallbackReceiver:
    return CallbackReceiver()


@pytest.fixture
async def app(receiver: CallbackReceiver) -> AsyncIterator[FastAPI]:
    async with started(SimulatorSettings(clients={CLIENT_ID: SECRET}, retry_minute_s=0.01), receiver) as app:
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[PayEgovClient]:
    client = PayEgovClient(BASE_URL + "/", CLIENT_ID, SECRET, transport=httpx.ASGITransport(app=app))
    yield client
    await client.aclose()


@pytest.fixture
async def citizen(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """The citizen's browser (and a developer's look through the simulator's control endpoints)."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as http:
        yield http


async def test_a_registered_order_is_pending_and_payable_at_its_page(
    client: PayEgovClient, receiver: CallbackReceiver
) -> None:
    registered = await client.register(order(receiver))
    assert registered.registered_at.tzinfo is not None
    [change] = await client.statuses([registered.request_id])
    assert (change.request_id, change.status) == (registered.request_id, PaymentStatus.PENDING)
    assert client.payment_page(registered.access_code) == f"{BASE_URL}/pay/{registered.access_code}"
    assert await client.statuses([]) == []


async def test_the_order_reaches_pay_egov_in_its_shape(
    client: PayEgovClient, receiver: CallbackReceiver, citizen: httpx.AsyncClient
) -> None:
    registered = await client.register(order(receiver))
    stored = (await citizen.get(f"/simulator/payments/{registered.request_id}")).json()
    assert stored["eservice_client_id"] == "sofia"
    request = stored["request"]
    assert len(request["PaymentReason"]) == 200
    assert Decimal(request["PaymentAmount"]) == Decimal("12.50")
    assert request["PaymentReferenceType"] == 9
    assert request["PaymentReferenceNumber"] == "SOF-2026-000123"
    assert (request["ApplicantUinTypeId"], request["ApplicantUin"]) == (1, EGN)


async def test_registering_the_same_payment_again_gives_the_same_request(
    client: PayEgovClient, receiver: CallbackReceiver
) -> None:
    first = await client.register(order(receiver))
    again = await client.register(order(receiver))
    assert (again.request_id, again.access_code) == (first.request_id, first.access_code)


async def test_a_refused_order_raises_naming_the_field(client: PayEgovClient, receiver: CallbackReceiver) -> None:
    with pytest.raises(PaymentRefused) as refused:
        await client.register(order(receiver, reference="R" * 51, expires_at=dt.datetime.now(dt.UTC)))
    assert any("'PaymentReferenceNumber'" in error for error in refused.value.errors)
    assert any("'ExpirationDate'" in error for error in refused.value.errors)
    assert EGN not in str(refused.value)


def test_an_order_pay_egov_would_refuse_for_its_form_fails_before_the_call() -> None:
    receiver = CallbackReceiver()
    with pytest.raises(ValueError, match="stotinki"):
        order(receiver, amount=Decimal("1.005"))
    with pytest.raises(ValueError, match="time zone"):
        order(receiver, expires_at=dt.datetime(2030, 1, 1))
    assert EGN not in repr(order(receiver))
    assert NAME not in repr(order(receiver))


async def test_suspending_stops_a_pending_request_and_is_refused_once_paid(
    client: PayEgovClient, receiver: CallbackReceiver, citizen: httpx.AsyncClient
) -> None:
    pending, paid = await client.register(order(receiver)), await client.register(order(receiver, payment_id="a-2"))
    await client.suspend(pending.request_id)
    await citizen.post(f"/pay/{paid.access_code}/card")
    with pytest.raises(PaymentRefused, match="'Paid'"):
        await client.suspend(paid.request_id)
    statuses = {
        change.request_id: change.status for change in await client.statuses([pending.request_id, paid.request_id])
    }
    assert statuses == {pending.request_id: PaymentStatus.SUSPENDED, paid.request_id: PaymentStatus.PAID}


async def test_a_genuine_callback_is_read_and_a_forged_one_refused(
    client: PayEgovClient, receiver: CallbackReceiver, citizen: httpx.AsyncClient
) -> None:
    registered = await client.register(order(receiver))
    page = await citizen.get(client.payment_page(registered.access_code))
    assert "12.50 BGN" in page.text
    await citizen.post(f"/pay/{registered.access_code}/card")
    await eventually(lambda: len(receiver.received) == 1)
    sent = receiver.received[0]
    change = client.read_callback(sent["ClientId"], sent["Hmac"], sent["Data"])
    assert (change.request_id, change.status) == (registered.request_id, PaymentStatus.PAID)
    assert change.changed_at.tzinfo is not None

    payload = {"Id": "R-1", "Status": "Canceled", "ChangeTime": "2026-11-27T10:15:00"}
    signed = envelope.seal(CLIENT_ID, SECRET, payload, envelope.CALLBACK_FIELDS)
    read = client.read_callback(signed["ClientId"], signed["Hmac"], signed["Data"])
    assert read.status is PaymentStatus.CANCELED
    assert read.changed_at.utcoffset() == dt.timedelta(hours=2)  # NOTE: a naive time is Bulgarian time

    foreign = envelope.seal(CLIENT_ID, "another secret", payload, envelope.CALLBACK_FIELDS)
    with pytest.raises(ForgedCallback):
        client.read_callback(foreign["ClientId"], foreign["Hmac"], foreign["Data"])
    with pytest.raises(ForgedCallback):
        client.read_callback("another-client", signed["Hmac"], signed["Data"])
    tampered = envelope.encode({**payload, "Status": "Paid"})
    with pytest.raises(ForgedCallback):
        client.read_callback(CLIENT_ID, signed["Hmac"], tampered)
    unknown = envelope.seal(CLIENT_ID, SECRET, {**payload, "Status": "Refunded"}, envelope.CALLBACK_FIELDS)
    with pytest.raises(MalformedCallback):
        client.read_callback(unknown["ClientId"], unknown["Hmac"], unknown["Data"])


async def test_statuses_given_as_numbers_are_read_too(client: PayEgovClient) -> None:
    payload = {"Id": "R-1", "Status": 4, "ChangeTime": "2026-11-27T10:15:00+00:00"}
    signed = envelope.seal(CLIENT_ID, SECRET, payload, envelope.CALLBACK_FIELDS)
    assert client.read_callback(signed["ClientId"], signed["Hmac"], signed["Data"]).status is PaymentStatus.PAID


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(503, json={"Message": "down"}),
        httpx.Response(401, json={"Message": "Authorization has been denied for this request."}),
        httpx.Response(200, text="<html>proxy</html>"),
        httpx.ConnectError("refused"),
    ],
)
async def test_pay_egov_out_of_reach_is_unavailable(answer: httpx.Response | Exception) -> None:
    def reply(request: httpx.Request) -> httpx.Response:
        if isinstance(answer, Exception):
            raise answer
        return answer

    client = PayEgovClient(BASE_URL, CLIENT_ID, SECRET, transport=httpx.MockTransport(reply))
    with pytest.raises(PayEgovUnavailable):
        await client.statuses(["R-1"])
    await client.aclose()


async def test_personal_data_is_never_logged(client: PayEgovClient, receiver: CallbackReceiver) -> None:
    with structlog.testing.capture_logs() as logs:
        registered = await client.register(order(receiver))
        with pytest.raises(PaymentRefused):
            await client.register(order(receiver, payment_id="a-3", reference="R" * 51))
        await client.suspend(registered.request_id)
    assert {line["event"] for line in logs} == {"pay_egov_registered", "pay_egov_refused", "pay_egov_suspended"}
    assert EGN not in repr(logs)
    assert NAME not in repr(logs)
