"""Each registry operation the platform asks RegiX for: RegiX's operation name, the argument element
built from our arguments, and the parser of its response element into the platform's data (the
mapping is tabled in `regix`). Namespaces and element names are those of RegiX's adapters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from lxml import etree

from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_schemas.registry import RegistryOperation

NBD = "http://egov.bg/RegiX/GRAO/NBD"
PNA = "http://egov.bg/RegiX/GRAO/PNA"
TR = "http://egov.bg/RegiX/AV/TR"
TR_DEED = f"{TR}/SubdeedsCommon"
NRA = "http://egov.bg/RegiX/NRA/Obligations"
GENDERS = {"1": "male", "2": "female"}
CLOSED_DEEDS = {"C", "L"}  # NOTE: the register's deed states: closed, and closed after re-registration
SEAT_FIELD, IDENTIFICATION_FIELD = "00050", "00010"
SEAT_PARTS = {
    "country": "Country",
    "district": "District",
    "municipality": "Municipality",
    "settlement": "Settlement",
    "ekatte": "SettlementEKATTE",
    "post_code": "PostCode",
    "housing_estate": "HousingEstate",
    "street": "Street",
    "number": "StreetNumber",
    "block": "Block",
    "entrance": "Entrance",
    "floor": "Floor",
    "apartment": "Apartment",
}


@dataclass(frozen=True)
class RegixOperation:
    name: str  # RegiX's full operation name
    argument: Callable[[Mapping[str, str]], etree._Element]  # ValueError if our arguments do not fit


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _element(namespace: str, name: str, **children: str) -> etree._Element:
    root = etree.Element(_q(namespace, name))
    for child, text in children.items():
        etree.SubElement(root, _q(namespace, child)).text = text
    return root


def _required(arguments: Mapping[str, str], name: str) -> str:
    if name not in arguments:
        raise ValueError(f"the argument '{name}' is required")
    return arguments[name]


def _obligations_request(arguments: Mapping[str, str]) -> etree._Element:
    if ("egn" in arguments) == ("eik" in arguments):
        raise ValueError("one of the arguments 'egn' or 'eik' is required")
    identifier, kind = (arguments["egn"], "EGN") if "egn" in arguments else (arguments["eik"], "Bulstat")
    request = etree.Element(_q(f"{NRA}/Request", "ObligationRequest"))
    request.append(_element(f"{NRA}/Request", "Identity", ID=identifier, TYPE=kind))
    # NOTE: 0: any obligation at all counts (RegiX answers PRESENT for a total above the threshold).
    etree.SubElement(request, _q(f"{NRA}/Request", "Threshold")).text = "0"
    return request


OPERATIONS: dict[RegistryOperation, RegixOperation] = {
    "grao.person": RegixOperation(
        "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch",
        lambda arguments: _element(f"{NBD}/PersonDataRequest", "PersonDataRequest", EGN=_required(arguments, "egn")),
    ),
    "grao.permanent_address": RegixOperation(
        "TechnoLogica.RegiX.GraoPNAAdapter.APIService.IPNAAPI.PermanentAddressSearch",
        lambda arguments: _element(
            f"{PNA}/PermanentAddressRequest",
            "PermanentAddressRequest",
            EGN=_required(arguments, "egn"),
            SearchDate=dt.datetime.now(dt.UTC).date().isoformat(),
        ),
    ),
    "commercial_register.actual_state": RegixOperation(
        "TechnoLogica.RegiX.AVTRAdapter.APIService.ITRAPI.GetActualStateV3",
        lambda arguments: _element(
            f"{TR}/ActualStateRequestV3", "ActualStateRequestV3", UIC=_required(arguments, "eik")
        ),
    ),
    "nra.obligations": RegixOperation(
        "TechnoLogica.RegiX.NRAObligatedPersonsAdapter.APIService.INRAObligatedPersonsAPI.GetObligatedPersons",
        _obligations_request,
    ),
}


def _text(parent: etree._Element | None, *path: tuple[str, str]) -> str | None:
    """The stripped text at `path` (namespace, name) below `parent`; None if missing or empty."""
    for namespace, name in path:
        if parent is None:
            return None
        parent = parent.find(_q(namespace, name))
    return None if parent is None else (parent.text or "").strip() or None


def _date(text: str | None) -> str | None:
    """An ISO date from RegiX's xs:date or xs:dateTime (a time and zone dropped)."""
    return None if text is None else dt.date.fromisoformat(text[:10]).isoformat()


def _person(response: etree._Element) -> dict[str, Any] | None:
    ns = f"{NBD}/PersonDataResponse"
    if len(response) == 0:
        return None
    death_date = _date(_text(response, (ns, "DeathDate")))
    return {
        "names": {
            part: _text(response, (ns, "PersonNames"), (NBD, name))
            for part, name in (("first", "FirstName"), ("surname", "SurName"), ("family", "FamilyName"))
        },
        "gender": GENDERS.get(_text(response, (ns, "Gender"), (NBD, "GenderCode")) or ""),
        "birth_date": _date(_text(response, (ns, "BirthDate"))),
        "birth_place": _text(response, (ns, "PlaceBirth")),
        "nationality": _text(response, (ns, "Nationality"), (NBD, "NationalityCode")),
        "alive": death_date is None,
        "death_date": death_date,
    }


def _permanent_address(response: etree._Element) -> dict[str, Any] | None:
    ns = f"{PNA}/PermanentAddressResponse"
    if len(response) == 0:
        return None
    parts = {
        "district": "DistrictName",
        "municipality": "MunicipalityName",
        "settlement": "SettlementName",
        "ekatte": "SettlementCode",
        "street": "LocationName",
        "number": "BuildingNumber",
        "entrance": "Entrance",
        "floor": "Floor",
        "apartment": "Apartment",
    }
    return {key: _text(response, (ns, name)) for key, name in parts.items()} | {
        "from_date": _date(_text(response, (ns, "FromDate")))
    }


def _actual_state(response: etree._Element) -> dict[str, Any] | None:
    deed = response.find(_q(f"{TR}/ActualStateResponseV3", "Deed"))
    if deed is None or _text(response, (f"{TR}/ActualStateResponseV3", "DataFound")) == "false":
        return None
    records: dict[str | None, etree._Element] = {}
    for record in deed.iter(_q(TR_DEED, "Record")):
        records.setdefault(_text(record, (TR_DEED, "FieldIdent")), record)
    seat = records.get(SEAT_FIELD)
    address = None if seat is None else seat.find(f"{{{TR_DEED}}}RecordData/{{{TR_DEED}}}Seat/{{{TR_DEED}}}Address")
    registered = records.get(IDENTIFICATION_FIELD)
    return {
        "eik": _text(deed, (TR_DEED, "UIC")),
        "name": _text(deed, (TR_DEED, "CompanyName")),
        "legal_form": _text(deed, (TR_DEED, "LegalForm")),
        "status": _status(_text(deed, (TR_DEED, "DeedStatus")), _text(deed, (TR_DEED, "LiquidationOrInsolvency"))),
        "seat": None if address is None else {key: _text(address, (TR_DEED, name)) for key, name in SEAT_PARTS.items()},
        "registered_at": _date(_text(registered, (TR_DEED, "FieldActionDate"))),
    }


def _status(deed_status: str | None, liquidation_or_insolvency: str | None) -> str:
    if deed_status in CLOSED_DEEDS:
        return "closed"
    if (liquidation_or_insolvency or "").startswith("Insolvency"):
        return "insolvent"
    return "in_liquidation" if liquidation_or_insolvency == "Liquidation" else "active"


def _obligations(response: etree._Element) -> dict[str, Any] | None:
    ns = f"{NRA}/Response"
    code = _text(response, (ns, "Status"), (NRA, "Code"))
    if code not in (None, "0"):
        message = _text(response, (ns, "Status"), (NRA, "Message"))
        raise ValueError(f"the NRA could not answer (status {code}): {message}")
    status = _text(response, (ns, "ObligationStatus"))
    if status is None:
        return None
    return {"has_obligations": status == "PRESENT", "name": _text(response, (ns, "Name"))}


PARSERS: dict[str, Callable[[etree._Element], dict[str, Any] | None]] = {
    _q(f"{NBD}/PersonDataResponse", "PersonDataResponse"): _person,
    _q(f"{PNA}/PermanentAddressResponse", "PermanentAddressResponse"): _permanent_address,
    _q(f"{TR}/ActualStateResponseV3", "ActualStateResponseV3"): _actual_state,
    _q(f"{NRA}/Response", "ObligationResponse"): _obligations,
}


def answer(response: etree._Element) -> RegistryAnswer:
    """The platform's answer from an operation's response element: found with its data, not found
    (the register has no record), or an error if it is no response we know or cannot be read."""
    parser = PARSERS.get(str(response.tag))
    if parser is None:
        return RegistryAnswer("error", error=f"RegiX answered with an unexpected element {response.tag}")
    try:
        data = parser(response)
    except ValueError as exc:
        return RegistryAnswer("error", error=f"RegiX's answer cannot be read: {exc}")
    return RegistryAnswer("not_found") if data is None else RegistryAnswer("found", data)
