from egov_catalog.domain.seed.services import seeded_services
from egov_intake.domain.forms import form_errors

CERTIFICATE_OF_HEIRS = next(s.form_schema for s in seeded_services() if s.iisda_number == 2016)


def test_a_complete_form_has_no_errors():
    form = {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследство"}
    assert form_errors(CERTIFICATE_OF_HEIRS, form) == []


def test_each_problem_names_its_field():
    form = {"deceased_egn": "12", "purpose": "наследство", "date_of_death": "yesterday", "extra": 1}
    fields = {error["field"] for error in form_errors(CERTIFICATE_OF_HEIRS, form)}
    assert fields == {"form", "form.deceased_egn", "form.date_of_death"}


def test_a_personal_number_with_a_wrong_check_digit_is_refused():
    form = {"deceased_name": "Петър Иванов", "deceased_egn": "3501010013", "purpose": "наследство"}
    [error] = form_errors(CERTIFICATE_OF_HEIRS, form)
    assert (error["field"], error["detail"]) == ("form.deceased_egn", "'3501010013' is not a 'egn'")


def test_a_company_number_is_checked_by_its_check_digits():
    cafe = next(s.form_schema for s in seeded_services() if s.iisda_number == 1475)
    for eik, valid in [
        ("831642181", True),
        ("8316421810002", True),
        ("831642182", False),
        ("8316421810003", False),
        ("12345", False),
    ]:
        form = {"site_name": "Кафе", "site_address": "ул. Шипка 1", "operator_eik": eik}
        problems = {error["field"] for error in form_errors(cafe, form)}
        assert ("form.operator_eik" not in problems) is valid, eik
