"""Whom a registry check on a case may be about: the people and companies the application names."""

import datetime as dt
from typing import Any

import pytest

from egov_schemas.identifiers import validate_egn, validate_eik, validate_lnch
from egov_schemas.work import Applicant, RepresentedEntity, WorkItem
from egov_workspace.domain.registry_subjects import ARGUMENTS, Subject, subjects_of

APPLICANT_EGN = "7501010010"
PERSON_EGN = "8807220079"
OTHER_EGN = "7011050048"
COMPANY_EIK = "206543211"
OTHER_EIK = "131279182"
BRANCH_EIK = "2065432110002"
LNCH = "1000000001"


def item(
    form: dict[str, Any] | None = None,
    *,
    applicant: Applicant | None = None,
    represented: RepresentedEntity | None = None,
) -> WorkItem:
    return WorkItem(
        application_id="a1",
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=2020,
        service_version=1,
        submitted_at=dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC),
        applicant=applicant or Applicant(identifier=APPLICANT_EGN, name="Иван Петров"),
        form=form or {},
        represented=represented,
        processing="staff",
    )


def found(subjects: list[Subject]) -> list[tuple[str, str, str]]:
    return [(subject.key, subject.argument, subject.value) for subject in subjects]


def test_the_numbers_used_here_are_valid() -> None:
    for egn in (APPLICANT_EGN, PERSON_EGN, OTHER_EGN):
        validate_egn(egn)
    for eik in (COMPANY_EIK, OTHER_EIK, BRANCH_EIK):
        validate_eik(eik)
    validate_lnch(LNCH)
    with pytest.raises(ValueError, match="EGN"):
        validate_egn(LNCH)


@pytest.mark.parametrize("operation", ["grao.person", "grao.permanent_address"])
def test_a_person_check_may_be_about_the_applicant(operation: str) -> None:
    assert found(subjects_of(item(), operation)) == [("applicant", "egn", APPLICANT_EGN)]


def test_a_company_check_may_be_about_the_company_represented() -> None:
    case = item(represented=RepresentedEntity(eik=COMPANY_EIK, name="Примерна Фирма ЕООД"))

    assert found(subjects_of(case, "commercial_register.actual_state")) == [("represented", "eik", COMPANY_EIK)]


def test_a_company_check_is_about_nobody_without_a_company() -> None:
    assert subjects_of(item(), "commercial_register.actual_state") == []


def test_an_obligations_check_may_be_about_people_and_companies_in_the_order_named() -> None:
    case = item(
        {"person_egn": PERSON_EGN, "company_eik": OTHER_EIK},
        represented=RepresentedEntity(eik=COMPANY_EIK, name="Примерна Фирма ЕООД"),
    )

    assert found(subjects_of(case, "nra.obligations")) == [
        ("applicant", "egn", APPLICANT_EGN),
        ("represented", "eik", COMPANY_EIK),
        ("form.person_egn", "egn", PERSON_EGN),
        ("form.company_eik", "eik", OTHER_EIK),
    ]


def test_numbers_in_nested_answers_are_named_by_their_path() -> None:
    form = {
        "heirs": [{"name": "Петя", "egn": PERSON_EGN}, {"name": "Стоян", "egn": OTHER_EGN}],
        "company": {"details": {"eik": BRANCH_EIK}},
    }

    assert found(subjects_of(item(form), "grao.person")) == [
        ("applicant", "egn", APPLICANT_EGN),
        ("form.heirs.0.egn", "egn", PERSON_EGN),
        ("form.heirs.1.egn", "egn", OTHER_EGN),
    ]
    assert found(subjects_of(item(form), "commercial_register.actual_state")) == [
        ("form.company.details.eik", "eik", BRANCH_EIK)
    ]


def test_a_number_given_twice_is_offered_once_under_its_first_name() -> None:
    form = {"person_egn": APPLICANT_EGN, "other": [PERSON_EGN, PERSON_EGN], "eik": COMPANY_EIK}
    case = item(form, represented=RepresentedEntity(eik=COMPANY_EIK, name="Примерна Фирма ЕООД"))

    assert found(subjects_of(case, "nra.obligations")) == [
        ("applicant", "egn", APPLICANT_EGN),
        ("represented", "eik", COMPANY_EIK),
        ("form.other.0", "egn", PERSON_EGN),
    ]


@pytest.mark.parametrize("operation", ["grao.person", "grao.permanent_address", "nra.obligations"])
def test_an_applicant_with_an_lnch_is_not_offered_for_an_egn_check(operation: str) -> None:
    case = item({"person_lnch": LNCH}, applicant=Applicant(identifier_type="lnch", identifier=LNCH, name="John Smith"))

    assert subjects_of(case, operation) == []


@pytest.mark.parametrize(
    "value",
    [
        "7501010011",  # wrong check digit
        "7513010010",  # no month 13
        "206543212",  # wrong EIK check digit
        "12345",
        "75010100100",
        " 7501010010",
        "7501010010 ",
        "750101-0010",
        "٧٥٠١٠١٠٠١٠",  # NOTE: Arabic-Indic digits pass `isdigit`, not the check
        "",
    ],
)
def test_an_invalid_number_in_the_form_is_not_offered(value: str) -> None:
    assert found(subjects_of(item({"number": value}), "nra.obligations")) == [("applicant", "egn", APPLICANT_EGN)]


@pytest.mark.parametrize("value", [7501010010, 206543211, None, True, 1.5])
def test_an_answer_that_is_not_text_is_not_offered(value: object) -> None:
    assert found(subjects_of(item({"number": value}), "nra.obligations")) == [("applicant", "egn", APPLICANT_EGN)]


def test_an_egn_is_not_offered_for_a_company_check_nor_an_eik_for_a_person_check() -> None:
    case = item({"person": PERSON_EGN, "company": COMPANY_EIK})

    assert found(subjects_of(case, "grao.person")) == [
        ("applicant", "egn", APPLICANT_EGN),
        ("form.person", "egn", PERSON_EGN),
    ]
    assert found(subjects_of(case, "commercial_register.actual_state")) == [("form.company", "eik", COMPANY_EIK)]


@pytest.mark.parametrize("operation", ["grao.unknown", "", "nra"])
def test_an_operation_not_known_is_about_nobody(operation: str) -> None:
    case = item({"person": PERSON_EGN}, represented=RepresentedEntity(eik=COMPANY_EIK, name="Примерна Фирма ЕООД"))

    assert subjects_of(case, operation) == []


def test_every_operation_takes_an_egn_or_an_eik() -> None:
    assert ARGUMENTS
    assert all(arguments and set(arguments) <= {"egn", "eik"} for arguments in ARGUMENTS.values())


def test_a_subjects_number_is_not_in_its_repr() -> None:
    (subject,) = subjects_of(item(), "grao.person")

    assert APPLICANT_EGN not in repr(subject)
