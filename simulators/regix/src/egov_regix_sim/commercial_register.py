"""The Registry Agency's Commercial Register (Търговски регистър): `GetActualStateV3`, a trader's
actual state by EIK, in RegiX's `ActualStateResponseV3` (`http://egov.bg/RegiX/AV/TR/...`).

A found trader is a `Deed` with the main records the platform reads (EIK, name, legal form, seat),
each a `Record` with its field code as the register writes them; one not found is `DataFound`
false without a `Deed`, as RegiX answers it.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from egov_regix_sim.companies import Company, checked_eik, company
from egov_regix_sim.made_up import number
from egov_regix_sim.soap import add, element, q, text_of

OPERATION = "TechnoLogica.RegiX.AVTRAdapter.APIService.ITRAPI.GetActualStateV3"
REQUEST_NS = "http://egov.bg/RegiX/AV/TR/ActualStateRequestV3"
RESPONSE_NS = "http://egov.bg/RegiX/AV/TR/ActualStateResponseV3"
DEED_NS = "http://egov.bg/RegiX/AV/TR/SubdeedsCommon"
REQUEST = q(REQUEST_NS, "ActualStateRequestV3")

LEGAL_FORM_NAMES = {
    "ЕТ": "Едноличен търговец",
    "ООД": "Дружество с ограничена отговорност",
    "ЕООД": "Еднолично дружество с ограничена отговорност",
    "АД": "Акционерно дружество",
    "ЕАД": "Еднолично акционерно дружество",
}
# NOTE: (field code, group, section, field number, field name) as the register labels its records.
IDENTIFICATION = ("00010", "45", "Идентификация", "414", "Обща информация", "1", "ЕИК/ПИК")
NAME = ("00020", "415", "Основни обстоятелства", "1", "Общ статус", "2", "Фирма")
LEGAL_FORM = ("00030", "415", "Основни обстоятелства", "1", "Общ статус", "3", "Правна форма")
SEAT = ("00050", "415", "Основни обстоятелства", "1", "Общ статус", "5", "Седалище и адрес на управление")


def answer(argument: etree._Element) -> etree._Element:
    eik = checked_eik(text_of(argument, q(REQUEST_NS, "UIC")))
    response = element(RESPONSE_NS, "ActualStateResponseV3", tr=DEED_NS)
    found = company(eik)
    if found is not None:
        response.append(_deed(found))
    add(response, q(RESPONSE_NS, "DataValidForDate"), dt.datetime.now(dt.UTC).isoformat())
    add(response, q(RESPONSE_NS, "DataFound"), "true" if found else "false")
    return response


def _deed(trader: Company) -> etree._Element:
    deed = etree.Element(q(RESPONSE_NS, "Deed"))
    add(deed, q(DEED_NS, "DeedStatus"), trader.deed_status)
    add(deed, q(DEED_NS, "CompanyName"), trader.name)
    add(deed, q(DEED_NS, "GUID"), f"{number(trader.eik, 'guid'):016X}{number(trader.eik, 'guid-2'):016X}")
    add(deed, q(DEED_NS, "UIC"), trader.eik)
    add(deed, q(DEED_NS, "LegalForm"), trader.legal_form)
    if trader.liquidation_or_insolvency is not None:
        add(deed, q(DEED_NS, "LiquidationOrInsolvency"), trader.liquidation_or_insolvency)
    subdeed = add(add(deed, q(DEED_NS, "Subdeeds")), q(DEED_NS, "Subdeed"))
    subdeed.attrib.update({"SubUIC": "0001", "SubUICType": "1", "SubdeedStatus": "A"})
    records = add(subdeed, q(DEED_NS, "Records"))

    identification = _record(records, trader, IDENTIFICATION, trader.registered_at)
    uic = add(identification, q(DEED_NS, "UIC"))
    uic.attrib.update({"uic": trader.eik, "IsNew": "true"})
    add(uic, q(DEED_NS, "CompanyControl"), trader.name)
    add(_record(records, trader, NAME, trader.registered_at), q(DEED_NS, "Company"), trader.name)
    form = add(_record(records, trader, LEGAL_FORM, trader.registered_at), q(DEED_NS, "LegalForm"))
    form.set("Text", LEGAL_FORM_NAMES[trader.legal_form])
    address = add(add(_record(records, trader, SEAT, trader.registered_at), q(DEED_NS, "Seat")), q(DEED_NS, "Address"))
    place = trader.seat
    for tag, value in (
        ("CountryCode", "BGR"),
        ("Country", "БЪЛГАРИЯ"),
        ("IsForeign", "false"),
        ("DistrictEkatte", place.ekatte_district),
        ("District", place.district),
        ("MunicipalityEkatte", f"{place.ekatte_district}{place.grao_municipality}"),
        ("Municipality", place.municipality),
        ("SettlementEKATTE", place.ekatte),
        ("Settlement", place.settlement),
        ("PostCode", place.post_code),
        ("Street", trader.street),
        ("StreetNumber", trader.street_number),
    ):
        add(address, q(DEED_NS, tag), value)
    return deed


def _record(records: etree._Element, trader: Company, field: tuple[str, ...], at: dt.datetime) -> etree._Element:
    """A `Record` of `field` entered `at`; its `RecordData`, for the caller to fill."""
    code, group_id, group, section_id, section, field_number, field_name = field
    record = add(records, q(DEED_NS, "Record"))
    data = add(record, q(DEED_NS, "RecordData"))
    add(record, q(DEED_NS, "RecordId"), str(number(trader.eik + code, "record-id") % 90_000_000 + 10_000_000))
    add(record, q(DEED_NS, "IncomingId"), str(number(trader.eik, "incoming-id") % 9_000_000 + 1_000_000))
    add(record, q(DEED_NS, "FieldIdent"), code)
    main = add(record, q(DEED_NS, "MainField"))
    for tag, value in (
        ("GroupId", group_id),
        ("GroupName", group),
        ("SectionId", section_id),
        ("SectionName", section),
        ("MainFieldIdent", code),
        ("MainFieldCode", field_number),
        ("MainFieldName", field_name),
    ):
        add(main, q(DEED_NS, tag), value)
    add(record, q(DEED_NS, "FieldEntryNumber"), at.strftime("%Y%m%d%H%M%S"))
    add(record, q(DEED_NS, "FieldActionDate"), at.isoformat())
    return data
