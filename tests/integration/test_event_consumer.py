"""An event consumer on the real broker and store: bad records go to its DLQ with a reason,
duplicates are handled once, infrastructure failures are retried, effects happen exactly once,
and the consumer keeps going."""

import json

from egov_schemas.lifecycle import ApplicationRouted, ApplicationSubmitted
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure
from egov_sdk.kafka import TopicSpec
from egov_sdk.runtime import ServiceRuntime
from tests.integration.events import AT, submitted
from tests.kafka_helpers import at_least, eventually, produce


async def test_bad_records_are_dead_lettered_and_good_ones_take_effect_once(settings, store, unique):
    topic, name = f"it.consumer.{unique}", f"it-consumer-{unique}"
    kafka = settings
    attempts: dict[str, int] = {}
    await store.execute("CREATE TABLE effects (application_id text NOT NULL)")

    async def on_submitted(event, _delivery):
        attempts[event.application_id] = attempts.get(event.application_id, 0) + 1
        await store.execute("INSERT INTO effects VALUES ($1)", event.application_id)
        if event.application_id == "flaky" and attempts["flaky"] == 1:
            raise ConnectionResetError("store went away")
        if event.application_id == "broken":
            raise ValueError("a bug in the handler")

    async def on_routed(event, _delivery):
        raise PermanentFailure(f"cannot apply routed to {event.application_id}")

    runtime = ServiceRuntime(settings, description="Integration test")
    consumer = runtime.consumer(name, {ApplicationSubmitted: on_submitted, ApplicationRouted: on_routed})
    consumer.subscribe(topic, description="Test events.")
    runtime.topics.append(TopicSpec(topic))
    await runtime.start()
    try:
        good = to_record(submitted("a"), topic=topic, source="/it")
        await produce(kafka, topic, b"plain text, not an event", key=b"x")
        await produce(kafka, topic, good.value, key=b"a", headers={**good.headers, "ce_type": "bg.egov.nope.v1"})
        await produce(kafka, topic, json.dumps({"application_id": "a"}).encode(), key=b"a", headers=good.headers)
        await produce(kafka, topic, good.value, key=b"a", headers={**good.headers, "ce_source": None})
        for record in (good, good, *(to_record(submitted(i), topic=topic, source="/it") for i in ("flaky", "broken"))):
            await produce(kafka, topic, record.value, key=record.key, headers=record.headers)
        routed = to_record(
            ApplicationRouted(
                application_id="r",
                reference="7K3M-9QXP-4",
                administration_id="sofia",
                service=2016,
                service_version=1,
                sequence=2,
                occurred_at=AT,
            ),
            topic=topic,
            source="/it",
        )
        await produce(kafka, topic, routed.value, key=b"r", headers=routed.headers)
        last = to_record(submitted("b"), topic=topic, source="/it")
        await produce(kafka, topic, last.value, key=b"b", headers=last.headers)

        async def effects() -> list[str] | None:
            rows = await store.fetch("SELECT application_id FROM effects ORDER BY application_id")
            found = [row["application_id"] for row in rows]
            return found if "b" in found else None

        # NOTE: the failed attempts' inserts were rolled back with them: each effect is there once.
        assert await eventually(effects) == ["a", "b", "flaky"]
        # NOTE: retried after the transient failure (and again with its batch when another
        # record of the batch failed for good), its effect kept once.
        assert attempts["flaky"] >= 2

        dead = await eventually(lambda: at_least(kafka, f"egov.dlq.{name}", 6))
        reasons = [dict(r.headers)["x-dlq-reason"].decode() for r in dead]
        assert "missing ce_type" in reasons[0]
        assert "unknown ce_type bg.egov.nope.v1" in reasons[1]
        assert "invalid" in reasons[2]
        assert reasons[3] == "header ce_source has no value"
        assert reasons[4] == "ValueError: a bug in the handler"
        assert reasons[5] == "cannot apply routed to r"
        assert {dict(r.headers)["x-dlq-topic"].decode() for r in dead} == {topic}
        assert dead[0].value == b"plain text, not an event"
        handled = await store.fetch("SELECT event_id FROM processed_events WHERE consumer = $1", name)
        assert sorted(row["event_id"] for row in handled) == sorted(submitted(i).event_id for i in ("a", "b", "flaky"))
    finally:
        await runtime.stop()


async def test_events_another_reader_wants_are_passed_over_unclaimed(settings, store, unique):
    """Two readers of one topic (a handler and the workspace on an inbox): each consumer's `wanted`
    passes over the other's events, which it neither handles nor records as handled."""
    topic, name = f"it.wanted.{unique}", f"it-wanted-{unique}"
    seen: list[str] = []

    async def on_submitted(event, _delivery):
        seen.append(event.application_id)

    runtime = ServiceRuntime(settings, description="Integration test")

    def mine(event: object) -> bool:
        return isinstance(event, ApplicationSubmitted) and event.application_id.startswith("mine")

    consumer = runtime.consumer(name, {ApplicationSubmitted: on_submitted}, wanted=mine)
    consumer.subscribe(topic, description="Test events.")
    runtime.topics.append(TopicSpec(topic))
    await runtime.start()
    try:
        for application_id in ("theirs-1", "mine-1", "theirs-2", "theirs-3", "mine-2"):
            record = to_record(submitted(application_id), topic=topic, source="/it")
            await produce(settings, topic, record.value, key=record.key, headers=record.headers)

        async def both() -> list[str] | None:
            return seen if "mine-2" in seen else None

        assert await eventually(both) == ["mine-1", "mine-2"]
        handled = await store.fetch("SELECT event_id FROM processed_events WHERE consumer = $1", name)
        assert sorted(row["event_id"] for row in handled) == sorted(submitted(i).event_id for i in ("mine-1", "mine-2"))
    finally:
        await runtime.stop()
