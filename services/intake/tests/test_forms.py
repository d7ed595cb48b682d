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
