"""The registry gateway's RegiX client: IRegiXEntryPoint over SOAP 1.1 (zeep on httpx), with the
WSDL loaded from `egov_schemas.regix` and the service address set by the caller.

What each of our operations asks RegiX (its operations' names shortened: they are
`TechnoLogica.RegiX.<adapter>.APIService.<name>`), and the data it answers with (ISO dates; a part the register
leaves out is None):

| Ours | RegiX's operation | Arguments | Data |
|---|---|---|---|
| `grao.person` | GraoNBDAdapter `INBDAPI.PersonDataSearch` | `egn` → `EGN` | (1) |
| `grao.permanent_address` | GraoPNAAdapter `IPNAAPI.PermanentAddressSearch` | `egn` → `EGN`, `SearchDate` today | (2) |
| `commercial_register.actual_state` | AVTRAdapter `ITRAPI.GetActualStateV3` | `eik` → `UIC` | (3) |
| `nra.obligations` | NRAObligatedPersonsAdapter `INRAObligatedPersonsAPI.GetObligatedPersons` | `egn`/`eik` | (4) |

(1) `names{first, surname, family}` ← `PersonNames{FirstName, SurName, FamilyName}`; `gender` ← `GenderCode`
    (1 `male`, 2 `female`); `birth_date` ← `BirthDate`; `birth_place` ← `PlaceBirth`; `nationality` ←
    `NationalityCode` (e.g. `BG`); `death_date` ← `DeathDate`; `alive`: no `DeathDate`.
(2) `district`, `municipality`, `settlement` ← `DistrictName`, `MunicipalityName`, `SettlementName`; `ekatte` ←
    `SettlementCode`; `street` ← `LocationName`; `number` ← `BuildingNumber`; `entrance`, `floor`, `apartment`;
    `from_date` ← `FromDate`.
(3) `eik`, `name`, `legal_form` ← `Deed/{UIC, CompanyName, LegalForm}`; `status` (`active`, `in_liquidation`,
    `insolvent`, `closed`) ← `DeedStatus`, `LiquidationOrInsolvency`; `seat{country, district, municipality,
    settlement, ekatte, post_code, housing_estate, street, number, block, entrance, floor, apartment}` ← the
    `Seat/Address` of record 00050; `registered_at` ← when the EIK was entered (record 00010).
(4) `has_obligations` ← `ObligationStatus` PRESENT (asked with `Identity{ID, TYPE EGN or Bulstat}` and
    `Threshold` 0); `name` ← `Name`. NOTE: RegiX's NRA operation says only whether public obligations above a
    threshold exist, never what they are or how much: no list of obligations or total can be had through RegiX.

Not found (`RegistryAnswer("not_found")`): GRAO's empty response element, the Commercial
Register's `DataFound` false, the NRA's answer without an `ObligationStatus`. A SOAP Fault (bad
input: an invalid EGN, an unknown operation) or an error RegiX reports is `RegistryAnswer("error")`
with its message; no answer at all is `RegixUnavailable`, the only exception these calls raise.
"""

from __future__ import annotations

import asyncio
import decimal
from dataclasses import dataclass
from typing import Any

import httpx
import zeep
from lxml import etree
from zeep.exceptions import Error as ZeepError
from zeep.exceptions import Fault, TransportError
from zeep.proxy import AsyncServiceProxy
from zeep.transports import AsyncTransport

from egov_registry_gateway.adapters.regix_operations import OPERATIONS, answer
from egov_registry_gateway.adapters.soap_transport import UNANSWERED, AiohttpTransport
from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_schemas.registry import RegistryOperation
from egov_schemas.regix import wsdl_path

BINDING = "{http://tempuri.org/}BasicHttpBinding_IRegiXEntryPoint"
# NOTE: what `execute` gives instead of a ServiceCallID when RegiX refuses the call: the refusal,
# which `check_result` then answers as an error (RegiX's ids are numbers, so none begins so).


@dataclass(frozen=True)
class CallContext:
    """RegiX's CallContext: on whose behalf, for what and under which law the call is made."""

    service_uri: str  # e.g. the application id, or "prefill:<consent id>"
    service_type: str  # e.g. "Административна услуга 2016"
    employee_identifier: str  # the employee or automated handler making the call
    administration_oid: str
    administration_name: str
    law_reason: str
    remark: str | None = None


@dataclass(frozen=True)
class RegixCall:
    operation: RegistryOperation
    arguments: dict[str, str]
    context: CallContext
    citizen_egn: str | None = None
    employee_egn: str | None = None


class RegixUnavailable(Exception):
    """RegiX did not answer: refused connection, timeout, HTTP 5xx other than a SOAP fault. Safe to ask again later."""


class RegixError(Exception):
    """RegiX refused the call (a SOAP Fault: bad input) or answered what cannot be used; asking
    again gives the same. Raised only by `execute`: the other calls answer `error` instead."""


class RegixClient:
    def __init__(self, endpoint: str, *, timeout_s: float, http: httpx.AsyncClient | None = None) -> None:
        """`endpoint`, e.g. "http://127.0.0.1:8023/RegiXEntryPoint.svc"; each call ends within `timeout_s`.
        `http` (keyword only, for tests) replaces the transport with zeep's own over that httpx client
        (e.g. to the simulator in process); its owner closes it."""
        self._timeout_s = timeout_s
        self._http = http
        # NOTE: zeep's constructors have no type annotations, hence the `no-untyped-call` ignores.
        self._transport = (
            AsyncTransport(client=http)  # type: ignore[no-untyped-call]
            if http is not None
            else AiohttpTransport(timeout_s)
        )
        # NOTE: DTDs and entities refused in answers; the WSDL is a local file, so nothing is fetched to load it.
        settings = zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        client = zeep.AsyncClient(str(wsdl_path()), transport=self._transport, settings=settings)  # type: ignore[no-untyped-call]
        binding = client.wsdl.bindings[BINDING]
        self._service = AsyncServiceProxy(client, binding, address=endpoint)  # type: ignore[no-untyped-call]

    async def execute_synchronous(self, call: RegixCall) -> RegistryAnswer:
        try:
            result = await self._call("ExecuteSynchronous", request=_request(call))
            return _answer(result) or RegistryAnswer("error", error="RegiX answered a synchronous call not ready")
        except RegixError as exc:
            return RegistryAnswer("error", error=str(exc))

    async def execute(self, call: RegixCall) -> str:
        """Start `call` on RegiX; its ServiceCallID, for `check_result`. RegixError if refused."""
        result = await self._call("Execute", request=_request(call))
        if result.HasError:
            raise RegixError(result.Error or "RegiX refused the call without saying why")
        return str(result.ServiceCallID)

    async def check_result(self, service_call_id: str) -> RegistryAnswer | None:
        """The answer to the call `execute` started; None while RegiX is still working on it."""
        try:
            call_id = decimal.Decimal(service_call_id)
        except decimal.InvalidOperation:
            return RegistryAnswer("error", error=f"'{service_call_id}' is not a RegiX ServiceCallID")
        try:
            return _answer(await self._call("CheckResult", argument={"ServiceCallID": call_id}))
        except RegixError as exc:
            return RegistryAnswer("error", error=str(exc))

    async def close(self) -> None:
        self._transport.wsdl_client.close()
        if self._http is None:
            await self._transport.aclose()  # type: ignore[no-untyped-call]

    async def _call(self, operation: str, **arguments: Any) -> Any:
        """zeep's result of `operation`: RegixUnavailable without an answer, RegixError for a refusal."""
        try:
            async with asyncio.timeout(self._timeout_s):
                return await self._service[operation](**arguments)
        except Fault as exc:
            raise RegixError(exc.message) from exc
        except TransportError as exc:
            if exc.status_code >= 500:
                raise RegixUnavailable(f"RegiX answered HTTP {exc.status_code} without a SOAP answer") from exc
            raise RegixError(f"RegiX answered HTTP {exc.status_code} without a SOAP answer") from exc
        except UNANSWERED as exc:
            raise RegixUnavailable(
                f"RegiX did not answer: {type(exc).__name__} (calls end within {self._timeout_s} s)"
            ) from exc
        except ZeepError as exc:
            raise RegixError(f"RegiX's answer cannot be read: {exc}") from exc


def _request(call: RegixCall) -> dict[str, Any]:
    """The ServiceRequestData of `call`; RegixError if its arguments do not fit the operation."""
    operation = OPERATIONS[call.operation]
    try:
        argument = operation.argument(call.arguments)
    except ValueError as exc:
        raise RegixError(f"{call.operation}: {exc}") from exc
    context = call.context
    return {
        "Operation": operation.name,
        "Argument": {"_value_1": argument},
        "CallContext": {
            "ServiceURI": context.service_uri,
            "ServiceType": context.service_type,
            "EmployeeIdentifier": context.employee_identifier,
            "AdministrationOId": context.administration_oid,
            "AdministrationName": context.administration_name,
            "LawReason": context.law_reason,
            "Remark": context.remark,
        },
        "CitizenEGN": call.citizen_egn,
        "EmployeeEGN": call.employee_egn,
        # NOTE: the gateway keeps its own audit of every call and does not verify RegiX's XML
        # signatures, so it does not ask for them; nor for the access matrix, which it does not read.
        "SignResult": False,
        "ReturnAccessMatrix": False,
    }


def _answer(result: Any) -> RegistryAnswer | None:
    """The platform's answer from a ServiceResultData; None if it is not ready."""
    if not result.IsReady:
        return None
    if result.HasError:
        return RegistryAnswer("error", error=result.Error or "RegiX reported an error without a message")
    container = result.Data.Response if result.Data is not None else None
    response = None if container is None else container._value_1
    if not isinstance(response, etree._Element):
        return RegistryAnswer("error", error="RegiX answered without the operation's response")
    return answer(response)
