"""SOAP 1.1 as WCF's basicHttpBinding handles it: a malformed message, a wrong action, an unknown
operation, a missing LawReason or argument is a SOAP Fault with HTTP 500."""

import httpx
import pytest
import zeep
from lxml import etree

from egov_regix_sim.testing import living_egn

ACTION = "http://tempuri.org/IRegiXEntryPoint/ExecuteSynchronous"
PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"
SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"


def envelope(body: str, namespace: str = SOAP_ENV) -> bytes:
    return f'<s:Envelope xmlns:s="{namespace}"><s:Body>{body}</s:Body></s:Envelope>'.encode()


def call(law_reason: str = "<LawReason>ЗГР, чл. 106</LawReason>") -> str:
    """An ExecuteSynchronous body asking for a person, written by hand."""
    return (
        '<ExecuteSynchronous xmlns="http://tempuri.org/"><request>'
        f"<Operation>{PERSON}</Operation>"
        '<Argument><PersonDataRequest xmlns="http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest">'
        f"<EGN>{living_egn()}</EGN></PersonDataRequest></Argument>"
        f"<CallContext><ServiceURI>SOF-1</ServiceURI>{law_reason}</CallContext>"
        "<SignResult>false</SignResult><ReturnAccessMatrix>false</ReturnAccessMatrix>"
        "</request></ExecuteSynchronous>"
    )


async def post(http: httpx.AsyncClient, content: bytes, action: str | None = ACTION) -> httpx.Response:
    headers = {"Content-Type": "text/xml; charset=utf-8"} | ({} if action is None else {"SOAPAction": f'"{action}"'})
    return await http.post("/RegiXEntryPoint.svc", content=content, headers=headers)


def fault_of(response: httpx.Response) -> tuple[str | None, str | None]:
    assert response.status_code == 500
    assert response.headers["content-type"] == "text/xml; charset=utf-8"
    fault = etree.fromstring(response.content).find(f"{{{SOAP_ENV}}}Body/{{{SOAP_ENV}}}Fault")
    assert fault is not None
    return fault.findtext("faultcode"), fault.findtext("faultstring")


async def test_a_hand_written_call_is_answered(http: httpx.AsyncClient) -> None:
    response = await post(http, envelope(call()))
    assert response.status_code == 200
    answer = etree.fromstring(response.content)
    assert answer.findtext(".//{http://tempuri.org/}IsReady") == "true"
    data = answer.find(".//{http://tempuri.org/}ExecuteSynchronousResult/{http://tempuri.org/}Data")
    assert data is not None
    assert [part.tag for part in data] == [
        "{http://egov.bg/RegiX/SignedData}Request",
        "{http://egov.bg/RegiX/SignedData}Response",
    ]
    assert data[0][0].tag == PERSON_REQUEST


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not well-formed XML"),
        (b"<s:Envelope", "not well-formed XML"),
        (b"<Envelope/>", "not a SOAP 1.1 envelope"),
        (envelope(call(), namespace="http://www.w3.org/2003/05/soap-envelope"), "not a SOAP 1.1 envelope"),
        (envelope(""), "exactly one element"),
        (envelope(call() + call()), "exactly one element"),
        (
            b'<?xml version="1.0"?><!DOCTYPE s:Envelope [<!ENTITY x "xx">]>'
            + envelope(call("<LawReason>&x;</LawReason>")),
            "DOCTYPE",
        ),
        (envelope('<ExecuteSynchronous xmlns="http://tempuri.org/"/>'), "no request"),
        (envelope(call(law_reason="")), "LawReason is required"),
        (envelope(call(law_reason="<LawReason> </LawReason>")), "LawReason is required"),
        (envelope(call().replace(PERSON, "TechnoLogica.RegiX.Nowhere.APIService.INone.Nothing")), "Unknown operation"),
        (envelope(call().replace("PersonDataRequest", "PersonRequest")), "must be one"),
        (envelope(call().replace("ExecuteSynchronous", "Execute")), "not the {http://tempuri.org/}ExecuteSynchronous"),
    ],
)
async def test_a_message_that_cannot_be_answered_is_a_client_fault(
    http: httpx.AsyncClient, content: bytes, message: str
) -> None:
    code, reason = fault_of(await post(http, content))
    assert code == "s:Client"
    assert message in (reason or "")


@pytest.mark.parametrize("action", [None, "http://tempuri.org/IRegiXEntryPoint/Nothing", "ExecuteSynchronous"])
async def test_an_action_that_is_not_irregixentrypoints_is_a_fault(http: httpx.AsyncClient, action: str | None) -> None:
    _, reason = fault_of(await post(http, envelope(call()), action))
    assert f"Action '{action or ''}' cannot be processed" in (reason or "")


async def test_zeep_sees_a_fault_and_a_missing_call_context(regix) -> None:
    argument = regix.argument(PERSON_REQUEST, EGN=living_egn())
    with pytest.raises(zeep.exceptions.Fault, match="LawReason is required") as fault:
        await regix.execute_synchronous(PERSON, argument, CallContext=None)
    assert fault.value.code == "s:Client"
    with pytest.raises(zeep.exceptions.Fault, match="must be one"):
        await regix.execute_synchronous(PERSON, None, Argument=None)
