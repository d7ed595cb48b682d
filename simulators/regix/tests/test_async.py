"""Execute and CheckResult: the answer kept under its ServiceCallID (ready at once by default); an
unknown ServiceCallID is a fault."""

import httpx
import pytest
import zeep
from lxml import etree

from egov_regix_sim.testing import deceased_egn, living_egn

PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"


async def test_execute_then_check_result_gives_what_a_synchronous_call_gives(regix) -> None:
    argument = regix.argument(PERSON_REQUEST, EGN=living_egn())
    started = await regix.service.Execute(request=regix.request(PERSON, argument))
    assert (started.HasError, started.Error) == (False, None)
    other = await regix.service.Execute(
        request=regix.request(PERSON, regix.argument(PERSON_REQUEST, EGN=deceased_egn()))
    )
    assert other.ServiceCallID == started.ServiceCallID + 1
    result = await regix.service.CheckResult(argument={"ServiceCallID": started.ServiceCallID})
    assert (result.IsReady, result.HasError, result.ServiceCallID) == (True, False, started.ServiceCallID)
    synchronous = await regix.response(PERSON, regix.argument(PERSON_REQUEST, EGN=living_egn()))
    assert etree.tostring(result.Data.Response._value_1, method="c14n") == etree.tostring(synchronous, method="c14n")
    again = await regix.service.CheckResult(argument={"ServiceCallID": started.ServiceCallID})
    assert again.IsReady


async def test_an_unknown_service_call_id_is_a_fault(regix) -> None:
    with pytest.raises(zeep.exceptions.Fault, match="no asynchronous call with ServiceCallID 42"):
        await regix.service.CheckResult(argument={"ServiceCallID": 42})


async def test_execute_refuses_what_execute_synchronous_refuses(regix) -> None:
    with pytest.raises(zeep.exceptions.Fault, match="Invalid EGN"):
        await regix.service.Execute(request=regix.request(PERSON, regix.argument(PERSON_REQUEST, EGN="8506258486")))


@pytest.mark.parametrize("call_id", ["soon", "1.5", "Infinity", ""])
async def test_check_result_needs_a_whole_number(http: httpx.AsyncClient, call_id: str) -> None:
    body = (
        '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>'
        '<CheckResult xmlns="http://tempuri.org/"><argument>'
        f"<ServiceCallID>{call_id}</ServiceCallID>"
        "</argument></CheckResult></s:Body></s:Envelope>"
    )
    headers = {"SOAPAction": '"http://tempuri.org/IRegiXEntryPoint/CheckResult"'}
    response = await http.post("/RegiXEntryPoint.svc", content=body.encode(), headers=headers)
    assert response.status_code == 500
    assert "CheckResult needs a ServiceCallID (a whole number)." in response.text
