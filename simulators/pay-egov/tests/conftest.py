"""The simulator running in process with two AIS clients, a callback receiver and a signing AIS."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from egov_pay_egov_sim.settings import SimulatorSettings
from egov_pay_egov_sim.testing import Ais, CallbackReceiver, started

CLIENTS = {"egov-platform": "platform-secret", "other-ais": "other-secret"}
SETTINGS = SimulatorSettings(clients=CLIENTS, retry_minute_s=0.01, expiry_check_interval_s=0.02)


@pytest.fixture
def receiver() -> CallbackReceiver:
    return CallbackReceiver()


@pytest.fixture
async def app(receiver: CallbackReceiver) -> AsyncIterator[FastAPI]:
    async with started(SETTINGS, receiver) as app:
        yield app


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pay-egov.test") as client:
        yield client


@pytest.fixture
def ais(http: httpx.AsyncClient, receiver: CallbackReceiver) -> Ais:
    return Ais(http, receiver, CLIENTS, "egov-platform")
