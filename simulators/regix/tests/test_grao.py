"""GRAO's person data (PersonDataSearch) and permanent address (PermanentAddressSearch): RegiX's
response shapes, data made up from the EGN alone, the rules for the dead and the unknown."""

import datetime as dt

import pytest
import zeep
from lxml import etree

from egov_regix_sim.testing import deceased_egn, egn, living_egn, unknown_egn

PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
ADDRESS = "TechnoLogica.RegiX.GraoPNAAdapter.APIService.IPNAAPI.PermanentAddressSearch"
NBD = "http://egov.bg/RegiX/GRAO/NBD"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"
PERSON_RESPONSE = "http://egov.bg/RegiX/GRAO/NBD/PersonDataResponse"
ADDRESS_REQUEST = "{http://egov.bg/RegiX/GRAO/PNA/PermanentAddressRequest}PermanentAddressRequest"
ADDRESS_RESPONSE = "http://egov.bg/RegiX/GRAO/PNA/PermanentAddressResponse"
EKATTE = {
    "68134": "гр. София",
    "56784": "гр. Пловдив",
    "10135": "гр. Варна",
    "07079": "гр. Бургас",
    "63427": "гр. Русе",
}


async def person(regix, number: str) -> etree._Element:
    response: etree._Element = await regix.response(PERSON, regix.argument(PERSON_REQUEST, EGN=number))
    return response


def field(response: etree._Element, *path: str) -> str | None:
    """The text at `path`: names in the response's namespace, or `nbd:`-prefixed in GRAO's common one."""
    names = [f"{{{NBD}}}{name[4:]}" if name.startswith("nbd:") else f"{{{PERSON_RESPONSE}}}{name}" for name in path]
    return response.findtext("/".join(names))


async def test_a_living_persons_data_in_grao_shape(regix) -> None:
    number = egn(dt.date(1985, 6, 21), serial=134)
    response = await person(regix, number)
    assert response.tag == f"{{{PERSON_RESPONSE}}}PersonDataResponse"
    assert [child.tag.split("}")[1] for child in response] == [
        "PersonNames", "Gender", "EGN", "BirthDate", "PlaceBirth", "Nationality"
    ]  # fmt: skip
    assert all(field(response, "PersonNames", f"nbd:{name}") for name in ("FirstName", "SurName", "FamilyName"))
    assert (field(response, "Gender", "nbd:GenderCode"), field(response, "Gender", "nbd:GenderName")) == ("1", "Мъж")
    assert (field(response, "EGN"), field(response, "BirthDate")) == (number, "1985-06-21")
    assert field(response, "PlaceBirth") in {"София", "Пловдив", "Варна", "Бургас", "Русе"}
    nationality = (
        field(response, "Nationality", "nbd:NationalityCode"),
        field(response, "Nationality", "nbd:NationalityName"),
    )
    assert nationality == ("BG", "България")
    assert field(response, "DeathDate") is None


async def test_an_odd_ninth_digit_is_a_woman_with_feminine_names(regix) -> None:
    response = await person(regix, egn(dt.date(1990, 2, 3), serial=135))
    assert (field(response, "Gender", "nbd:GenderCode"), field(response, "Gender", "nbd:GenderName")) == ("2", "Жена")
    assert (field(response, "PersonNames", "nbd:SurName") or "").endswith("а")
    assert (field(response, "PersonNames", "nbd:FamilyName") or "").endswith("а")


@pytest.mark.parametrize("born", [dt.date(1899, 12, 31), dt.date(1952, 2, 29), dt.date(2007, 10, 1)])
async def test_the_birth_date_is_the_one_the_egn_encodes_in_every_century(regix, born: dt.date) -> None:
    assert field(await person(regix, egn(born, serial=7)), "BirthDate") == born.isoformat()


@pytest.mark.parametrize("born", [dt.date(1880, 2, 29), dt.date(1932, 3, 14), dt.date(1939, 12, 31)])
async def test_someone_born_before_1940_died_after_60_and_before_2025(regix, born: dt.date) -> None:
    death = dt.date.fromisoformat(field(await person(regix, egn(born, serial=11)), "DeathDate") or "")
    assert dt.date(born.year + 60, born.month, 28) < death < dt.date(2025, 1, 1)


async def test_someone_born_in_1940_or_later_is_alive(regix) -> None:
    assert field(await person(regix, egn(dt.date(1940, 1, 1), serial=11)), "DeathDate") is None
    assert field(await person(regix, living_egn()), "DeathDate") is None
    assert field(await person(regix, deceased_egn()), "DeathDate") is not None


async def test_the_same_egn_always_gets_the_same_answer_and_others_differ(regix) -> None:
    first = await person(regix, living_egn())
    again = await person(regix, living_egn())
    assert [child.text for child in first.iter()] == [child.text for child in again.iter()]
    names = set()
    for serial in range(0, 40, 2):
        response = await person(regix, egn(dt.date(1970, 1, 1), serial=serial + 100))
        names.add((field(response, "PersonNames", "nbd:FirstName"), field(response, "PersonNames", "nbd:FamilyName")))
    assert len(names) > 5


async def test_an_egn_ending_in_0000_is_not_found_as_an_empty_response(regix) -> None:
    response = await person(regix, unknown_egn())
    assert response.tag == f"{{{PERSON_RESPONSE}}}PersonDataResponse"
    assert len(response) == 0


@pytest.mark.parametrize(("number", "reason"), [("8506258486", "check digit"), ("85062584", "10 digits")])
async def test_an_invalid_egn_is_a_fault_that_does_not_repeat_it(regix, number: str, reason: str) -> None:
    with pytest.raises(zeep.exceptions.Fault, match=f"Invalid EGN.*{reason}") as fault:
        await person(regix, number)
    assert number not in fault.value.message


async def address(regix, number: str, on: str = "2026-01-15") -> etree._Element:
    response: etree._Element = await regix.response(ADDRESS, regix.argument(ADDRESS_REQUEST, EGN=number, SearchDate=on))
    return response


def part(response: etree._Element, name: str) -> str | None:
    return response.findtext(f"{{{ADDRESS_RESPONSE}}}{name}")


async def test_a_permanent_address_in_grao_shape_in_a_real_settlement(regix) -> None:
    response = await address(regix, living_egn())
    assert response.tag == f"{{{ADDRESS_RESPONSE}}}PermanentAddressResponse"
    assert [child.tag.split("}")[1] for child in response] == [
        "DistrictCode", "DistrictName", "MunicipalityCode", "MunicipalityName", "SettlementCode", "SettlementName",
        "LocationCode", "LocationName", "BuildingNumber", "Entrance", "Floor", "Apartment", "FromDate",
    ]  # fmt: skip
    assert EKATTE[part(response, "SettlementCode") or ""] == part(response, "SettlementName")
    assert dt.date(1985, 6, 21) <= dt.date.fromisoformat(part(response, "FromDate") or "") <= dt.date(2024, 12, 31)
    again = await address(regix, living_egn())
    assert [child.text for child in again] == [child.text for child in response]


async def test_some_addresses_are_houses_without_entrance_floor_or_apartment(regix) -> None:
    layouts = set()
    for serial in range(100, 140):
        response = await address(regix, egn(dt.date(1960, 5, 5), serial=serial))
        layouts.add(tuple(not part(response, name) for name in ("Entrance", "Floor", "Apartment")))
    assert layouts == {(True, True, True), (False, False, False)}


async def test_no_address_before_its_from_date_nor_for_nobody(regix) -> None:
    from_date = dt.date.fromisoformat(part(await address(regix, living_egn()), "FromDate") or "")
    assert len(await address(regix, living_egn(), on=(from_date - dt.timedelta(days=1)).isoformat())) == 0
    assert len(await address(regix, living_egn(), on=from_date.isoformat())) > 0
    assert len(await address(regix, unknown_egn())) == 0


async def test_an_address_search_needs_a_date(regix) -> None:
    with pytest.raises(zeep.exceptions.Fault, match="SearchDate is not a date"):
        await address(regix, living_egn(), on="15.01.2026")
    with pytest.raises(zeep.exceptions.Fault, match="no SearchDate"):
        await regix.response(ADDRESS, regix.argument(ADDRESS_REQUEST, EGN=living_egn()))
