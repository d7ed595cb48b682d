"""Every service serves Prometheus metrics on `/metrics`: FastStream's message metrics, HTTP
requests, the outbox, consumer lag, dead letters, and the time applications spend in each stage."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable

import httpx
from prometheus_client.parser import text_string_to_metric_families
from prometheus_client.samples import Sample

from tests.e2e.citizen import final_status, heirs_application, submit
from tests.kafka_helpers import produce

CONSUMERS = {
    "catalog": [],
    "intake": ["intake.status"],
    "routing": ["routing.submissions", "routing.replies"],
    "notifications": ["notifications.lifecycle"],
    "registry-gateway": ["registry-gateway.requests"],
    "workspace": ["workspace.inbox", "workspace.registry-replies"],
    "handler-sofia": ["handler.sofia"],
}
PUBLISHES = {
    "catalog": "egov.catalog",
    "intake": "egov.intake.submissions",
    "routing": "egov.applications",
    "notifications": "egov.notifications.outcomes",
    "handler-sofia": "egov.replies.sofia",
}
STAGES = {
    "routing": ["submitted_to_routed", "routed_to_decision"],
    "notifications": ["decision_to_notified"],
}


async def exposition(client: httpx.AsyncClient) -> str:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return response.text


async def scrape(client: httpx.AsyncClient) -> list[Sample]:
    text = await exposition(client)
    return [sample for family in text_string_to_metric_families(text) for sample in family.samples]


def value(samples: list[Sample], name: str, **labels: str) -> float:
    """The sum of the samples named `name` whose labels include `labels` (0 when there are none)."""
    return sum(s.value for s in samples if s.name == name and labels.items() <= s.labels.items())


def labelled(samples: list[Sample], name: str, label: str) -> set[str]:
    return {s.labels[label] for s in samples if s.name == name and label in s.labels}


async def eventually(check: Callable[[], object], timeout: float = 60.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            result = check()
            if asyncio.iscoroutine(result):
                await result
            return
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def test_every_service_serves_its_metrics(services, intake):
    before = {name: await scrape(services[name]) for name in STAGES}
    application_id = await submit(intake, heirs_application())
    assert (await final_status(intake, application_id))["status"] == "completed"

    async def stages_observed() -> None:
        for name, stages in STAGES.items():
            now = await scrape(services[name])
            for stage in stages:
                counted = value(now, "egov_stage_duration_seconds_count", stage=stage)
                assert counted > value(before[name], "egov_stage_duration_seconds_count", stage=stage), stage
                # NOTE: the SLO alerts count the observations within a bucket bound: the bounds are there.
                assert {"5.0", "60.0"} <= {
                    s.labels["le"]
                    for s in now
                    if s.name == "egov_stage_duration_seconds_bucket" and s.labels["stage"] == stage
                }

    await eventually(stages_observed)

    for name, consumers in CONSUMERS.items():
        families = {family.name for family in text_string_to_metric_families(await exposition(services[name]))}
        assert {"http_requests", "http_request_duration_seconds"} <= families, name
        samples = await scrape(services[name])
        assert value(samples, "http_requests_total", handler="/metrics") == 0, f"{name}: scrapes are not counted"
        assert any(s.name == "egov_outbox_depth" for s in samples), name
        assert any(s.name == "egov_outbox_oldest_age_seconds" for s in samples), name
        assert labelled(samples, "egov_dead_letters_total", "consumer") == set(consumers), name
        received = labelled(samples, "faststream_received_messages_total", "handler")
        assert received == set(consumers), name
        for consumer in consumers:
            assert value(samples, "faststream_received_processed_messages_total", handler=consumer) > 0, consumer
            assert labelled(samples, "egov_consumer_lag_records", "consumer") >= {consumer}, consumer
            assert value(samples, "faststream_received_processed_messages_duration_seconds_count", handler=consumer)
        if topic := PUBLISHES.get(name):
            assert value(samples, "faststream_published_messages_total", destination=topic, status="success") > 0
            assert value(samples, "faststream_published_messages_duration_seconds_count", destination=topic) > 0

    submissions = await scrape(services["intake"])
    assert value(submissions, "http_requests_total", handler="/applications", method="POST", status="2xx") > 0
    assert value(submissions, "http_request_duration_seconds_count", handler="/applications", method="POST") > 0
    routing = await scrape(services["routing"])
    assert value(routing, "faststream_received_processed_messages_total", handler="routing.replies", status="acked")
    assert labelled(routing, "egov_consumer_lag_records", "topic") >= {"egov.intake.submissions", "egov.replies.sofia"}


async def test_dead_letters_are_counted_per_consumer_and_the_outbox_and_lag_drain_to_zero(services, stack):
    before = await scrape(services["routing"])
    await produce(stack.kafka, "egov.replies.sofia", b"not an event", key=uuid.uuid4().hex.encode())

    async def counted() -> None:
        now = await scrape(services["routing"])
        dead = value(now, "egov_dead_letters_total", consumer="routing.replies")
        assert dead == value(before, "egov_dead_letters_total", consumer="routing.replies") + 1
        assert value(now, "faststream_received_processed_messages_total", handler="routing.replies", status="rejected")

    await eventually(counted)

    async def drained() -> None:
        now = await scrape(services["routing"])
        assert value(now, "egov_consumer_lag_records", consumer="routing.replies") == 0
        assert value(now, "egov_outbox_depth") == 0
        assert value(now, "egov_outbox_oldest_age_seconds") == 0

    await eventually(drained)
