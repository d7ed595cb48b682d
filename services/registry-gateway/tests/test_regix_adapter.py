"""The RegiX adapter against the RegiX simulator in process (over httpx's ASGI transport): each
operation's data in the platform's shape, not found, faults, Execute and CheckResult, and RegiX
not answering (an outage, a timeout, a refused connection)."""

import asyncio
import datetime as dt
import socket
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from egov_registry_gateway.adapters.regix import CallContext, RegixCall, RegixClient, RegixError, RegixUnavailable
from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_regix_sim.app import create_app
from egov_regix_sim.companies import company
from egov_regix_sim.nra_obligations import owed_bgn
from egov_regix_sim.people import person
from egov_regix_sim.settings import RegixSimSettings
from egov_regix_sim.testing import deceased_egn, egn, known_eik, living_egn, received_calls, unknown_egn, unknown_eik
from egov_schemas.identifiers import validate_eik
from egov_schemas.registry import RegistryOperation

BASE_URL = "http://regix.test"
ENDPOINT = f"{BASE_URL}/RegiXEntryPoint.svc"
CONTEXT = CallContext(
    service_uri="SOF-2026-000123",
    service_type="Административна услуга 2016",
    employee_identifier="handler:heirs-certificate",
    administration_oid="2.16.100.1.1.1.1.99",
    administration_name="Столична община",
    law_reason="Закон за гражданската регистрация, чл. 106",
    remark="Удостоверение за наследници",
)
EKATTE = {
    "68134": "гр. София",
    "56784": "гр. Пловдив",
    "10135": "гр. Варна",
    "07079": "гр. Бургас",
    "63427": "гр. Русе",
}


def call(operation: RegistryOperation, **arguments: str) -> RegixCall:
    return RegixCall(operation, arguments, CONTEXT)


@pytest.fixture
def simulator() -> FastAPI:
    return create_app(RegixSimSettings())


@pytest.fixture
async def http(simulator: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def regix(http: httpx.AsyncClient) -> AsyncIterator[RegixClient]:
    client = RegixClient(ENDPOINT, timeout_s=2, http=http)
    yield client
    await client.close()


async def calls_made(simulator: FastAPI) -> list[dict[str, object]]:
    return await received_calls(BASE_URL, transport=httpx.ASGITransport(app=simulator))


async def test_a_living_persons_data(regix: RegixClient) -> None:
    number = egn(dt.date(1985, 6, 21), serial=134)
    answer = await regix.execute_synchronous(call("grao.person", egn=number))
    found = person(number)
    assert found is not None
    assert answer == RegistryAnswer(
        "found",
        {
            "names": {"first": found.first_name, "surname": found.surname, "family": found.family_name},
            "gender": "male",
            "birth_date": "1985-06-21",
            "birth_place": found.birth_place,
            "nationality": "BG",
            "alive": True,
            "death_date": None,
        },
    )


async def test_a_dead_woman_is_not_alive_and_has_a_death_date(regix: RegixClient) -> None:
    answer = await regix.execute_synchronous(call("grao.person", egn=egn(dt.date(1931, 8, 9), serial=135)))
    assert answer.data is not None
    assert (answer.status, answer.data["gender"], answer.data["alive"]) == ("found", "female", False)
    assert "1992-01-01" <= answer.data["death_date"] < "2025-01-01"
    dead = await regix.execute_synchronous(call("grao.person", egn=deceased_egn()))
    assert dead.data is not None
    assert dead.data["alive"] is False


async def test_nobody_is_not_found_and_an_invalid_egn_is_an_error(regix: RegixClient) -> None:
    assert await regix.execute_synchronous(call("grao.person", egn=unknown_egn())) == RegistryAnswer("not_found")
    invalid = await regix.execute_synchronous(call("grao.person", egn="8506258486"))
    assert invalid == RegistryAnswer("error", error="Invalid EGN: EGN check digit is wrong.")


async def test_a_permanent_address(regix: RegixClient) -> None:
    answer = await regix.execute_synchronous(call("grao.permanent_address", egn=living_egn()))
    assert answer.status == "found"
    assert answer.data is not None
    assert set(answer.data) == {
        "district", "municipality", "settlement", "ekatte", "street", "number", "entrance", "floor", "apartment",
        "from_date",
    }  # fmt: skip
    assert EKATTE[answer.data["ekatte"]] == answer.data["settlement"]
    assert answer.data["street"]
    assert "1985-06-21" <= answer.data["from_date"] <= dt.date.today().isoformat()
    nobody = await regix.execute_synchronous(call("grao.permanent_address", egn=unknown_egn()))
    assert nobody == RegistryAnswer("not_found")


async def test_a_house_has_no_entrance_floor_or_apartment(regix: RegixClient) -> None:
    layouts = set()
    for serial in range(100, 130):
        answer = await regix.execute_synchronous(call("grao.permanent_address", egn=egn(dt.date(1960, 5, 5), serial)))
        assert answer.data is not None
        layouts.add(tuple(answer.data[part] is None for part in ("entrance", "floor", "apartment")))
    assert layouts == {(True, True, True), (False, False, False)}


async def test_a_companys_actual_state(regix: RegixClient) -> None:
    eik = known_eik()
    trader = company(eik)
    assert trader is not None
    answer = await regix.execute_synchronous(call("commercial_register.actual_state", eik=eik))
    assert answer.status == "found"
    assert answer.data is not None
    seat = answer.data.pop("seat")
    assert answer.data == {
        "eik": eik,
        "name": trader.name,
        "legal_form": trader.legal_form,
        "status": "active",
        "registered_at": trader.registered_at.date().isoformat(),
    }
    assert seat == {
        "country": "БЪЛГАРИЯ",
        "district": trader.seat.district,
        "municipality": trader.seat.municipality,
        "settlement": trader.seat.settlement,
        "ekatte": trader.seat.ekatte,
        "post_code": trader.seat.post_code,
        "housing_estate": None,
        "street": trader.street,
        "number": trader.street_number,
        "block": None,
        "entrance": None,
        "floor": None,
        "apartment": None,
    }


async def test_a_companys_status_says_if_it_is_closed_in_liquidation_or_insolvent(regix: RegixClient) -> None:
    statuses = {}
    for base in range(30_000_000, 30_000_400):
        eik = next(f"{base:08d}{digit}" for digit in "0123456789" if _valid_eik(f"{base:08d}{digit}"))
        trader = company(eik)
        if trader is not None:
            key = (trader.deed_status, trader.liquidation_or_insolvency)
            if key not in statuses:
                answer = await regix.execute_synchronous(call("commercial_register.actual_state", eik=eik))
                assert answer.data is not None
                statuses[key] = answer.data["status"]
    assert statuses == {
        ("N", None): "active",
        ("C", None): "closed",
        ("N", "Liquidation"): "in_liquidation",
        ("N", "Insolvency"): "insolvent",
    }


def _valid_eik(eik: str) -> bool:
    try:
        validate_eik(eik)
    except ValueError:
        return False
    return True


async def test_an_unregistered_company_is_not_found_and_an_invalid_eik_is_an_error(regix: RegixClient) -> None:
    unknown = await regix.execute_synchronous(call("commercial_register.actual_state", eik=unknown_eik()))
    assert unknown == RegistryAnswer("not_found")
    invalid = await regix.execute_synchronous(call("commercial_register.actual_state", eik="12345"))
    assert invalid.status == "error"
    assert "Invalid EIK" in (invalid.error or "")


async def test_obligations_by_egn_or_eik(regix: RegixClient) -> None:
    people = [egn(dt.date(1975, 1, 1) + dt.timedelta(days=day), serial=101) for day in range(12)]
    for number in people:
        found = person(number)
        assert found is not None
        answer = await regix.execute_synchronous(call("nra.obligations", egn=number))
        assert answer == RegistryAnswer("found", {"has_obligations": owed_bgn(number) > 0, "name": found.full_name()})
    assert len({owed_bgn(number) > 0 for number in people}) == 2
    trader = company(known_eik())
    assert trader is not None
    by_eik = await regix.execute_synchronous(call("nra.obligations", eik=known_eik()))
    assert by_eik == RegistryAnswer("found", {"has_obligations": owed_bgn(known_eik()) > 0, "name": trader.name})
    assert await regix.execute_synchronous(call("nra.obligations", egn=unknown_egn())) == RegistryAnswer("not_found")


@pytest.mark.parametrize(
    ("operation", "arguments", "error"),
    [
        ("grao.person", {}, "grao.person: the argument 'egn' is required"),
        ("commercial_register.actual_state", {"egn": "7501010010"}, "the argument 'eik' is required"),
        ("nra.obligations", {}, "one of the arguments 'egn' or 'eik' is required"),
        ("nra.obligations", {"egn": "7501010010", "eik": "000696327"}, "one of the arguments 'egn' or 'eik'"),
    ],
)
async def test_arguments_that_do_not_fit_are_an_error_without_a_call(
    regix: RegixClient, simulator: FastAPI, operation: RegistryOperation, arguments: dict[str, str], error: str
) -> None:
    answer = await regix.execute_synchronous(RegixCall(operation, arguments, CONTEXT))
    assert answer.status == "error"
    assert error in (answer.error or "")
    assert await calls_made(simulator) == []


async def test_the_call_context_reaches_regix(regix: RegixClient, simulator: FastAPI) -> None:
    employee = egn(dt.date(1980, 2, 2), serial=202)
    await regix.execute_synchronous(
        RegixCall("grao.person", {"egn": living_egn()}, CONTEXT, citizen_egn=living_egn(), employee_egn=employee)
    )
    [made] = await calls_made(simulator)
    assert (made["soap_action"], made["operation"]) == (
        "http://tempuri.org/IRegiXEntryPoint/ExecuteSynchronous",
        "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch",
    )
    assert made["call_context"] == {
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
    assert (made["citizen_egn"], made["employee_egn"]) == (f"*********{living_egn()[-1]}", f"*********{employee[-1]}")


async def test_execute_then_check_result(regix: RegixClient) -> None:
    service_call_id = await regix.execute(call("grao.person", egn=deceased_egn()))
    assert service_call_id.isdigit()
    assert await regix.check_result(service_call_id) == await regix.execute_synchronous(
        call("grao.person", egn=deceased_egn())
    )
    other = await regix.execute(call("commercial_register.actual_state", eik=unknown_eik()))
    assert await regix.check_result(other) == RegistryAnswer("not_found")


async def test_check_result_of_an_unknown_call_is_an_error(regix: RegixClient) -> None:
    unknown = await regix.check_result("42")
    assert unknown == RegistryAnswer("error", error="There is no asynchronous call with ServiceCallID 42.")
    assert await regix.check_result("soon") == RegistryAnswer("error", error="'soon' is not a RegiX ServiceCallID")


async def test_a_refused_execute_raises_with_regixs_reason(regix: RegixClient, simulator: FastAPI) -> None:
    with pytest.raises(RegixError, match=r"^Invalid EGN: EGN check digit is wrong\.$"):
        await regix.execute(call("grao.person", egn="8506258486"))
    assert [made["action"] for made in await calls_made(simulator)] == ["Execute"]
    with pytest.raises(RegixError, match=r"^grao\.person: the argument 'egn' is required$"):
        await regix.execute(call("grao.person"))


async def test_check_result_is_none_until_regix_is_ready() -> None:
    simulator = create_app(RegixSimSettings(async_delay_s=0.2))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=simulator), base_url=BASE_URL) as http:
        regix = RegixClient(ENDPOINT, timeout_s=2, http=http)
        service_call_id = await regix.execute(call("grao.person", egn=living_egn()))
        assert await regix.check_result(service_call_id) is None
        await asyncio.sleep(0.25)
        answer = await regix.check_result(service_call_id)
        assert answer is not None
        assert answer.status == "found"
        await regix.close()


async def test_an_outage_is_regix_unavailable(regix: RegixClient, http: httpx.AsyncClient) -> None:
    service_call_id = await regix.execute(call("grao.person", egn=living_egn()))
    await http.post("/simulator/outage", json={"seconds": 60})
    with pytest.raises(RegixUnavailable, match="HTTP 503"):
        await regix.execute_synchronous(call("grao.person", egn=living_egn()))
    with pytest.raises(RegixUnavailable):
        await regix.execute(call("grao.person", egn=living_egn()))
    with pytest.raises(RegixUnavailable):
        await regix.check_result(service_call_id)
    await http.delete("/simulator/faults")
    assert (await regix.execute_synchronous(call("grao.person", egn=living_egn()))).status == "found"


async def test_an_answer_slower_than_the_timeout_is_regix_unavailable(http: httpx.AsyncClient) -> None:
    regix = RegixClient(ENDPOINT, timeout_s=0.2, http=http)
    await http.post("/simulator/slowness", json={"seconds": 60, "delay_s": 5})
    began = time.monotonic()
    with pytest.raises(RegixUnavailable, match=r"did not answer: TimeoutError \(calls end within 0\.2 s\)"):
        await regix.execute_synchronous(call("grao.person", egn=living_egn()))
    assert time.monotonic() - began < 1
    await regix.close()


async def test_a_refused_connection_is_regix_unavailable() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    regix = RegixClient(f"http://127.0.0.1:{port}/RegiXEntryPoint.svc", timeout_s=2)
    with pytest.raises(RegixUnavailable, match="RegiX did not answer: ClientConnectorError"):
        await regix.execute_synchronous(call("grao.person", egn=living_egn()))
    await regix.close()


async def test_a_wrong_address_is_an_error_not_an_outage(http: httpx.AsyncClient) -> None:
    regix = RegixClient(f"{BASE_URL}/Nowhere.svc", timeout_s=2, http=http)
    answer = await regix.execute_synchronous(call("grao.person", egn=living_egn()))
    assert answer == RegistryAnswer("error", error="RegiX answered HTTP 404 without a SOAP answer")
    await regix.close()
