import datetime as dt

from egov_schemas.lifecycle import ApplicationSubmitted
from egov_sdk.cloudevents import to_record
from egov_sdk.outbox import PENDING, add_to_outbox, new_document_outbox


def record(sequence: int):
    event = ApplicationSubmitted(
        application_id="app-1",
        administration_id="sofia",
        service=2016,
        service_version=1,
        sequence=sequence,
        occurred_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
    )
    return to_record(event, topic="egov.applications", source="/egov/test")


def test_new_document_outbox_holds_each_record_by_event_id_in_order():
    first, second = record(1), record(2)
    fields = new_document_outbox([first, second])
    assert fields[PENDING] is True
    assert [fields["outbox"][r.event_id]["seq"] for r in (first, second)] == [0, 1]
    assert fields["outbox"][first.event_id]["value"] == first.value.decode()


def test_add_to_outbox_merges_with_the_callers_update_without_changing_it():
    update = {"$set": {"state": "accepted"}, "$push": {"applied_replies": "r1"}}
    merged = add_to_outbox(update, [record(3)], start=3)
    assert merged["$set"]["state"] == "accepted"
    assert merged["$set"][PENDING] is True
    assert merged["$set"][f"outbox.{record(3).event_id}"]["seq"] == 3
    assert merged["$push"] == {"applied_replies": "r1"}
    assert update == {"$set": {"state": "accepted"}, "$push": {"applied_replies": "r1"}}
