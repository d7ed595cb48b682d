"""The outbox relay on the real broker and store: every pending record reaches Kafka, in order,
and leaves the document."""

import datetime as dt

from egov_schemas.lifecycle import ApplicationAccepted, ApplicationRouted, ApplicationSubmitted
from egov_sdk.cloudevents import to_record
from egov_sdk.kafka import TopicSpec, ensure_topics, make_broker
from egov_sdk.outbox import PENDING, OutboxCollection
from egov_sdk.relay import OutboxRelay
from tests.kafka_helpers import at_least, eventually

COMMON = {"application_id": "app-1", "administration_id": "sofia", "service": 2016, "service_version": 1}
AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


async def test_relay_publishes_in_order_then_clears_the_outbox(settings, database, unique):
    topic = f"it.outbox.{unique}"
    await ensure_topics(settings, [TopicSpec(topic)])
    outbox = OutboxCollection(database["applications"])
    records = [
        to_record(ApplicationSubmitted(**COMMON, sequence=1, occurred_at=AT), topic=topic, source="/it"),
        to_record(ApplicationRouted(**COMMON, sequence=2, occurred_at=AT), topic=topic, source="/it"),
    ]
    await outbox.insert({"_id": "app-1", "state": "routed"}, records)

    broker = make_broker(settings)
    await broker.start()
    relay = OutboxRelay(broker, [outbox], poll_interval=0.2, slow_after=5.0)
    await relay.start()
    try:
        published = await eventually(lambda: at_least(settings.kafka_bootstrap_servers, topic, 2))
        assert [dict(r.headers)["ce_id"].decode() for r in published] == [r.event_id for r in records]
        assert all(r.key == b"app-1" for r in published)

        stored = await outbox.collection.find_one({"_id": "app-1"})
        assert stored is not None
        assert (stored["outbox"], stored[PENDING], stored["state"]) == ({}, False, "routed")

        accepted = to_record(
            ApplicationAccepted(**COMMON, sequence=3, occurred_at=AT, registration_number="СО-1"),
            topic=topic,
            source="/it",
        )
        await outbox.update("app-1", {"$set": {"state": "accepted"}}, [accepted])
        published = await eventually(lambda: at_least(settings.kafka_bootstrap_servers, topic, 3))
        assert dict(published[-1].headers)["ce_type"] == b"bg.egov.application.accepted.v1"
    finally:
        await relay.stop()
        await broker.stop()
