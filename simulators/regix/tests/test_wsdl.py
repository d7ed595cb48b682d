"""The WSDL served at `?wsdl` and `?singleWsdl`: the shipped one, its address the simulator's."""

import httpx
import pytest
import zeep
from lxml import etree

from egov_schemas.regix import wsdl_path

SOAP_ADDRESS = "{http://schemas.xmlsoap.org/wsdl/soap/}address"


@pytest.mark.parametrize("query", ["wsdl", "singleWsdl"])
async def test_the_shipped_wsdl_is_served_with_the_simulators_address(http: httpx.AsyncClient, query: str) -> None:
    response = await http.get(f"/RegiXEntryPoint.svc?{query}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    served = etree.fromstring(response.content)
    assert [address.get("location") for address in served.iter(SOAP_ADDRESS)] == [
        "http://regix.test/RegiXEntryPoint.svc"
    ]
    shipped = etree.parse(str(wsdl_path())).getroot()
    assert "https://regix.invalid/" in next(shipped.iter(SOAP_ADDRESS)).get("location", "")
    for address in shipped.iter(SOAP_ADDRESS):
        address.set("location", "http://regix.test/RegiXEntryPoint.svc")
    assert etree.tostring(served, method="c14n") == etree.tostring(shipped, method="c14n")


async def test_a_client_built_from_the_served_wsdl_calls_the_simulator(http: httpx.AsyncClient, tmp_path) -> None:
    wsdl = tmp_path / "RegiXEntryPoint.wsdl"
    wsdl.write_bytes((await http.get("/RegiXEntryPoint.svc?wsdl")).content)
    client = zeep.Client(str(wsdl))  # type: ignore[no-untyped-call]  # NOTE: zeep has no annotations
    service = client.wsdl.services["RegiXEntryPoint"]
    port = service.ports["BasicHttpBinding_IRegiXEntryPoint"]
    assert port.binding_options["address"] == "http://regix.test/RegiXEntryPoint.svc"
    assert sorted(port.binding._operations) == ["CheckResult", "Execute", "ExecuteSynchronous"]
    actions = {name: operation.soapaction for name, operation in port.binding._operations.items()}
    assert actions == {name: f"http://tempuri.org/IRegiXEntryPoint/{name}" for name in actions}


async def test_the_endpoint_without_a_query_leads_to_the_page(http: httpx.AsyncClient) -> None:
    response = await http.get("/RegiXEntryPoint.svc")
    assert response.status_code == 307
    assert response.headers["location"] == "/"
