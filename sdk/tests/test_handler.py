import datetime as dt

import pytest

from egov_schemas.work import AcceptReply, Applicant, CompleteReply, WorkItem
from egov_sdk.consumer import Delivery, PermanentFailure
from egov_sdk.handler import (
    Accept,
    Complete,
    Decision,
    HandlerApp,
    HandlerSettings,
    Needed,
    Refuse,
    RequestInfo,
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
