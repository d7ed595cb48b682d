import datetime as dt

from egov_example_handler.app import registration_number
from egov_schemas.work import Applicant, WorkItem


def test_registration_number_has_the_sofia_prefix_and_the_filing_date():
    item = WorkItem(
        application_id="2a05eaba-58db-4e31-b9a5-05fe1867c849",
        administration_id="sofia",
        service=2016,
        service_version=1,
        submitted_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        applicant=Applicant(identifier="7501010010", name="Иван Петров"),
        form={},
    )
    assert registration_number(item) == "СО-20261126-2A05EABA"
