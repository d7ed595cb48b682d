import asyncio
import datetime as dt

import pytest

from egov_schemas.work import AcceptReply, Applicant, CompleteReply, WorkItem, WorkWithdrawn
from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.consumer import Delivery, PermanentFailure, RetryLater
from egov_sdk.handler import (
    Accept,
    Complete,
    Context,
    Decision,
    HandlerApp,
    HandlerSettings,
    Needed,
    Refuse,
    RequestInfo,
    for_staff,
    people_named_in,
    reply_for,
)

NEEDED = Needed(key="record_copy", kind="attachment", description="Копие на акта")
ITEM = WorkItem(
    application_id="app-1",
    reference="7K3M-9QXP-4",
    administration_id="sofia",
    service=2016,
    service_version=1,
    submitted_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    applicant=Applicant(identifier="7501010010", name="Иван Петров"),
    form={"purpose": "x"},
    processing="automatic",
)


def test_each_decision_becomes_a_reply_with_an_id_stable_across_redeliveries():
    accept = reply_for(ITEM, Accept(registration_number="СО-1"), 0)
    complete = reply_for(ITEM, Complete(document_id="doc-1"), 1)
    assert isinstance(accept, AcceptReply)
    assert isinstance(complete, CompleteReply)
    assert accept.registration_number == "СО-1"
    assert accept.event_id == reply_for(ITEM, Accept(registration_number="СО-1"), 0).event_id
    assert accept.event_id != complete.event_id
    assert accept.administration_id == "sofia"


def test_the_names_of_the_people_an_application_is_about_are_collected_from_applicant_and_form():
    item = ITEM.model_copy(
        update={"form": {"deceased_name": "Петър Иванов", "heirs": [{"name": "Мария"}], "purpose": "Иван"}}
    )
    assert people_named_in(item) == ["Иван Петров", "Петър Иванов", "Мария"]


@pytest.mark.parametrize(
    "decision",
    [
        Accept(registration_number="СО-Петров-1"),
        Refuse(reasons=["Мария не е наследник"]),
        RequestInfo(message="Моля, приложете документ за 7501010010.", needed=[NEEDED]),
        RequestInfo(
            message="Моля, приложете документ.", needed=[NEEDED.model_copy(update={"description": "Акт за Мария"})]
        ),
    ],
)
async def test_a_decision_naming_a_person_of_the_application_is_not_sent(decision):
    app = HandlerApp(HandlerSettings(administration_id="sofia", database_url="postgresql://unused/none"))

    @app.service(2016)
    async def decide(_: WorkItem) -> list[Decision]:
        return [decision]

    item = ITEM.model_copy(update={"form": {"heirs": [{"name": "Мария"}]}})
    with pytest.raises(PermanentFailure, match="would publish personal data") as refused:
        await app._on_work_item(item, Delivery(topic="egov.inbox.sofia", key="app-1"))
    assert "Мария" not in str(refused.value)
    assert "7501010010" not in str(refused.value)


class RecordingOutbox:
    def __init__(self) -> None:
        self.records: list[KafkaRecord] = []

    async def add(self, records: list[KafkaRecord]) -> None:
        self.records.extend(records)


def handler_app(**settings) -> tuple[HandlerApp, RecordingOutbox]:
    app = HandlerApp(HandlerSettings(administration_id="sofia", database_url="postgresql://unused/none", **settings))
    outbox = RecordingOutbox()
    app.runtime.outbox = outbox  # type: ignore[assignment]
    return app, outbox


async def test_a_function_of_the_work_item_alone_is_called_with_it():
    app, outbox = handler_app()
    seen: list[WorkItem] = []

    @app.service(2016)
    async def decide(item: WorkItem) -> list[Decision]:
        seen.append(item)
        return [Accept(registration_number="СО-1")]

    await app._on_work_item(ITEM, Delivery(topic="egov.inbox.sofia", key="app-1"))
    assert seen == [ITEM]
    assert [record.headers["ce_type"] for record in outbox.records] == ["bg.egov.reply.accept.v1"]


def test_work_its_staff_process_is_left_to_the_workspace_withdrawals_included():
    withdrawn = WorkWithdrawn(
        application_id="app-1",
        reference=ITEM.reference,
        administration_id="sofia",
        service=2016,
        withdrawn_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        processing="staff",
    )
    assert for_staff(ITEM.model_copy(update={"processing": "staff"}))
    assert for_staff(withdrawn)
    assert not for_staff(ITEM)
    assert not for_staff(withdrawn.model_copy(update={"processing": "automatic"}))
    assert not for_staff(
        AcceptReply(
            application_id="app-1",
            administration_id="sofia",
            reply_id="r",
            decided_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
            registration_number="1",
        )
    )


async def test_a_function_that_takes_the_context_checks_the_registry_for_its_work_item():
    # NOTE: no reader follows the replies topic here, so the check cannot be answered: the work
    # item is rolled back, after the timeout the settings give, and nothing is decided.
    app, outbox = handler_app(registry_reply_timeout_s=0.05)

    @app.service(2016)
    async def decide(item: WorkItem, ctx: Context) -> list[Decision]:
        await ctx.registry.person("4501010010", reason="Проверка на наследодателя")
        return [Accept(registration_number="СО-1")]

    with pytest.raises(RetryLater, match=f"{ITEM.event_id}:r1"):
        await app._on_work_item(ITEM, Delivery(topic="egov.inbox.sofia", key="app-1"))
    assert outbox.records == []


def test_a_function_must_take_the_work_item_and_at_most_the_context():
    app, _ = handler_app()

    async def decide(item: WorkItem, ctx: Context, extra: int) -> list[Decision]:
        return []

    with pytest.raises(TypeError, match=r"\(item\) or \(item, ctx\)"):
        app.service(2016)(decide)  # type: ignore[type-var]


async def test_a_batchs_work_items_are_decided_at_once_and_their_failures_stay_their_own():
    app, outbox = handler_app()
    other = ITEM.model_copy(update={"application_id": "app-2", "form": {"purpose": "y"}})
    third = ITEM.model_copy(update={"application_id": "app-3", "form": {"purpose": "z"}})
    started: list[str] = []
    both_started = asyncio.Event()

    @app.service(2016)
    async def decide(item: WorkItem) -> list[Decision]:
        if item.form["purpose"] == "z":
            raise PermanentFailure("not this one")
        started.append(item.application_id)
        if len(started) == 2:
            both_started.set()
        # NOTE: each waits for the other to have started: one after the other, this never ends.
        await asyncio.wait_for(both_started.wait(), timeout=5)
        return [Accept(registration_number=f"СО-{item.application_id}")]

    await app._decide_batch([ITEM, other, third])
    assert sorted(started) == ["app-1", "app-2"]
    for item in (ITEM, other):
        await app._on_work_item(item, Delivery(topic="egov.inbox.sofia", key=item.application_id))
    with pytest.raises(PermanentFailure, match="not this one"):
        await app._on_work_item(third, Delivery(topic="egov.inbox.sofia", key="app-3"))
    assert len(started) == 2  # NOTE: decided once each, not again when applied
    assert [record.key for record in outbox.records] == ["app-1", "app-2"]
