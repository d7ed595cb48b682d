"""The outbox relay on the real broker and store: every queued record reaches Kafka in order and
leaves the table; a record Kafka can never take is set aside without holding up the others."""

import datetime as dt
import json

from egov_schemas.lifecycle import ApplicationAccepted, ApplicationRouted, ApplicationSubmitted
from egov_sdk.cloudevents import KafkaRecord, to_record
from egov_sdk.kafka import TopicSpec, ensure_topics, make_producer
from egov_sdk.relay import OutboxRelay
from tests.kafka_helpers import at_least, eventually

AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def common(application_id: str) -> dict[str, object]:
    return {
        "application_id": application_id,
        "reference": "7K3M-9QXP-4",
        "administration_id": "sofia",
        "service": 2016,
        "service_version": 1,
    }


async def started_relay(settings, store, outbox, *, batch_size: int = 500) -> OutboxRelay:
    relay = OutboxRelay(
        store, lambda: make_producer(settings), outbox, batch_size=batch_size, poll_interval=0.2, slow_after=5.0
    )
    await relay.start()
    return relay


async def test_relay_publishes_in_order_then_empties_the_outbox(settings, store, outbox, unique):
    topic = f"it.outbox.{unique}"
    await ensure_topics(settings, [TopicSpec(topic)])
    records = [
        to_record(ApplicationSubmitted(**common("app-1"), sequence=1, occurred_at=AT), topic=topic, source="/it"),
        to_record(ApplicationRouted(**common("app-1"), sequence=2, occurred_at=AT), topic=topic, source="/it"),
    ]
    async with store.transaction():
        await store.execute("CREATE TABLE state (id text PRIMARY KEY, state text)")
        await store.execute("INSERT INTO state VALUES ('app-1', 'routed')")
        await outbox.add(records)

    relay = await started_relay(settings, store, outbox)
    try:
        published = await eventually(lambda: at_least(settings, topic, 2))
        assert [dict(r.headers)["ce_id"].decode() for r in published] == [r.event_id for r in records]
        assert all(r.key == b"app-1" for r in published)
        assert await store.fetchval("SELECT count(*) FROM outbox") == 0

        accepted = ApplicationAccepted(**common("app-1"), sequence=3, occurred_at=AT, registration_number="СО-1")
        await outbox.add([to_record(accepted, topic=topic, source="/it")])
        published = await eventually(lambda: at_least(settings, topic, 3))
        assert dict(published[-1].headers)["ce_type"] == b"bg.egov.application.accepted.v2"
    finally:
        await relay.stop()


async def test_a_record_too_large_for_kafka_is_set_aside_and_the_rest_flow(settings, store, outbox, unique):
    topic = f"it.outbox.{unique}"
    await ensure_topics(settings, [TopicSpec(topic)])
    small = [
        to_record(ApplicationSubmitted(**common(f"app-{n}"), sequence=1, occurred_at=AT), topic=topic, source="/it")
        for n in range(3)
    ]
    huge = KafkaRecord(topic=topic, key="app-huge", value=b"x" * 3_700_000, headers={"ce_id": "huge"})
    missing_topic = KafkaRecord(topic=f"it.missing.{unique}", key="app-m", value=b"{}", headers={"ce_id": "m"})
    await outbox.add([small[0], huge, small[1], missing_topic])
    await outbox.add([small[2]])

    relay = await started_relay(settings, store, outbox, batch_size=2)
    try:
        published = await eventually(lambda: at_least(settings, topic, 3))
        assert sorted(dict(r.headers)["ce_id"].decode() for r in published) == sorted(r.event_id for r in small)

        async def set_aside() -> list[dict[str, object]] | None:
            rows = await store.fetch("SELECT key, reason FROM outbox_set_aside ORDER BY id")
            return [dict(row) for row in rows] if len(rows) == 2 else None

        huge_row, missing_row = await eventually(set_aside)
        assert huge_row["key"] == "app-huge"
        assert "MessageSizeTooLarge" in str(huge_row["reason"])
        assert missing_row["key"] == "app-m"
        assert f"topic it.missing.{unique} does not exist" in str(missing_row["reason"])
        assert await store.fetchval("SELECT count(*) FROM outbox") == 0
        assert relay.set_aside == 2
    finally:
        await relay.stop()


async def test_two_relays_at_once_publish_each_record_once_and_each_key_in_order(settings, store, outbox, unique):
    topic = f"it.outbox.{unique}"
    await ensure_topics(settings, [TopicSpec(topic, partitions=3)])
    keys = [f"app-{n}" for n in range(20)]
    for sequence in range(1, 11):
        await outbox.add(
            [
                to_record(
                    ApplicationSubmitted(**common(key), sequence=sequence, occurred_at=AT), topic=topic, source="/it"
                )
                for key in keys
            ]
        )
    first = await started_relay(settings, store, outbox, batch_size=7)
    second = await started_relay(settings, store, outbox, batch_size=7)
    try:
        published = await eventually(lambda: at_least(settings, topic, 200), timeout=60)
        assert len(published) == 200
        for key in keys:
            sequences = [json.loads(r.value)["sequence"] for r in published if r.key == key.encode()]
            assert sequences == list(range(1, 11)), key
    finally:
        for relay in (first, second):
            await relay.stop()
