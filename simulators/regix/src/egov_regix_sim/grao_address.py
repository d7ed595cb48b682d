"""GRAO's register of addresses (ПНА): `PermanentAddressSearch`, a person's permanent address on a
date, by EGN, in RegiX's `PermanentAddressResponse` (`http://egov.bg/RegiX/GRAO/PNA/...`).

Rules: the address is in one of a handful of real towns (with their real EKATTE codes) and has been
the person's since a from-date between their birth and the end of 2024; asked for a date before
that, or for nobody, the answer is an empty `PermanentAddressResponse`. One address in four is a
house, with no entrance, floor or apartment.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from egov_regix_sim.made_up import PLACES, STREETS, number, pick
from egov_regix_sim.people import checked_egn, person
from egov_regix_sim.soap import SoapFault, add, element, q, text_of

OPERATION = "TechnoLogica.RegiX.GraoPNAAdapter.APIService.IPNAAPI.PermanentAddressSearch"
REQUEST_NS = "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressRequest"
RESPONSE_NS = "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressResponse"
REQUEST = q(REQUEST_NS, "PermanentAddressRequest")
LATEST_FROM_DATE = dt.date(2024, 12, 31)


def answer(argument: etree._Element) -> etree._Element:
    egn = checked_egn(text_of(argument, q(REQUEST_NS, "EGN")))
    search_date = _date(text_of(argument, q(REQUEST_NS, "SearchDate")))
    response = element(RESPONSE_NS, "PermanentAddressResponse")
    found = person(egn)
    if found is None:
        return response
    span = max(1, (LATEST_FROM_DATE - found.birth_date).days)
    from_date = found.birth_date + dt.timedelta(days=number(egn, "address-since") % span)
    if search_date < from_date:
        return response
    place = pick(PLACES, egn, "address")
    street = pick(STREETS, egn, "address-street")
    house = number(egn, "address-house") % 4 == 0
    flat = number(egn, "address-flat")
    for tag, value in (
        ("DistrictCode", place.grao_district),
        ("DistrictName", place.district),
        ("MunicipalityCode", place.grao_municipality),
        ("MunicipalityName", place.municipality),
        ("SettlementCode", place.ekatte),
        ("SettlementName", place.settlement),
        ("LocationCode", f"{number(place.ekatte + street, 'location-code') % 100_000:05d}"),
        ("LocationName", street),
        ("BuildingNumber", str(1 + number(egn, "address-number") % 120)),
        ("Entrance", None if house else "АБВ"[flat % 3]),
        ("Floor", None if house else str(1 + flat % 8)),
        ("Apartment", None if house else str(1 + flat % 48)),
        ("FromDate", from_date.isoformat()),
    ):
        add(response, q(RESPONSE_NS, tag), value)
    return response


def _date(text: str | None) -> dt.date:
    if text is None:
        raise SoapFault("The argument has no SearchDate.")
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise SoapFault("SearchDate is not a date (YYYY-MM-DD).") from exc
