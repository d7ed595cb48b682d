"""PostgreSQL stopped and started again while citizens submit: a submission that cannot be
stored is answered 503 (problem+json), and every one that was acknowledged completes."""

from __future__ import annotations

import asyncio
import contextlib

import httpx
import pytest

from egov_localstack.stack import LocalStack
from tests.e2e.citizen import final_status, heirs_application, remember

OUTAGE_S = 5.0


@pytest.mark.disruptive
async def test_applications_acknowledged_around_a_store_outage_all_complete(platform, stack, intake):
    local: LocalStack = stack.restart_after()
    acknowledged: list[str] = []
    refused: list[httpx.Response] = []
    stop = asyncio.Event()

    async def citizens() -> None:
        while not stop.is_set():
            with contextlib.suppress(httpx.TransportError):
                response = await intake.post("/applications", json=heirs_application())
                if response.status_code == 202:
                    acknowledged.append(remember(response))
                else:
                    refused.append(response)
            await asyncio.sleep(0.05)

    flowing = asyncio.create_task(citizens())
    try:
        await asyncio.sleep(1.0)
        await asyncio.to_thread(local.stop_postgres)
        await asyncio.sleep(OUTAGE_S)
        await asyncio.to_thread(local.start_postgres)
        await asyncio.sleep(2.0)
    finally:
        stop.set()
        await flowing

    assert refused, "no submission was made while the store was down"
    assert {r.status_code for r in refused} == {503}
    assert all(r.headers["content-type"] == "application/problem+json" for r in refused)
    assert len(acknowledged) > 10
    for application_id in acknowledged:
        assert (await final_status(intake, application_id, timeout=120))["status"] == "completed"
