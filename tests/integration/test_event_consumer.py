"""An event consumer on the real broker: bad records go to its DLQ with a reason, duplicates are
handled once, infrastructure failures are retried, and the consumer keeps going."""

import datetime as dt
import json

from pymongo.errors import AutoReconnect

from egov_schemas.lifecycle import ApplicationRouted, ApplicationSubmitted
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import EventConsumer, PermanentFailure
from egov_sdk.kafka import TopicSpec, ensure_topics, make_broker
from tests.kafka_helpers import at_least, eventually, produce

AT = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def submitted(application_id: str) -> ApplicationSubmitted:
    return ApplicationSubmitted(
        application_id=application_id,
        administration_id="sofia",
        service=2016,
        service_version=1,
        sequence=1,
        occurred_at=AT,
    )


async def test_bad_records_are_dead_lettered_and_good_ones_handled_once(settings, database, unique):
    topic, name = f"it.consumer.{unique}", f"it-consumer-{unique}"
    bootstrap = settings.kafka_bootstrap_servers
    handled: list[str] = []
    attempts: dict[str, int] = {}

    async def on_submitted(event, _delivery):
        attempts[event.application_id] = attempts.get(event.application_id, 0) + 1
        if event.application_id == "flaky" and attempts["flaky"] == 1:
            raise AutoReconnect("store went away")
        handled.append(event.application_id)

    async def on_routed(event, _delivery):
        raise PermanentFailure(f"cannot apply routed to {event.application_id}")

    broker = make_broker(settings)
    consumer = EventConsumer(
        broker,
        database,
        name=name,
        handlers={ApplicationSubmitted: on_submitted, ApplicationRouted: on_routed},
        retry_backoff_s=0.2,
    )
    consumer.subscribe(topic, description="Test events.")
    await ensure_topics(settings, [TopicSpec(topic), *consumer.topic_specs])
    await consumer.setup()
    await broker.start()
    try:
        good = to_record(submitted("a"), topic=topic, source="/it")
        await produce(bootstrap, topic, b"plain text, not an event", key=b"x")
        await produce(bootstrap, topic, good.value, key=b"a", headers={**good.headers, "ce_type": "bg.egov.nope.v1"})
        await produce(bootstrap, topic, json.dumps({"application_id": "a"}).encode(), key=b"a", headers=good.headers)
        for record in (good, good, to_record(submitted("flaky"), topic=topic, source="/it")):
            await produce(bootstrap, topic, record.value, key=record.key.encode(), headers=record.headers)
        routed = to_record(
            ApplicationRouted(
                application_id="r",
                administration_id="sofia",
                service=2016,
                service_version=1,
                sequence=2,
                occurred_at=AT,
            ),
            topic=topic,
            source="/it",
        )
        await produce(bootstrap, topic, routed.value, key=b"r", headers=routed.headers)
        last = to_record(submitted("b"), topic=topic, source="/it")
        await produce(bootstrap, topic, last.value, key=b"b", headers=last.headers)

        async def last_one_handled() -> bool:
            return "b" in handled

        await eventually(last_one_handled)
        assert handled == ["a", "flaky", "b"]
        assert attempts["flaky"] == 2

        dead = await eventually(lambda: at_least(bootstrap, f"egov.dlq.{name}", 4))
        reasons = [dict(r.headers)["x-dlq-reason"].decode() for r in dead]
        assert "missing ce_type" in reasons[0]
        assert "unknown ce_type bg.egov.nope.v1" in reasons[1]
        assert "invalid" in reasons[2]
        assert reasons[3] == "cannot apply routed to r"
        assert {dict(r.headers)["x-dlq-topic"].decode() for r in dead} == {topic}
        assert dead[0].value == b"plain text, not an event"
    finally:
        await broker.stop()
