import datetime as dt

from egov_schemas.work import AcceptReply, Applicant, CompleteReply, WorkItem
from egov_sdk.handler import Accept, Complete, reply_for

ITEM = WorkItem(
    application_id="app-1",
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
