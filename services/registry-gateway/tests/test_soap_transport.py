"""The adapter as the gateway runs it, with its aiohttp transport, over real HTTP to the RegiX
simulator served by uvicorn: answers, Execute and CheckResult, an outage, a timeout."""

import asyncio
import socket
import time
from collections.abc import AsyncIterator

import httpx
import pytest
import uvicorn

from egov_registry_gateway.adapters.regix import CallContext, RegixCall, RegixClient, RegixUnavailable
from egov_regix_sim.app import create_app
from egov_regix_sim.settings import RegixSimSettings
from egov_regix_sim.testing import deceased_egn, living_egn

CONTEXT = CallContext(
    service_uri="SOF-2026-000123",
    service_type="Административна услуга 2016",
    employee_identifier="handler-sofia",
    administration_oid="000696327",
    administration_name="Столична община",
    law_reason="Закон за гражданската регистрация, чл. 106",
)


def person(egn: str) -> RegixCall:
    return RegixCall("grao.person", {"egn": egn}, CONTEXT)


@pytest.fixture
async def base_url() -> AsyncIterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(RegixSimSettings()), host="127.0.0.1", port=port, log_level="warning")
    )
    serving = asyncio.create_task(server.serve())
    for _ in range(500):  # NOTE: uvicorn says it started by a flag, not an event
        if server.started:
            break
        await asyncio.sleep(0.01)
    assert server.started
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await serving


@pytest.fixture
async def regix(base_url: str) -> AsyncIterator[RegixClient]:
    client = RegixClient(f"{base_url}/RegiXEntryPoint.svc", timeout_s=0.5)
    yield client
    await client.close()


async def test_answers_over_http(regix: RegixClient) -> None:
    alive = await regix.execute_synchronous(person(living_egn()))
    assert (alive.status, alive.data and alive.data["alive"]) == ("found", True)
    service_call_id = await regix.execute(person(deceased_egn()))
    dead = await regix.check_result(service_call_id)
    assert dead is not None
    assert (dead.status, dead.data and dead.data["alive"]) == ("found", False)


async def test_an_outage_and_a_slow_answer_are_regix_unavailable(regix: RegixClient, base_url: str) -> None:
    async with httpx.AsyncClient(base_url=base_url) as control:
        await control.post("/simulator/outage", json={"seconds": 60})
        with pytest.raises(RegixUnavailable, match="HTTP 503"):
            await regix.execute(person(living_egn()))
        await control.delete("/simulator/faults")
        await control.post("/simulator/slowness", json={"seconds": 60, "delay_s": 1.5})
        began = time.monotonic()
        with pytest.raises(RegixUnavailable, match="did not answer"):
            await regix.execute(person(living_egn()))
        assert time.monotonic() - began < 1.2
        await control.delete("/simulator/faults")
    assert (await regix.execute_synchronous(person(living_egn()))).status == "found"
