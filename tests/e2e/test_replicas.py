"""Two replicas of routing and of intake at once: every application completes, with each
lifecycle transition published once and each effect (state, notification) applied once."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict

import httpx

from tests.e2e.citizen import final_status, heirs_application, submit
from tests.kafka_helpers import read_topic

APPLICATIONS = 40


async def test_two_routing_and_two_intake_processes_lose_and_double_nothing(platform, stack, services):
    second_intake = platform.start_replica("intake")
    platform.start_replica("routing")
    intakes = [services["intake"], httpx.AsyncClient(base_url=second_intake, timeout=10)]
    try:
        ids = await asyncio.gather(*(submit(intakes[n % 2], heirs_application()) for n in range(APPLICATIONS)))
        finals = await asyncio.gather(*(final_status(intakes[(n + 1) % 2], i, timeout=120) for n, i in enumerate(ids)))
    finally:
        await intakes[1].aclose()
    assert {status["status"] for status in finals} == {"completed"}

    kafka = stack.kafka
    transitions: dict[str, set[int]] = defaultdict(set)
    event_ids: dict[str, set[str]] = defaultdict(set)
    for record in await read_topic(kafka, "egov.applications", timeout=4.0):
        key = (record.key or b"").decode()
        if key in ids:
            transitions[key].add(json.loads(record.value)["sequence"])
            event_ids[key].add(dict(record.headers)["ce_id"].decode())
    assert all(transitions[i] == {1, 2, 3, 4} and len(event_ids[i]) == 4 for i in ids)

    for application_id in ids:
        state = (await services["routing"].get(f"/applications/{application_id}")).json()
        assert (state["state"], state["sequence"]) == ("completed", 4)
        notified = (
            await services["notifications"].get("/notifications", params={"application_id": application_id})
        ).json()
        assert sorted(n["state"] for n in notified) == ["accepted", "completed", "routed"]
