"""Expiry of overdue requests, the simulator's own control endpoints, settings and health."""

import datetime as dt

import httpx
import pytest

from egov_pay_egov_sim.settings import LOCAL_CLIENTS, SimulatorSettings
from egov_pay_egov_sim.testing import Ais, eventually


async def test_a_pending_request_past_its_expiration_date_expires_with_a_callback(ais: Ais) -> None:
    soon = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=0.3)
    receipt = await ais.register(ExpirationDate=soon.isoformat())
    assert await ais.status(receipt["Id"]) == "Pending"
    await eventually(lambda: [p["Status"] for p in ais.receiver.payloads()] == ["Expired"])
    assert await ais.status(receipt["Id"]) == "Expired"
    assert dt.datetime.now(dt.UTC) >= soon


async def test_the_control_endpoint_expires_a_pending_request_now_and_only_then(
    ais: Ais, http: httpx.AsyncClient
) -> None:
    receipt = await ais.register()
    expired = await http.post(f"/simulator/payments/{receipt['Id']}/expire")
    assert expired.status_code == 200
    assert expired.json()["status"] == "Expired"
    assert await ais.status(receipt["Id"]) == "Expired"
    again = await http.post(f"/simulator/payments/{receipt['Id']}/expire")
    assert again.status_code == 409
    assert (await http.post("/simulator/payments/unknown/expire")).status_code == 404


async def test_the_control_endpoint_shows_the_request_and_its_callbacks(ais: Ais, http: httpx.AsyncClient) -> None:
    receipt = await ais.register()
    await http.post(f"/pay/{receipt['AccessCode']}/card")
    await eventually(lambda: len(ais.receiver.received) == 1)
    stored = (await http.get(f"/simulator/payments/{receipt['Id']}")).json()
    assert stored["status"] == "Paid"
    assert stored["status_label"] == "Получено плащане"
    assert stored["access_code"] == receipt["AccessCode"]
    assert stored["request"]["PaymentAmount"] == "12.5"
    [callback] = stored["callbacks"]
    assert (callback["status"], callback["state"], callback["url"]) == ("Paid", "Sent", ais.receiver.url)
    assert (await http.get("/simulator/payments/unknown")).status_code == 404


async def test_health(http: httpx.AsyncClient) -> None:
    for path in ("/health/live", "/health/ready"):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTP_PORT", raising=False)
    monkeypatch.delenv("PAYEGOV_SIM_CLIENTS", raising=False)
    defaults = SimulatorSettings()
    assert (defaults.http_port, defaults.clients, defaults.retry_minute_s) == (8020, LOCAL_CLIENTS, 60.0)
    monkeypatch.setenv("HTTP_PORT", "9123")
    monkeypatch.setenv("PAYEGOV_SIM_CLIENTS", '{"ais-1": "s1", "ais-2": "s2"}')
    monkeypatch.setenv("PAYEGOV_SIM_RETRY_MINUTE_S", "0.5")
    settings = SimulatorSettings()
    assert settings.http_port == 9123
    assert settings.clients == {"ais-1": "s1", "ais-2": "s2"}
    assert settings.retry_minute_s == 0.5
