"""GRAO's national population database (НБД „Население“): `PersonDataSearch`, a person's data by
EGN, in RegiX's `PersonDataResponse` (namespaces `http://egov.bg/RegiX/GRAO/NBD/...`).

Nobody found is an empty `PersonDataResponse`, as RegiX's adapter answers it.
"""

from __future__ import annotations

from lxml import etree

from egov_regix_sim.people import checked_egn, person
from egov_regix_sim.soap import add, element, q, text_of

OPERATION = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
NBD = "http://egov.bg/RegiX/GRAO/NBD"
REQUEST_NS = f"{NBD}/PersonDataRequest"
RESPONSE_NS = f"{NBD}/PersonDataResponse"
REQUEST = q(REQUEST_NS, "PersonDataRequest")


def answer(argument: etree._Element) -> etree._Element:
    egn = checked_egn(text_of(argument, q(REQUEST_NS, "EGN")))
    response = element(RESPONSE_NS, "PersonDataResponse", nbd=NBD)
    found = person(egn)
    if found is None:
        return response
    names = add(response, q(RESPONSE_NS, "PersonNames"))
    add(names, q(NBD, "FirstName"), found.first_name)
    add(names, q(NBD, "SurName"), found.surname)
    add(names, q(NBD, "FamilyName"), found.family_name)
    gender = add(response, q(RESPONSE_NS, "Gender"))
    add(gender, q(NBD, "GenderCode"), "1" if found.male else "2")
    add(gender, q(NBD, "GenderName"), "Мъж" if found.male else "Жена")
    add(response, q(RESPONSE_NS, "EGN"), egn)
    add(response, q(RESPONSE_NS, "BirthDate"), found.birth_date.isoformat())
    add(response, q(RESPONSE_NS, "PlaceBirth"), found.birth_place)
    nationality = add(response, q(RESPONSE_NS, "Nationality"))
    add(nationality, q(NBD, "NationalityCode"), "BG")
    add(nationality, q(NBD, "NationalityName"), "България")
    if found.death_date is not None:
        add(response, q(RESPONSE_NS, "DeathDate"), found.death_date.isoformat())
    return response
