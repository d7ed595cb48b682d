"""The citizen the national eID vouched for: levels of assurance, claims, companies and the session."""

import pytest

from egov_intake.domain.identity import Citizen, NotACitizen
from egov_schemas.work import RepresentedEntity

EGN = "7501010010"
COMPANY = RepresentedEntity(eik="121856059", name="Строител ЕООД")
BRANCH = RepresentedEntity(eik="000696327", name="Клон АД")


def citizen(acr: str = "eid_substantial", represents: tuple[RepresentedEntity, ...] = ()) -> Citizen:
    return Citizen(egn=EGN, name="Иван Петров", acr=acr, represents=represents)


@pytest.mark.parametrize(
    ("acr", "minimum", "met"),
    [
        ("eid_low", "eid_low", True),
        ("eid_low", "eid_substantial", False),
        ("eid_low", "eid_high", False),
        ("eid_substantial", "eid_low", True),
        ("eid_substantial", "eid_substantial", True),
        ("eid_substantial", "eid_high", False),
        ("eid_high", "eid_low", True),
        ("eid_high", "eid_substantial", True),
        ("eid_high", "eid_high", True),
    ],
)
def test_a_login_meets_its_own_level_and_every_lower_one(acr, minimum, met):
    assert citizen(acr).meets(minimum) is met


@pytest.mark.parametrize("acr", ["", "eid_none", "EID_HIGH", "high", "urn:eid:high"])
@pytest.mark.parametrize("minimum", ["eid_low", "eid_substantial", "eid_high"])
def test_a_login_at_an_unknown_level_meets_nothing(acr, minimum):
    assert not citizen(acr).meets(minimum)


@pytest.mark.parametrize("minimum", ["", "eid_none", "eid_medium"])
def test_an_unknown_minimum_is_met_by_no_login(minimum):
    assert not citizen("eid_high").meets(minimum)


def test_the_claims_give_the_egn_name_and_level():
    found = Citizen.from_claims({"sub": f"PNOBG-{EGN}", "name": "Иван Петров", "acr": "eid_high"})
    assert found == Citizen(egn=EGN, name="Иван Петров", acr="eid_high", represents=())


def test_claims_without_name_or_level_give_empty_ones_which_meet_nothing():
    found = Citizen.from_claims({"sub": f"PNOBG-{EGN}"})
    assert (found.egn, found.name, found.acr, found.represents) == (EGN, "", "", ())
    assert not found.meets("eid_low")


@pytest.mark.parametrize(
    "claims",
    [
        {},
        {"sub": None},
        {"sub": 7501010010},
        {"sub": EGN},
        {"sub": f"PIBG-{EGN}"},
        {"sub": f"pnobg-{EGN}"},
        {"sub": f"NTRBG-{EGN}"},
        {"sub": f" PNOBG-{EGN}"},
    ],
)
def test_a_subject_that_is_not_a_national_person_identifier_is_not_a_citizen(claims):
    with pytest.raises(NotACitizen):
        Citizen.from_claims({"name": "Иван Петров", "acr": "eid_high", **claims})


def test_the_companies_represented_are_kept_and_malformed_entries_left_out():
    claims = {
        "sub": f"PNOBG-{EGN}",
        "acr": "eid_high",
        "represents": [
            {"eik": "121856059", "name": "Строител ЕООД"},
            {"eik": "831642182", "name": "Грешна контролна цифра ООД"},
            {"eik": "1218560590003", "name": "Грешен клон ООД"},
            {"eik": "12185605", "name": "Къс ЕИК ООД"},
            {"eik": "000696327"},
            {"name": "Без ЕИК ООД"},
            {"eik": "000696327", "name": ""},
            {"eik": 121856059, "name": "Число вместо текст ООД"},
            "121856059",
            None,
            ["121856059", "Списък ООД"],
            {"eik": "000696327", "name": "Клон АД", "role": "управител"},
        ],
    }
    assert Citizen.from_claims(claims).represents == (COMPANY, BRANCH)


@pytest.mark.parametrize("represents", [None, [], ""])
def test_no_empowerment_claim_means_no_company_represented(represents):
    assert Citizen.from_claims({"sub": f"PNOBG-{EGN}", "represents": represents}).represents == ()


def test_representing_finds_a_company_by_its_eik_only_among_those_represented():
    person = citizen(represents=(COMPANY, BRANCH))
    assert person.representing("000696327") == BRANCH
    assert person.representing("121856059") == COMPANY
    assert person.representing("250270057") is None
    assert citizen().representing("121856059") is None


def test_a_citizen_comes_back_from_the_session_unchanged():
    person = citizen("eid_high", represents=(COMPANY, BRANCH))
    session = person.as_session()
    assert session == {
        "egn": EGN,
        "name": "Иван Петров",
        "acr": "eid_high",
        "represents": [
            {"eik": "121856059", "name": "Строител ЕООД"},
            {"eik": "000696327", "name": "Клон АД"},
        ],
    }
    assert Citizen.from_session(session) == person


def test_a_session_stored_before_companies_were_kept_reads_as_representing_none():
    assert Citizen.from_session({"egn": EGN, "name": "Иван Петров", "acr": "eid_low"}) == citizen("eid_low")


def test_a_subject_whose_egn_fails_its_check_digit_names_no_citizen():
    with pytest.raises(NotACitizen, match="not a valid EGN"):
        Citizen.from_claims({"sub": "PNOBG-7501010011", "name": "Иван Петров", "acr": "eid_high"})
