"""The simulator in process with two API clients, and an HTTP client that signs /bulknew calls."""

from collections.abc import AsyncIterator, Generator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from egov_sms_sim.app import create_app
from egov_sms_sim.settings import SmsSimSettings
from egov_sms_sim.signing import sign

CLIENTS = {"notifications": "notifications-secret", "other-service": "other-secret"}
SETTINGS = SmsSimSettings(clients=CLIENTS)
BASE_URL = "http://sms.test"


class SigningAuth(httpx.Auth):
    """Signs each /bulknew call as a msghub client does, with the key in `x-api-key` ("notifications"
    if none; a made-up secret for a key the simulator does not know), unless `x-api-sign` is set."""

    requires_request_body = True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if request.url.path == "/bulknew" and "x-api-sign" not in request.headers:
            key = request.headers.setdefault("x-api-key", "notifications")
            request.headers["x-api-sign"] = sign(CLIENTS.get(key, "not-the-secret"), request.content)
        yield request


@pytest.fixture
def app() -> FastAPI:
    return create_app(SETTINGS)


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL, auth=SigningAuth()) as client:
        yield client


@pytest.fixture
async def unsigned(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
def sms() -> dict[str, Any]:
    """A valid /bulknew body: a one-time code in Bulgarian."""
    return {"msisdn": "+359888123456", "sc": "1917", "text": "Вашият код за вход е 123456", "service_id": 7}
