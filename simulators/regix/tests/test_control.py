"""The simulator's own endpoints: outage, slowness, the journal of calls (personal numbers masked),
health, and its settings."""

import asyncio
import datetime as dt
import time
from typing import Any

import httpx
import pytest
import zeep

from egov_regix_sim.settings import RegixSimSettings
from egov_regix_sim.testing import deceased_egn, egn, living_egn

PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"


async def ask(regix, number: str | None = None, **changes: Any) -> Any:
    return await regix.execute_synchronous(
        PERSON, regix.argument(PERSON_REQUEST, EGN=number or living_egn()), **changes
    )


async def test_an_outage_answers_503_until_it_ends_while_health_stays_up(http: httpx.AsyncClient, regix) -> None:
    assert (await http.post("/simulator/outage", json={"seconds": 0.2})).json() == {"seconds": 0.2}
    with pytest.raises(zeep.exceptions.TransportError) as down:
        await ask(regix)
    assert down.value.status_code == 503
    wsdl = await http.get("/RegiXEntryPoint.svc?wsdl")
    assert (wsdl.status_code, wsdl.text) == (503, "RegiX is unavailable (an outage set by /simulator/outage).")
    assert (await http.get("/health/ready")).status_code == 200
    assert (await http.get("/simulator/calls")).json() == []
    await asyncio.sleep(0.25)
    assert (await ask(regix)).IsReady


async def test_slowness_delays_soap_answers_for_its_duration(http: httpx.AsyncClient, regix) -> None:
    started = await http.post("/simulator/slowness", json={"seconds": 0.5, "delay_s": 0.2})
    assert started.json() == {"seconds": 0.5, "delay_s": 0.2}
    began = time.monotonic()
    await ask(regix)
    assert time.monotonic() - began >= 0.2
    began = time.monotonic()
    assert (await http.get("/health/live")).status_code == 200
    assert time.monotonic() - began < 0.1
    await asyncio.sleep(0.5)
    began = time.monotonic()
    await ask(regix)
    assert time.monotonic() - began < 0.1


async def test_deleting_the_faults_ends_outage_and_slowness_at_once(http: httpx.AsyncClient, regix) -> None:
    await http.post("/simulator/slowness", json={"seconds": 3600, "delay_s": 5})
    await http.post("/simulator/outage", json={"seconds": 3600})
    assert (await http.post("/RegiXEntryPoint.svc", content=b"")).status_code == 503
    assert (await http.delete("/simulator/faults")).status_code == 204
    began = time.monotonic()
    assert (await ask(regix)).IsReady
    assert time.monotonic() - began < 1


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/simulator/outage", {"seconds": 0}),
        ("/simulator/outage", {"seconds": "soon"}),
        ("/simulator/outage", {"seconds": 1, "delay_s": 1}),
        ("/simulator/slowness", {"seconds": 10}),
        ("/simulator/slowness", {"seconds": 10, "delay_s": 0}),
        ("/simulator/slowness", {"seconds": 10, "delay_s": 601}),
    ],
)
async def test_faults_need_positive_durations(http: httpx.AsyncClient, path: str, body: dict[str, Any]) -> None:
    assert (await http.post(path, json=body)).status_code == 422


async def test_calls_are_listed_newest_first_with_their_call_context(http: httpx.AsyncClient, regix) -> None:
    await ask(regix, deceased_egn())
    with pytest.raises(zeep.exceptions.Fault):
        await ask(regix, "8506258486")
    calls = (await http.get("/simulator/calls")).json()
    assert [call["fault"] for call in calls] == ["Invalid EGN: EGN check digit is wrong.", None]
    newest, oldest = calls
    assert set(oldest) == {
        "soap_action", "received_at", "action", "operation", "argument", "service_call_id", "call_context",
        "citizen_egn", "employee_egn", "fault",
    }  # fmt: skip
    assert oldest["soap_action"] == "http://tempuri.org/IRegiXEntryPoint/ExecuteSynchronous"
    assert (oldest["action"], oldest["operation"]) == ("ExecuteSynchronous", PERSON)
    assert oldest["call_context"] == {
        "service_uri": "SOF-2026-000123",
        "service_type": "Административна услуга 2016",
        "employee_identifier": "handler:heirs-certificate",
        "employee_names": None,
        "employee_additional_identifier": None,
        "employee_position": None,
        "administration_oid": "2.16.100.1.1.1.1.99",
        "administration_name": "Столична община",
        "responsible_person_identifier": None,
        "law_reason": "Закон за гражданската регистрация, чл. 106",
        "remark": "Удостоверение за наследници",
    }
    assert dt.datetime.fromisoformat(oldest["received_at"]) <= dt.datetime.fromisoformat(newest["received_at"])
    assert (await http.delete("/simulator/calls")).status_code == 204
    assert (await http.get("/simulator/calls")).json() == []


async def test_no_personal_number_is_kept_whole_only_its_last_digit(http: httpx.AsyncClient, regix) -> None:
    citizen, employee, other = living_egn(), deceased_egn(), egn(dt.date(1991, 7, 7), serial=321)
    context = {"LawReason": "ЗГР", "EmployeeIdentifier": employee, "Remark": f"за {other}"}
    await ask(regix, citizen, CitizenEGN=citizen, EmployeeEGN=employee, CallContext=context)
    response = await http.get("/simulator/calls")
    for number in (citizen, employee, other):
        assert number not in response.text
    [call] = response.json()
    assert (call["citizen_egn"], call["employee_egn"]) == (f"*********{citizen[-1]}", f"*********{employee[-1]}")
    assert call["argument"] == f"*********{citizen[-1]}"
    assert call["call_context"]["employee_identifier"] == f"*********{employee[-1]}"
    assert call["call_context"]["remark"] == f"за *********{other[-1]}"


async def test_health(http: httpx.AsyncClient) -> None:
    for path in ("/health/live", "/health/ready"):
        response = await http.get(path)
        assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_settings_defaults_and_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HTTP_PORT",
        "REGIX_SIM_HTTP_HOST",
        "REGIX_SIM_HTTP_PORT",
        "REGIX_SIM_ASYNC_DELAY_S",
        "REGIX_SIM_LOG_LEVEL",
    ):
        monkeypatch.delenv(name, raising=False)
    defaults = RegixSimSettings()
    assert (defaults.http_host, defaults.http_port, defaults.async_delay_s, defaults.log_level) == (
        "127.0.0.1", 8023, 0.0, "INFO"
    )  # fmt: skip
    monkeypatch.setenv("HTTP_PORT", "9023")
    monkeypatch.setenv("REGIX_SIM_ASYNC_DELAY_S", "1.5")
    configured = RegixSimSettings()
    assert (configured.http_port, configured.async_delay_s) == (9023, 1.5)
