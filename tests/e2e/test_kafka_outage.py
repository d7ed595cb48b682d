"""Kafka down while a citizen submits: the submission is accepted and stored, and its events are
published when Kafka returns, so the application completes."""

from __future__ import annotations

import pytest

from egov_localstack.stack import LocalStack
from tests.e2e.citizen import final_status, heirs_application, submit


@pytest.mark.disruptive
async def test_submission_survives_a_kafka_outage(platform, stack, intake):
    local: LocalStack = stack.restart_kafka_after()
    local.stop_kafka()
    try:
        application_id = await submit(intake, heirs_application())
        status = (await intake.get(f"/applications/{application_id}")).json()
        assert status["status"] == "submitted"
        ready = await intake.get("/health/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"]["kafka"] is False
    finally:
        local.start_kafka()

    status = await final_status(intake, application_id, timeout=120)
    assert status["status"] == "completed"
    assert [step["state"] for step in status["history"]] == ["submitted", "routed", "accepted", "completed"]
