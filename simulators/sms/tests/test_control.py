"""The simulator's own endpoints: the inbox, outages, refused numbers, health and settings."""

import asyncio
from typing import Any

import httpx
import pytest

from egov_sms_sim.settings import LOCAL_CLIENTS, SmsSimSettings

IVAN, MARIA = "+359888123456", "+359899654321"
FIELDS = {"msg_id", "msisdn", "sc", "text", "service_id", "priority", "received_at", "parts", "encoding", "api_key"}


async def test_messages_are_listed_newest_first_and_filtered_by_msisdn(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    for msisdn, text in [(IVAN, "първо"), (MARIA, "второ"), (IVAN, "трето")]:
        assert (await http.post("/bulknew", json={**sms, "msisdn": msisdn, "text": text})).status_code == 200
    everything = (await http.get("/simulator/messages")).json()
    assert [message["text"] for message in everything] == ["трето", "второ", "първо"]
    assert set(everything[0]) == FIELDS
    assert (everything[0]["sc"], everything[0]["service_id"], everything[0]["priority"]) == ("1917", 7, None)
    ivans = (await http.get("/simulator/messages", params={"msisdn": IVAN})).json()
    assert [message["text"] for message in ivans] == ["трето", "първо"]
    # NOTE: a "+" typed unencoded in a query string arrives as a space; the filter still finds the number.
    assert (await http.get(f"/simulator/messages?msisdn={MARIA}")).json()[0]["text"] == "второ"
    assert (await http.get("/simulator/messages", params={"msisdn": "+359000000000"})).json() == []
    assert (await http.delete("/simulator/messages")).status_code == 204
    assert (await http.get("/simulator/messages")).json() == []


async def test_an_outage_answers_503_until_it_ends_while_health_stays_up(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    started = await http.post("/simulator/outage", json={"seconds": 0.2})
    assert started.json() == {"seconds": 0.2}
    down = await http.post("/bulknew", json=sms)
    assert down.status_code == 503
    assert down.json()["code"] == 503
    assert "outage" in down.json()["message"]
    assert (await http.get("/health/ready")).status_code == 200
    await asyncio.sleep(0.25)
    assert (await http.post("/bulknew", json=sms)).status_code == 200
    assert len((await http.get("/simulator/messages")).json()) == 1


async def test_an_outage_can_be_ended_at_once(http: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    await http.post("/simulator/outage", json={"seconds": 3600})
    assert (await http.post("/bulknew", json=sms)).status_code == 503
    assert (await http.delete("/simulator/outage")).status_code == 204
    assert (await http.post("/bulknew", json=sms)).status_code == 200


@pytest.mark.parametrize("seconds", [0, -1, "soon"])
async def test_an_outage_needs_a_positive_duration(http: httpx.AsyncClient, seconds: Any) -> None:
    assert (await http.post("/simulator/outage", json={"seconds": seconds})).status_code == 422


async def test_a_fault_refuses_its_number_only_until_the_faults_are_cleared(
    http: httpx.AsyncClient, sms: dict[str, Any]
) -> None:
    refused = await http.post("/simulator/faults", json={"msisdn": IVAN, "code": 403})
    assert refused.json() == {"faults": {IVAN: 403}}
    answer = await http.post("/bulknew", json={**sms, "msisdn": IVAN})
    assert answer.status_code == 403
    assert answer.json()["code"] == 403
    assert IVAN in answer.json()["message"]
    assert (await http.post("/bulknew", json={**sms, "msisdn": MARIA})).status_code == 200
    await http.post("/simulator/faults", json={"msisdn": MARIA, "code": 400})
    assert (await http.post("/bulknew", json={**sms, "msisdn": MARIA})).status_code == 400
    assert [message["msisdn"] for message in (await http.get("/simulator/messages")).json()] == [MARIA]
    assert (await http.delete("/simulator/faults")).status_code == 204
    for msisdn in (IVAN, MARIA):
        assert (await http.post("/bulknew", json={**sms, "msisdn": msisdn})).status_code == 200


async def test_a_faulted_number_is_still_authenticated_first(unsigned: httpx.AsyncClient, sms: dict[str, Any]) -> None:
    await unsigned.post("/simulator/faults", json={"msisdn": IVAN, "code": 403})
    assert (await unsigned.post("/bulknew", json=sms)).status_code == 401


@pytest.mark.parametrize("fault", [{"msisdn": IVAN, "code": 200}, {"msisdn": IVAN, "code": 600}, {"msisdn": "0888"}])
async def test_a_fault_needs_a_number_and_an_error_status(http: httpx.AsyncClient, fault: dict[str, Any]) -> None:
    assert (await http.post("/simulator/faults", json={"code": 403, **fault})).status_code == 422


async def test_health(http: httpx.AsyncClient) -> None:
    for path in ("/health/live", "/health/ready"):
        response = await http.get(path)
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}


def test_settings_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PORT", "SMS_SIM_HTTP_HOST", "SMS_SIM_HTTP_PORT", "SMS_SIM_CLIENTS", "SMS_SIM_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    defaults = SmsSimSettings()
    assert (defaults.http_host, defaults.http_port, defaults.clients) == ("127.0.0.1", 8022, LOCAL_CLIENTS)
    monkeypatch.setenv("HTTP_PORT", "9022")
    monkeypatch.setenv("SMS_SIM_CLIENTS", '{"key": "secret"}')
    monkeypatch.setenv("SMS_SIM_LOG_LEVEL", "DEBUG")
    configured = SmsSimSettings()
    assert (configured.http_port, configured.clients, configured.log_level) == (9022, {"key": "secret"}, "DEBUG")
