"""The NRA's obligated persons (GetObligatedPersons): PRESENT or ABSENT above a threshold, for an
EGN or an EIK, in RegiX's ObligationResponse shape."""

import datetime as dt

import pytest
import zeep
from lxml import etree

from egov_regix_sim.nra_obligations import owed_bgn
from egov_regix_sim.testing import egn, known_eik, living_egn, unknown_egn, unknown_eik

OBLIGATIONS = "TechnoLogica.RegiX.NRAObligatedPersonsAdapter.APIService.INRAObligatedPersonsAPI.GetObligatedPersons"
REQUEST = "{http://egov.bg/RegiX/NRA/Obligations/Request}ObligationRequest"
RESPONSE = "http://egov.bg/RegiX/NRA/Obligations/Response"
COMMON = "http://egov.bg/RegiX/NRA/Obligations"
PERSON = "TechnoLogica.RegiX.GraoNBDAdapter.APIService.INBDAPI.PersonDataSearch"
PERSON_REQUEST = "{http://egov.bg/RegiX/GRAO/NBD/PersonDataRequest}PersonDataRequest"
ACTUAL_STATE = "TechnoLogica.RegiX.AVTRAdapter.APIService.ITRAPI.GetActualStateV3"
ACTUAL_STATE_REQUEST = "{http://egov.bg/RegiX/AV/TR/ActualStateRequestV3}ActualStateRequestV3"


async def obligations(regix, identifier: str, kind: str = "EGN", threshold: str | None = None):
    fields = {"Identity": {"ID": identifier, "TYPE": kind}} | ({} if threshold is None else {"Threshold": threshold})
    return await regix.response(OBLIGATIONS, regix.argument(REQUEST, **fields))


def status(response: etree._Element) -> str | None:
    return response.findtext(f"{{{RESPONSE}}}ObligationStatus")


async def test_a_persons_answer_in_the_nras_shape_named_as_grao_names_them(regix) -> None:
    response = await obligations(regix, living_egn())
    assert response.tag == f"{{{RESPONSE}}}ObligationResponse"
    assert [child.tag.split("}")[1] for child in response] == [
        "Identity", "Threshold", "ObligationStatus", "Name", "Status", "ReportDate"
    ]  # fmt: skip
    assert response.findtext(f"{{{RESPONSE}}}Identity/{{{COMMON}}}ID") == living_egn()
    assert response.findtext(f"{{{RESPONSE}}}Identity/{{{COMMON}}}TYPE") == "EGN"
    assert (response.findtext(f"{{{RESPONSE}}}Threshold"), status(response) in {"PRESENT", "ABSENT"}) == ("0", True)
    assert response.findtext(f"{{{RESPONSE}}}Status/{{{COMMON}}}Code") == "0"
    grao = await regix.response(PERSON, regix.argument(PERSON_REQUEST, EGN=living_egn()))
    assert response.findtext(f"{{{RESPONSE}}}Name") == " ".join(name.text for name in grao[0])


async def test_a_companys_answer_by_eik_is_named_as_the_register_names_it(regix) -> None:
    response = await obligations(regix, known_eik(), kind="Bulstat")
    assert status(response) in {"PRESENT", "ABSENT"}
    state = await regix.response(ACTUAL_STATE, regix.argument(ACTUAL_STATE_REQUEST, UIC=known_eik()))
    name = state.findtext(
        "{http://egov.bg/RegiX/AV/TR/ActualStateResponseV3}Deed/{http://egov.bg/RegiX/AV/TR/SubdeedsCommon}CompanyName"
    )
    assert response.findtext(f"{{{RESPONSE}}}Name") == name


def test_about_one_in_three_owes_from_20_to_1000_leva() -> None:
    people = [egn(dt.date(1975, 1, 1) + dt.timedelta(days=day), serial=101) for day in range(3000)]
    owed = [owed_bgn(person) for person in people]
    assert 0.3 < sum(amount > 0 for amount in owed) / len(owed) < 0.37
    assert min(amount for amount in owed if amount) >= 20
    assert max(owed) <= 1000


async def test_present_means_owing_more_than_the_threshold(regix) -> None:
    people = [egn(dt.date(1975, 1, 1) + dt.timedelta(days=day), serial=101) for day in range(30)]
    for person in people:
        answers = [status(await obligations(regix, person, threshold=t)) for t in (None, "0", "500", "1000")]
        owed = owed_bgn(person)
        assert answers == ["PRESENT" if owed > threshold else "ABSENT" for threshold in (0, 0, 500, 1000)]
    assert {owed_bgn(person) > 0 for person in people} == {True, False}


async def test_nobody_gets_an_empty_response(regix) -> None:
    assert len(await obligations(regix, unknown_egn())) == 0
    assert len(await obligations(regix, unknown_eik(), kind="Bulstat")) == 0


@pytest.mark.parametrize(
    ("identifier", "kind", "threshold", "fault"),
    [
        ("8506258486", "EGN", None, "Invalid EGN"),
        ("201400018", "Bulstat", None, "Invalid EIK"),
        ("1000000001", "LNC", None, "not simulated"),
        (living_egn(), "EGN", "1001", "Threshold must be"),
        (living_egn(), "EGN", "-1", "Threshold must be"),
    ],
)
async def test_invalid_identities_and_thresholds_are_faults(regix, identifier, kind, threshold, fault) -> None:
    with pytest.raises(zeep.exceptions.Fault, match=fault):
        await obligations(regix, identifier, kind, threshold)
