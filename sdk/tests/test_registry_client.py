import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from structlog.testing import capture_logs

from egov_schemas.registry import RegistryReply, RegistryRequest
from egov_schemas.work import Applicant, WorkItem
from egov_sdk.cloudevents import KafkaRecord, parse_record, to_record
from egov_sdk.consumer import RetryLater
from egov_sdk.registry_client import Registry, RegistryAnswer, RegistryClient, UnclaimedReplies
from egov_sdk.settings import PlatformSettings

EGN = "4501010014"
ITEM = WorkItem(
    application_id="2a05eaba-58db-4e31-b9a5-05fe1867c849",
    reference="7K3M-9QXP-4",
    administration_id="sofia",
    service=2016,
    service_version=1,
    submitted_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    applicant=Applicant(identifier="7501010010", name="Иван Петров"),
    form={"deceased_egn": EGN},
)
DECEASED = {"names": {"first": "Петър", "surname": "Иванов", "family": "Петров"}, "alive": False}


class FakeGateway:
    """Stands for the producer and the registry gateway: keeps each request sent and, unless
    silent, answers it on the next turn of the loop, as a reply read from the topic would."""

    def __init__(self, *, silent: bool = False):
        self.silent = silent
        self.client: RegistryClient | None = None
        self.records: list[KafkaRecord] = []

    @property
    def requests(self) -> list[RegistryRequest]:
        return [request_in(record) for record in self.records]

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    async def send(self, record: KafkaRecord) -> None:
        self.records.append(record)
        if not self.silent:
            assert self.client is not None
            asyncio.get_running_loop().call_soon(self.client.receive, reply_to(request_in(record)))


def request_in(record: KafkaRecord) -> RegistryRequest:
    request = parse_record({name: value.encode() for name, value in record.headers.items()}, record.value)
    assert isinstance(request, RegistryRequest)
    return request


def reply_to(request: RegistryRequest | str, **answer: Any) -> RegistryReply:
    return RegistryReply(
        request_id=request if isinstance(request, str) else request.request_id,
        administration_id="sofia",
        status=answer.get("status", "found"),
        data=answer.get("data", DECEASED),
        error=answer.get("error"),
        answered_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    )


def registry_client(gateway: FakeGateway, *, reply_timeout_s: float = 5.0) -> RegistryClient:
    client = RegistryClient(
        PlatformSettings(service_name="handler-sofia"),
        administration_id="sofia",
        source="/egov/handler-sofia",
        reply_timeout_s=reply_timeout_s,
        sender=gateway,
    )
    client._following.set()  # NOTE: stands for the reader having taken its place on the replies topic
    gateway.client = client
    return client


class FakeAsker:
    def __init__(self) -> None:
        self.requests: list[RegistryRequest] = []

    async def ask(self, request: RegistryRequest) -> RegistryAnswer:
        self.requests.append(request)
        return RegistryAnswer(status="not_found")


def registry_of(asker: FakeAsker, item: WorkItem = ITEM) -> Registry:
    return Registry(asker, item, administration_id="sofia", requested_by="handler-sofia")


async def test_the_nth_check_of_a_handling_has_the_same_request_id_when_the_work_item_is_handled_again():
    asker = FakeAsker()
    for handling in (registry_of(asker), registry_of(asker)):
        await handling.person(EGN, reason="Проверка на наследодателя")
        await handling.permanent_address(EGN, reason="Проверка на адреса")
    next_version = registry_of(asker, ITEM.model_copy(update={"version": 2}))
    await next_version.person(EGN, reason="Проверка на наследодателя")

    ids = [request.request_id for request in asker.requests]
    assert ids[:4] == [f"{ITEM.event_id}:r1", f"{ITEM.event_id}:r2", f"{ITEM.event_id}:r1", f"{ITEM.event_id}:r2"]
    assert ids[4] not in ids[:4]
    assert all(len(request_id) <= 64 for request_id in ids)


async def test_a_request_says_for_which_service_and_application_why_and_who_asks():
    gateway = FakeGateway()
    client = registry_client(gateway)
    await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")

    [record] = gateway.records
    [request] = gateway.requests
    assert record.topic == "egov.registry.requests.sofia"
    assert record.key == request.request_id
    assert request.administration_id == "sofia"
    assert request.service == 2016
    assert request.application_id == ITEM.application_id
    assert request.operation == "grao.person"
    assert request.arguments == {"egn": EGN}
    assert request.purpose == "Проверка на наследодателя"
    assert request.requested_by == "handler-sofia"
    assert request.requested_at.tzinfo is not None


@pytest.mark.parametrize(
    ("call", "operation", "arguments"),
    [
        (lambda r: r.person(EGN, reason="why"), "grao.person", {"egn": EGN}),
        (lambda r: r.permanent_address(EGN, reason="why"), "grao.permanent_address", {"egn": EGN}),
        (lambda r: r.company("121856059", reason="why"), "commercial_register.actual_state", {"eik": "121856059"}),
        (lambda r: r.obligations(egn=EGN, reason="why"), "nra.obligations", {"egn": EGN}),
        (lambda r: r.obligations(eik="121856059", reason="why"), "nra.obligations", {"eik": "121856059"}),
        (lambda r: r.check("grao.person", {"egn": EGN}, reason="why"), "grao.person", {"egn": EGN}),
    ],
)
async def test_each_check_asks_its_operation_with_its_arguments_and_reason(call, operation, arguments):
    asker = FakeAsker()
    answer = await call(registry_of(asker))
    [request] = asker.requests
    assert (request.operation, request.arguments, request.purpose) == (operation, arguments, "why")
    assert answer == RegistryAnswer(status="not_found")


@pytest.mark.parametrize("identifiers", [{}, {"egn": EGN, "eik": "121856059"}])
async def test_obligations_are_asked_by_exactly_one_of_egn_and_eik(identifiers):
    asker = FakeAsker()
    with pytest.raises(ValueError, match="exactly one"):
        await registry_of(asker).obligations(**identifiers, reason="why")
    assert asker.requests == []


async def test_the_reply_answers_the_call_waiting_for_it():
    gateway = FakeGateway()
    client = registry_client(gateway)
    answer = await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert answer == RegistryAnswer(status="found", data=DECEASED, error=None)
    assert client._waiting == {}


async def test_a_reply_no_call_waited_for_answers_the_call_that_asks_for_it_later_without_asking_again():
    gateway = FakeGateway()
    client = registry_client(gateway)
    client.receive(reply_to(f"{ITEM.event_id}:r1", status="not_found", data=None))
    answer = await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert answer.status == "not_found"
    assert gateway.records == []


async def test_an_answer_late_rolls_the_work_item_back_and_answers_it_when_it_is_handled_again():
    gateway = FakeGateway(silent=True)
    client = registry_client(gateway, reply_timeout_s=0.05)
    with pytest.raises(RetryLater, match="registry answer not yet arrived"):
        await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert client._waiting == {}

    [request] = gateway.requests
    client.receive(reply_to(request))
    answer = await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert answer.status == "found"
    assert len(gateway.records) == 1


async def test_a_cancelled_call_leaves_no_waiter():
    client = registry_client(FakeGateway(silent=True))
    call = asyncio.create_task(client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя"))
    await asyncio.sleep(0.01)
    assert len(client._waiting) == 1
    call.cancel()
    with pytest.raises(asyncio.CancelledError):
        await call
    assert client._waiting == {}


async def test_no_request_leaves_before_the_reader_holds_its_place_on_the_replies_topic():
    gateway = FakeGateway()
    client = registry_client(gateway, reply_timeout_s=0.05)
    client._following.clear()
    with pytest.raises(RetryLater):
        await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert gateway.records == []


@dataclass
class FakeConsumerRecord:
    headers: list[tuple[str, bytes]]
    value: bytes | None
    partition: int = 0
    offset: int = 0


async def test_a_reply_read_from_the_topic_answers_its_call_and_anything_else_there_is_passed_over():
    gateway = FakeGateway(silent=True)
    client = registry_client(gateway)
    call = asyncio.create_task(client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя"))
    await asyncio.sleep(0.01)
    [request] = gateway.requests
    reply = to_record(reply_to(request, status="error", data=None, error="invalid EGN"), topic="t", source="/gw")
    client._take(FakeConsumerRecord(headers=[("ce_type", b"x")], value=b"{}"))
    client._take(FakeConsumerRecord(headers=[(k, v.encode()) for k, v in reply.headers.items()], value=reply.value))
    assert await call == RegistryAnswer(status="error", data=None, error="invalid EGN")


async def test_a_reply_naming_another_administration_answers_nothing():
    gateway = FakeGateway(silent=True)
    client = registry_client(gateway, reply_timeout_s=0.05)
    call = asyncio.create_task(client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя"))
    await asyncio.sleep(0.01)
    [request] = gateway.requests
    client.receive(reply_to(request).model_copy(update={"administration_id": "plovdiv"}))
    with pytest.raises(RetryLater):
        await call


async def test_neither_the_personal_number_nor_the_registry_data_is_logged():
    client = registry_client(FakeGateway())
    with capture_logs() as logs:
        answer = await client.for_item(ITEM).person(EGN, reason="Проверка на наследодателя")
    assert {entry["event"] for entry in logs} == {"registry_request_sent", "registry_reply_received"}
    assert all(EGN not in str(entry) and "Петър" not in str(entry) for entry in logs)
    assert "Петър" not in repr(answer)


def test_unclaimed_replies_are_bounded_and_the_oldest_are_dropped_first():
    unclaimed = UnclaimedReplies(most=2, keep_s=60)
    for request_id in ("a", "b", "c"):
        unclaimed.put(request_id, RegistryAnswer(status="found"))
    assert len(unclaimed) == 2
    assert unclaimed.take("a") is None
    assert unclaimed.take("c") == RegistryAnswer(status="found")
    assert unclaimed.take("c") is None


def test_unclaimed_replies_are_kept_only_a_while():
    now = [0.0]
    unclaimed = UnclaimedReplies(most=10, keep_s=60, clock=lambda: now[0])
    unclaimed.put("a", RegistryAnswer(status="found"))
    unclaimed.put("b", RegistryAnswer(status="found"))
    now[0] = 61.0
    assert unclaimed.take("a") is None
    unclaimed.put("c", RegistryAnswer(status="found"))
    assert len(unclaimed) == 1
