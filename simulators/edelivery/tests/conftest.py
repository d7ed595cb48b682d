"""The simulator running in process with two senders: the platform and another administration."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from egov_e_delivery_sim.app import create_app
from egov_e_delivery_sim.settings import LOCAL_SENDER_OID, EDeliverySimSettings
from egov_e_delivery_sim.testing import InformationSystem

OTHER_OID = "2.16.100.1.1.1.1.42"
SENDERS = {LOCAL_SENDER_OID: "Платформа за електронни административни услуги", OTHER_OID: "Община Пловдив"}
SETTINGS = EDeliverySimSettings(senders=SENDERS)


@pytest.fixture
def app() -> FastAPI:
    return create_app(SETTINGS)


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://e-delivery.test") as client:
        yield client


@pytest.fixture
def platform(http: httpx.AsyncClient) -> InformationSystem:
    return InformationSystem(http, LOCAL_SENDER_OID)


@pytest.fixture
def other(http: httpx.AsyncClient) -> InformationSystem:
    return InformationSystem(http, OTHER_OID)
