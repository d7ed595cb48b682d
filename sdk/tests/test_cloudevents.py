import datetime as dt
import json
from collections.abc import Mapping

import pytest
from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from egov_schemas.lifecycle import ApplicationSubmitted
from egov_sdk.cloudevents import InvalidEvent, parse_record, to_record

EVENT = ApplicationSubmitted(
    application_id="app-1",
    reference="7K3M-9QXP-4",
    administration_id="sofia",
    service=2016,
    service_version=1,
    sequence=1,
    occurred_at=dt.datetime(2026, 11, 26, 9, 30, tzinfo=dt.UTC),
)


def as_consumed(headers: Mapping[str, str | bytes]) -> list[tuple[str, bytes]]:
    return [(name, value.encode() if isinstance(value, str) else value) for name, value in headers.items()]


def test_binary_mode_record_has_ce_headers_key_and_json_body():
    record = to_record(EVENT, topic="egov.applications", source="/egov/intake")
    assert record.key == "app-1"
    assert record.headers["content-type"] == "application/json"
    assert record.headers["ce_specversion"] == "1.0"
    assert record.headers["ce_type"] == "bg.egov.application.submitted.v2"
    assert record.headers["ce_id"] == EVENT.event_id
    assert record.headers["ce_subject"] == "app-1"
    assert record.headers["ce_source"] == "/egov/intake"
    assert json.loads(record.value or b"")["state"] == "submitted"


def test_round_trip_gives_back_the_same_event():
    record = to_record(EVENT, topic="egov.applications", source="/egov/intake")
    assert parse_record(as_consumed(record.headers), record.value) == EVENT


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda h, v: ({k: x for k, x in h.items() if k != "ce_type"}, v), "missing ce_type"),
        (lambda h, v: ({**h, "ce_type": "bg.egov.nothing.v9"}, v), "unknown ce_type"),
        (lambda h, v: ({**h, "ce_specversion": "0.3"}, v), "specversion"),
        (lambda h, v: ({**h, "content-type": "text/plain"}, v), "content-type"),
        (lambda h, v: (h, b"{not json"), "not a valid CloudEvent|not JSON"),
        (lambda h, v: (h, json.dumps({"application_id": "x"}).encode()), "service: Field required"),
        (lambda h, v: ({k: x for k, x in h.items() if k != "ce_id"}, v), "not a valid CloudEvent"),
        (lambda h, v: ({**h, "ce_type": b"\xff\xfe"}, v), "header ce_type is not UTF-8 text"),
        (lambda h, v: ({**h, "ce_source": b"\x80"}, v), "header ce_source is not UTF-8 text"),
        (lambda h, v: ({**h, "ce_time": (1234567890).to_bytes(8, "big")}, v), "not UTF-8|ce_time is not an RFC 3339"),
        (lambda h, v: ({**h, "ce_time": "yesterday"}, v), "header ce_time is not an RFC 3339 timestamp"),
        (  # NOTE: valid JSON for another event: a work item's body under the lifecycle event's type
            lambda h, v: (
                h,
                json.dumps({"application_id": "x", "reply_id": "r", "decided_at": "2026-01-01T00:00:00Z"}).encode(),
            ),
            "body of bg.egov.application.submitted.v2 is invalid",
        ),
    ],
)
def test_bad_records_are_refused_with_a_reason(change, reason):
    record = to_record(EVENT, topic="egov.applications", source="/egov/intake")
    headers, value = change(record.headers, record.value)
    with pytest.raises(InvalidEvent, match=reason):
        parse_record(as_consumed(headers), value)


def test_the_cloudevents_sdk_reads_our_records_as_the_same_event():
    record = to_record(EVENT, topic="egov.applications", source="/egov/intake")
    message = ce_kafka.KafkaMessage(
        headers={name: value.encode() for name, value in record.headers.items()},
        key=b"app-1",
        value=record.value or b"",
    )
    event = ce_kafka.from_binary(message, JSONFormat())
    assert (event.get_id(), event.get_type(), event.get_source()) == (EVENT.event_id, EVENT.ce_type, "/egov/intake")
    assert (event.get_subject(), event.get_datacontenttype()) == ("app-1", "application/json")
    assert event.get_time() is not None
    data = event.get_data()
    assert (json.loads(data) if isinstance(data, str | bytes) else data) == EVENT.model_dump(mode="json")


def test_records_written_by_the_cloudevents_sdk_parse_as_the_same_event():
    attributes = {
        "specversion": "1.0",
        "id": EVENT.event_id,
        "source": "/elsewhere",
        "type": EVENT.ce_type,
        "time": dt.datetime.now(dt.UTC),
        "datacontenttype": "application/json",
        "subject": "app-1",
    }
    message = ce_kafka.to_binary(CloudEvent(attributes, EVENT.model_dump(mode="json")), JSONFormat())
    assert parse_record(list(message.headers.items()), message.value) == EVENT


def test_a_body_larger_than_events_may_be_is_refused_before_it_is_read():
    record = to_record(EVENT, topic="egov.applications", source="/egov/intake")
    large = b'{"padding": "' + b"x" * 2_000_000 + b'"}'
    with pytest.raises(InvalidEvent, match=r"record of 2000015 bytes is larger than the 1048576 bytes"):
        parse_record(as_consumed(record.headers), large, max_bytes=1_048_576)
    assert parse_record(as_consumed(record.headers), record.value, max_bytes=1_048_576) == EVENT
