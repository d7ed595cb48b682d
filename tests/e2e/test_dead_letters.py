"""Malformed, unknown and illegal messages on every consumed topic land in that consumer's DLQ
with a reason, and the platform keeps serving citizens."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import json

import pytest
from aiokafka.structs import ConsumerRecord

from egov_schemas.lifecycle import ApplicationSubmitted
from egov_schemas.work import AcceptReply, CompleteReply
from egov_sdk.cloudevents import to_record
from egov_sdk.settings import PlatformSettings
from tests.e2e.citizen import final_status, heirs_application, submit
from tests.kafka_helpers import eventually, produce, read_topic

SUBMITTED = ApplicationSubmitted(
    application_id="poison",
    reference="7K3M-9QXP-4",
    administration_id="sofia",
    service=2016,
    service_version=1,
    sequence=1,
    occurred_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
)
# NOTE: a registry reply's body, valid JSON, under the headers of a lifecycle event.
OTHER_EVENT_BODY = json.dumps(
    {"request_id": "r", "administration_id": "sofia", "status": "found", "answered_at": "2026-11-27T00:00:00Z"}
).encode()
TWO_MEGABYTES = b'{"padding": "' + b"x" * (2_000_000 - 15) + b'"}'
CONSUMED = {
    "egov.intake.submissions": ["routing.submissions"],
    "egov.applications": ["intake.status", "notifications.lifecycle"],
    "egov.replies.sofia": ["routing.replies"],
    "egov.inbox.sofia": ["handler.sofia"],
    "egov.registry.requests.sofia": ["registry-gateway.requests"],
    "egov.catalog": ["intake.catalog-view", "routing.catalog-view"],
}


async def dead_letters(kafka: PlatformSettings, consumer: str, marker: bytes) -> list[ConsumerRecord[bytes, bytes]]:
    records = await read_topic(kafka, f"egov.dlq.{consumer}")
    return [r for r in records if r.key == marker]


async def test_garbage_on_every_consumed_topic_is_dead_lettered_with_a_reason(platform, stack, intake):
    kafka = stack.kafka
    marker = f"garbage-{dt.datetime.now(dt.UTC).timestamp()}".encode()
    for topic in CONSUMED:
        await produce(kafka, topic, b"\x00 not json", key=marker, headers={"ce_type": "bg.egov.unknown.v1"})

    for topic, consumers in CONSUMED.items():
        for consumer in consumers:
            found = await eventually(functools.partial(dead_letters, kafka, consumer, marker), timeout=45)
            headers = dict(found[0].headers)
            assert headers["x-dlq-topic"].decode() == topic
            assert headers["x-dlq-reason"].decode().startswith(("ce_specversion", "unknown ce_type", "missing"))
            assert found[0].value == b"\x00 not json"

    application_id = await submit(intake, heirs_application())
    assert (await final_status(intake, application_id))["status"] == "completed"


async def test_replies_that_break_the_rules_are_dead_lettered_and_change_nothing(platform, stack, intake, services):
    kafka = stack.kafka
    application_id = await submit(intake, heirs_application())
    await final_status(intake, application_id)
    now = dt.datetime.now(dt.UTC)

    late_accept = AcceptReply(
        application_id=application_id,
        administration_id="sofia",
        reply_id="late",
        decided_at=now,
        registration_number="X-1",
    )
    foreign = CompleteReply(
        application_id=application_id, administration_id="burgas", reply_id="foreign", decided_at=now
    )
    unknown = CompleteReply(
        application_id="no-such-application", administration_id="sofia", reply_id="u", decided_at=now
    )
    for reply, topic in (
        (late_accept, "egov.replies.sofia"),
        (foreign, "egov.replies.burgas"),
        (unknown, "egov.replies.sofia"),
    ):
        record = to_record(reply, topic=topic, source="/e2e")
        await produce(kafka, topic, record.value, key=record.key, headers=record.headers)

    async def reasons() -> list[str] | None:
        records = await read_topic(kafka, "egov.dlq.routing.replies")
        found = [
            dict(r.headers)["x-dlq-reason"].decode()
            for r in records
            if r.key in (application_id.encode(), b"no-such-application")
        ]
        return found if len(found) >= 3 else None

    found = await eventually(reasons, timeout=45)
    assert any("is not allowed when the application is completed" in reason for reason in found)
    assert any("does not own application" in reason for reason in found)
    assert any("unknown application no-such-application" in reason for reason in found)

    state = (await services["routing"].get(f"/applications/{application_id}")).json()
    assert (state["state"], state["sequence"]) == ("completed", 4)


async def test_poison_records_are_dead_lettered_everywhere_and_the_consumers_go_on(platform, stack, services):
    """A null header, no headers, a header of the wrong type, valid JSON of another event, 2 MB."""
    kafka = stack.kafka
    stamp = dt.datetime.now(dt.UTC).timestamp()
    null_marker, bare_marker = f"null-header-{stamp}".encode(), f"no-headers-{stamp}".encode()
    typed_marker, other_marker = f"header-type-{stamp}".encode(), f"other-event-{stamp}".encode()
    large_marker = f"two-megabytes-{stamp}".encode()
    valid = to_record(SUBMITTED, topic="egov.applications", source="/e2e")
    for topic in CONSUMED:
        await produce(kafka, topic, b"{}", key=null_marker, headers={"ce_type": None, "ce_id": "x"})
        await produce(kafka, topic, b"{}", key=bare_marker)
        binary_time: dict[str, str | bytes | None] = {**valid.headers, "ce_time": (1_700_000_000).to_bytes(8, "big")}
        await produce(kafka, topic, valid.value, key=typed_marker, headers=binary_time)
        await produce(kafka, topic, OTHER_EVENT_BODY, key=other_marker, headers=valid.headers)
        # NOTE: compressed, 2 MB pass the broker's 1 MiB limit; no consumer takes so large a body.
        await produce(kafka, topic, TWO_MEGABYTES, key=large_marker, headers=valid.headers, compression_type="gzip")

    cases = (
        (null_marker, "header ce_type has no value"),
        (bare_marker, "missing ce_type"),
        (typed_marker, "header ce_time is not"),
        (other_marker, ""),  # NOTE: refused as invalid, or as a type this consumer does not take
        (large_marker, "record of 2000000 bytes is larger"),
    )
    for topic, consumers in CONSUMED.items():
        for consumer in consumers:
            for marker, reason in cases:
                found = await eventually(functools.partial(dead_letters, kafka, consumer, marker), timeout=45)
                headers = dict(found[0].headers)
                assert headers["x-dlq-topic"].decode() == topic
                assert headers["x-dlq-reason"].decode().startswith(reason)
                assert marker != large_marker or found[0].value == TWO_MEGABYTES

    # NOTE: the catalog views went on: intake and routing are still ready and serve citizens.
    for name in ("intake", "routing"):
        assert (await services[name].get("/health/ready")).status_code == 200
    application_id = await submit(services["intake"], heirs_application())
    assert (await final_status(services["intake"], application_id))["status"] == "completed"


@pytest.mark.disruptive
async def test_a_bad_catalog_record_is_dead_lettered_once_however_often_a_view_restarts(platform, stack):
    """A catalog view reads the whole compacted topic at every start; its dead letters do not
    repeat (they did, and the chaos test counted each restart's as lost effects)."""
    kafka = stack.kafka
    marker = f"catalog-garbage-{dt.datetime.now(dt.UTC).timestamp()}".encode()
    await produce(kafka, "egov.catalog", b"\x00 not json", key=marker, headers={"ce_type": "bg.egov.unknown.v1"})
    await eventually(functools.partial(dead_letters, kafka, "routing.catalog-view", marker), timeout=45)

    for _ in range(2):
        await asyncio.to_thread(platform.kill, "routing")
        await asyncio.to_thread(platform.restart, "routing")
    # NOTE: ready means the view has read the topic to its end again, this record included; a
    # repeated dead letter would then be on its way through routing's outbox within moments.
    for _ in range(5):
        assert len(await dead_letters(kafka, "routing.catalog-view", marker)) == 1
        await asyncio.sleep(1.0)
