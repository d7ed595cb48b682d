import datetime as dt
from typing import Any

from egov_example_handler.app import issue_at_once, registration_number
from egov_schemas.personal_data import personal_data_in
from egov_schemas.work import Applicant, WorkItem
from egov_sdk.handler import people_named_in, reply_for


def work_item(application_id: str, form: dict[str, Any]) -> WorkItem:
    return WorkItem(
        application_id=application_id,
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=2016,
        service_version=1,
        submitted_at=dt.datetime(2026, 11, 26, tzinfo=dt.UTC),
        applicant=Applicant(identifier="7501010010", name="Иван Петров"),
        form=form,
    )


def test_registration_number_has_the_sofia_prefix_and_the_filing_date():
    item = work_item("2a05eaba-58db-4e31-b9a5-05fe1867c849", {})
    assert registration_number(item) == "СО-20261126-2A05EABA"


async def test_decisions_are_publishable_when_the_application_id_holds_digits_shaped_like_an_egn():
    # NOTE: the chaos test met such ids: `0009188368` passes an EGN's check, and the document id
    # `heirs-<application id>` was refused as personal data, leaving the application stuck.
    item = work_item("041a4ce9-5738-4b20-bc6e-0009188368be", {"deceased_name": "Петър Иванов"})
    replies = [reply_for(item, decision, n) for n, decision in enumerate(await issue_at_once(item))]
    assert [personal_data_in(reply.published_text(), people_named_in(item)) for reply in replies] == [[], []]
