"""The NRA's register of obligated persons (Регистър на задължените лица):
`GetObligatedPersons`, whether a person (by EGN) or a company (by EIK, TYPE `Bulstat`) owes public
obligations above a threshold, in RegiX's `ObligationResponse` (`http://egov.bg/RegiX/NRA/...`).

RegiX's NRA operation answers only PRESENT or ABSENT, never the obligations themselves. Rules: one
identifier in three owes a made-up total of 20 to 1000 leva, PRESENT when above the `Threshold`
asked (0 if none, at most 1000); an EGN or EIK that GRAO or the Commercial Register would not find
gets an empty `ObligationResponse` (the simulator's own convention for "not found").
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from egov_regix_sim.companies import checked_eik, company
from egov_regix_sim.made_up import number
from egov_regix_sim.people import checked_egn, person
from egov_regix_sim.soap import SoapFault, add, element, q, text_of

OPERATION = "TechnoLogica.RegiX.NRAObligatedPersonsAdapter.APIService.INRAObligatedPersonsAPI.GetObligatedPersons"
COMMON_NS = "http://egov.bg/RegiX/NRA/Obligations"
REQUEST_NS = f"{COMMON_NS}/Request"
RESPONSE_NS = f"{COMMON_NS}/Response"
REQUEST = q(REQUEST_NS, "ObligationRequest")
MAX_THRESHOLD = 1000


def owed_bgn(identifier: str) -> int:
    """The total the simulated NRA holds `identifier` owes: 0 for two in three."""
    if number(identifier, "nra-owes") % 3 != 0:
        return 0
    return 20 + number(identifier, "nra-amount") % (MAX_THRESHOLD - 19)


def answer(argument: etree._Element) -> etree._Element:
    identity = argument.find(q(REQUEST_NS, "Identity"))
    if identity is None:
        raise SoapFault("The argument has no Identity.")
    kind = text_of(identity, q(REQUEST_NS, "TYPE"))
    identifier, name = _holder(kind, text_of(identity, q(REQUEST_NS, "ID")))
    threshold = _threshold(text_of(argument, q(REQUEST_NS, "Threshold")))
    response = element(RESPONSE_NS, "ObligationResponse", nra=COMMON_NS)
    if name is None:
        return response
    echoed = add(response, q(RESPONSE_NS, "Identity"))
    add(echoed, q(COMMON_NS, "ID"), identifier)
    add(echoed, q(COMMON_NS, "TYPE"), kind)
    add(response, q(RESPONSE_NS, "Threshold"), str(threshold))
    add(response, q(RESPONSE_NS, "ObligationStatus"), "PRESENT" if owed_bgn(identifier) > threshold else "ABSENT")
    add(response, q(RESPONSE_NS, "Name"), name)
    status = add(response, q(RESPONSE_NS, "Status"))
    add(status, q(COMMON_NS, "Code"), "0")
    add(status, q(COMMON_NS, "Message"), "OK")
    add(response, q(RESPONSE_NS, "ReportDate"), dt.datetime.now(dt.UTC).isoformat())
    return response


def _holder(kind: str | None, identifier: str | None) -> tuple[str, str | None]:
    """The identifier, checked, and its holder's name (None if nobody holds it)."""
    if kind == "EGN":
        egn = checked_egn(identifier)
        holder = person(egn)
        return egn, holder.full_name() if holder else None
    if kind == "Bulstat":
        eik = checked_eik(identifier)
        trader = company(eik)
        return eik, trader.name if trader else None
    raise SoapFault(f"Identity TYPE {kind!r} is not simulated: only EGN and Bulstat are.")


def _threshold(text: str | None) -> int:
    if text is None:
        return 0
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_THRESHOLD:
        raise SoapFault(f"Threshold must be a whole number from 0 to {MAX_THRESHOLD}.")
    return int(text)
