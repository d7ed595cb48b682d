"""Kafka down while a citizen submits: the submission is accepted and stored, and its events are
published when Kafka returns, so the application completes."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from egov_localstack.stack import LocalStack
from tests.e2e.citizen import final_status, heirs_application, status, submit
from tests.kafka_helpers import eventually


def logged_events(log_files: list[Path]) -> list[str]:
    events = []
    for log_file in log_files:
        for line in log_file.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                events.append(json.loads(line).get("event", ""))
    return events


@pytest.mark.disruptive
async def test_submission_survives_a_kafka_outage(platform, stack, intake):
    local: LocalStack = stack.restart_after()
    # NOTE: any replica of intake may be the one whose relay takes the record.
    intake_logs = [process.log_file for process in platform.replicas("intake")]
    waits_before = logged_events(intake_logs).count("outbox_publish_waiting")
    local.stop_kafka()
    try:
        application_id = await submit(intake, heirs_application())
        assert (await status(intake, application_id))["status"] == "submitted"
        ready = await intake.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["kafka"] is False

        async def relay_is_waiting_for_kafka() -> bool:
            return logged_events(intake_logs).count("outbox_publish_waiting") > waits_before

        await eventually(relay_is_waiting_for_kafka, timeout=60)
    finally:
        local.start_kafka()

    final = await final_status(intake, application_id, timeout=120)
    assert final["status"] == "completed"
    assert [step["state"] for step in final["history"]] == ["submitted", "routed", "accepted", "completed"]
