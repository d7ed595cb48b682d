"""For tests that run the simulator in their own process: a receiver of its callbacks, the app
with its lifespan entered (so expiry runs and callbacks are delivered), and an AIS that signs
its calls."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from egov_pay_egov_sim import envelope
from egov_pay_egov_sim.app import create_app
from egov_pay_egov_sim.settings import SimulatorSettings


class CallbackReceiver:
    """An ASGI app that records every callback posted to it and answers from `answers` in turn
    (a status and a JSON body, or a text body), then `{"success": true}`."""

    url = "http://receiver.test/callback"

    def __init__(self) -> None:
        self.received: list[dict[str, str]] = []
        self.answers: deque[tuple[int, Any]] = deque()
        self.app = FastAPI()
        self.app.add_api_route("/callback", self._callback, methods=["POST"])

    async def _callback(self, request: Request) -> Response:
        form = await request.form()
        self.received.append({name: str(value) for name, value in form.items()})
        status, body = self.answers.popleft() if self.answers else (200, {"success": True})
        if isinstance(body, str):
            return PlainTextResponse(body, status_code=status)
        return JSONResponse(body, status_code=status)

    def payloads(self) -> list[dict[str, Any]]:
        """The decoded `Data` of every callback received, in order."""
        return [envelope.decode(form["Data"]) for form in self.received]


@contextlib.asynccontextmanager
async def started(settings: SimulatorSettings, receiver: CallbackReceiver | None = None) -> AsyncIterator[FastAPI]:
    """The simulator's app, running, with its callbacks sent to `receiver` (whatever their URL)."""
    transport = httpx.ASGITransport(app=receiver.app) if receiver is not None else None
    app = create_app(settings, callback_transport=transport)
    async with app.router.lifespan_context(app):
        yield app


async def eventually(check: Callable[[], bool], timeout_s: float = 5.0) -> None:
    """Wait until `check()` holds; AssertionError if it does not within `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout_s} s")
        await asyncio.sleep(0.01)


class Ais:
    """Calls the simulator as an AIS would, every call sealed with its client's secret."""

    def __init__(
        self, http: httpx.AsyncClient, receiver: CallbackReceiver, clients: Mapping[str, str], client_id: str
    ) -> None:
        self.http = http
        self.receiver = receiver
        self.clients = clients
        self.client_id = client_id
        self.secret = clients[client_id]

    async def call(self, path: str, payload: Any, *, client_id: str | None = None, **form: str) -> httpx.Response:
        caller = client_id or self.client_id
        sealed = envelope.seal(caller, self.clients.get(caller, "not a client"), payload)
        return await self.http.post(path, data={**sealed, **form})

    def order(self, **changes: Any) -> dict[str, Any]:
        """A valid paymentJsonExtended order notifying the receiver, with `changes` (`...` drops a field)."""
        now = dt.datetime.now(dt.UTC)
        order = {
            "AisPaymentId": f"payment-{uuid.uuid4()}",
            "EserviceClientId": "sofia-municipality",
            "Currency": "BGN",
            "PaymentAmount": 12.5,
            "PaymentReason": "Такса за удостоверение за наследници",
            "ApplicantUinTypeId": 1,
            "ApplicantUin": "7501010010",
            "ApplicantName": "Иван Петров Иванов",
            "PaymentReferenceType": "9",
            "PaymentReferenceNumber": "SOF-2026-000123",
            "PaymentReferenceDate": now.date().isoformat(),
            "ExpirationDate": (now + dt.timedelta(days=7)).isoformat(),
            "AdministrativeServiceUri": "2016",
            "AdministrativeServiceSupplierUri": "000696327",
            "AdministrativeServiceNotificationURL": self.receiver.url,
        }
        return {name: value for name, value in {**order, **changes}.items() if value is not ...}

    async def register(self, **changes: Any) -> dict[str, Any]:
        """The AcceptedReceiptJson of a valid order (with `changes`); AssertionError if refused."""
        response = await self.call("/api/v1/eService/paymentJsonExtended", self.order(**changes))
        body = response.json()
        assert response.status_code == 200, response.text
        assert body["UnacceptedReceiptJson"] is None, body
        receipt: dict[str, Any] = body["AcceptedReceiptJson"]
        return receipt

    async def status(self, request_id: str) -> str:
        response = await self.call("/api/v1/eService/paymentsStatus", {"requestIds": [request_id]})
        status: str = response.json()["PaymentStatuses"][0]["Status"]
        return status
