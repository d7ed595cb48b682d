"""The simulator in process over httpx's ASGI transport, and a zeep client of RegiX that calls it
there (with the WSDL from `egov_schemas.regix`, as the registry gateway loads it)."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import zeep
from fastapi import FastAPI
from lxml import etree
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport

from egov_regix_sim.app import create_app
from egov_regix_sim.settings import RegixSimSettings
from egov_schemas.regix import wsdl_path

BASE_URL = "http://regix.test"
ENDPOINT = f"{BASE_URL}/RegiXEntryPoint.svc"
BINDING = "{http://tempuri.org/}BasicHttpBinding_IRegiXEntryPoint"
CONTEXT = {
    "ServiceURI": "SOF-2026-000123",
    "ServiceType": "Административна услуга 2016",
    "EmployeeIdentifier": "handler:heirs-certificate",
    "AdministrationOId": "2.16.100.1.1.1.1.99",
    "AdministrationName": "Столична община",
    "LawReason": "Закон за гражданската регистрация, чл. 106",
    "Remark": "Удостоверение за наследници",
}


class Regix:
    """Calls the simulator as a RegiX client does: zeep, the WSDL's types, SOAP 1.1."""

    def __init__(self, service: Any) -> None:
        self.service = service

    @staticmethod
    def argument(tag: str, **children: Any) -> etree._Element:
        """An argument element `{namespace}name` with children in its namespace (a dict: nested)."""
        namespace = etree.QName(tag).namespace
        root = etree.Element(tag)
        for name, value in children.items():
            if isinstance(value, dict):
                root.append(Regix.argument(f"{{{namespace}}}{name}", **value))
            else:
                etree.SubElement(root, f"{{{namespace}}}{name}").text = value
        return root

    @staticmethod
    def request(operation: str, argument: etree._Element | None, **changes: Any) -> dict[str, Any]:
        """A ServiceRequestData for `operation` with `argument`, with `changes` to its fields."""
        request = {
            "Operation": operation,
            "Argument": {"_value_1": argument},
            "CallContext": dict(CONTEXT),
            "SignResult": False,
            "ReturnAccessMatrix": False,
        }
        return {**request, **changes}

    async def execute_synchronous(self, operation: str, argument: etree._Element | None, **changes: Any) -> Any:
        return await self.service.ExecuteSynchronous(request=self.request(operation, argument, **changes))

    async def response(self, operation: str, argument: etree._Element) -> etree._Element:
        """The operation's response element, from the Data of a synchronous call's result."""
        result = await self.execute_synchronous(operation, argument)
        assert (result.IsReady, result.HasError, result.Error) == (True, False, None)
        response: etree._Element = result.Data.Response._value_1
        return response


@pytest.fixture
def app() -> FastAPI:
    return create_app(RegixSimSettings())


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE_URL) as client:
        yield client


@pytest.fixture
async def regix(http: httpx.AsyncClient) -> AsyncIterator[Regix]:
    # NOTE: zeep's constructors have no type annotations, hence the `no-untyped-call` ignores.
    transport = AsyncTransport(client=http)  # type: ignore[no-untyped-call]
    client = zeep.AsyncClient(str(wsdl_path()), transport=transport)  # type: ignore[no-untyped-call]
    yield Regix(AsyncServiceProxy(client, client.wsdl.bindings[BINDING], address=ENDPOINT))  # type: ignore[no-untyped-call]
    transport.wsdl_client.close()
