import datetime as dt
from typing import Any

import pytest

from egov_example_handler.app import (
    GRAO_CHECK,
    NOT_DECEASED,
    NOT_IN_REGISTER,
    certificate_of_heirs,
    registration_number,
)
from egov_schemas.personal_data import personal_data_in
from egov_schemas.registry import RegistryRequest
from egov_schemas.work import Applicant, InformationExchange, WorkItem
from egov_sdk.consumer import PermanentFailure
from egov_sdk.handler import (
    Accept,
    Complete,
    Context,
    Needed,
    Refuse,
    RegistryAnswer,
    RequestInfo,
    people_named_in,
    reply_for,
)
from egov_sdk.registry_client import Registry

DECEASED_EGN = "4501010014"
DECEASED = RegistryAnswer(status="found", data={"names": {"first": "Петър", "family": "Иванов"}, "alive": False})
ALIVE = RegistryAnswer(status="found", data={"names": {"first": "Петър", "family": "Иванов"}, "alive": True})
NOT_FOUND = RegistryAnswer(status="not_found")
ERROR = RegistryAnswer(status="error", error="invalid EGN")
REFUSED = RegistryAnswer(status="refused", error="service 2016 does not declare grao.person")


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
        processing="automatic",
    )


HEIRS = work_item(
    "2a05eaba-58db-4e31-b9a5-05fe1867c849",
    {"deceased_name": "Петър Иванов", "deceased_egn": DECEASED_EGN, "purpose": "наследствено производство"},
)


class FakeGateway:
    """Answers every registry check with the same answer, and keeps the requests."""

    def __init__(self, answer: RegistryAnswer):
        self.answer = answer
        self.requests: list[RegistryRequest] = []

    async def ask(self, request: RegistryRequest) -> RegistryAnswer:
        self.requests.append(request)
        return self.answer


def context(gateway: FakeGateway, item: WorkItem = HEIRS) -> Context:
    return Context(registry=Registry(gateway, item, administration_id="sofia", requested_by="handler-sofia"))


def test_registration_number_has_the_sofia_prefix_and_the_filing_date():
    item = work_item("2a05eaba-58db-4e31-b9a5-05fe1867c849", {})
    assert registration_number(item) == "СО-20261126-2A05EABA"


@pytest.mark.parametrize(
    ("answer", "decided"),
    [
        (DECEASED, Complete(document_id=f"heirs-{HEIRS.application_id}")),
        (ALIVE, Refuse(reasons=[NOT_DECEASED])),
        (NOT_FOUND, Refuse(reasons=[NOT_IN_REGISTER])),
    ],
)
async def test_the_certificate_of_heirs_follows_what_grao_says_of_the_deceased(answer, decided):
    gateway = FakeGateway(answer)
    decisions = await certificate_of_heirs(HEIRS, context(gateway))
    assert decisions == [Accept(registration_number=registration_number(HEIRS)), decided]
    [request] = gateway.requests
    assert (request.operation, request.arguments, request.purpose) == ("grao.person", {"egn": DECEASED_EGN}, GRAO_CHECK)


async def test_a_personal_number_grao_cannot_check_is_asked_of_the_citizen_again():
    decisions = await certificate_of_heirs(HEIRS, context(FakeGateway(ERROR)))
    assert isinstance(decisions[-1], RequestInfo)
    assert [(needed.key, needed.kind) for needed in decisions[-1].needed] == [("deceased_egn", "answer")]


async def test_a_check_the_catalog_does_not_allow_goes_to_the_dead_letters_with_the_reason():
    with pytest.raises(PermanentFailure, match=r"does not declare grao\.person"):
        await certificate_of_heirs(HEIRS, context(FakeGateway(REFUSED)))


async def test_without_the_personal_number_of_the_deceased_the_citizen_is_asked_for_it_and_grao_is_not():
    item = work_item(HEIRS.application_id, {"deceased_name": "Петър Иванов", "purpose": "наследство"})
    gateway = FakeGateway(DECEASED)
    decisions = await certificate_of_heirs(item, context(gateway, item))
    assert isinstance(decisions[-1], RequestInfo)
    assert gateway.requests == []


async def test_the_next_version_checks_the_number_the_citizen_gave_and_is_not_accepted_again():
    answered = InformationExchange(
        request_sequence=1,
        requested_at=dt.datetime(2026, 11, 27, tzinfo=dt.UTC),
        message="Моля, посочете ЕГН на починалия.",
        needed=[Needed(key="deceased_egn", kind="answer", description="ЕГН на починалия")],
        answered_at=dt.datetime(2026, 11, 28, tzinfo=dt.UTC),
        answers={"deceased_egn": "5001010010"},
    )
    item = HEIRS.model_copy(update={"version": 2, "information": [answered]})
    gateway = FakeGateway(DECEASED)
    decisions = await certificate_of_heirs(item, context(gateway, item))
    assert decisions == [Complete(document_id=f"heirs-{item.application_id}")]
    assert gateway.requests[0].arguments == {"egn": "5001010010"}


@pytest.mark.parametrize("answer", [DECEASED, ALIVE, NOT_FOUND, ERROR])
async def test_decisions_are_publishable_even_when_the_application_id_holds_digits_shaped_like_an_egn(answer):
    # NOTE: the chaos test met such ids: `0009188368` passes an EGN's check, and the document id
    # `heirs-<application id>` was refused as personal data, leaving the application stuck.
    item = HEIRS.model_copy(update={"application_id": "041a4ce9-5738-4b20-bc6e-0009188368be"})
    decisions = await certificate_of_heirs(item, context(FakeGateway(answer), item))
    replies = [reply_for(item, decision, n) for n, decision in enumerate(decisions)]
    assert [personal_data_in(reply.published_text(), people_named_in(item)) for reply in replies] == [[]] * len(replies)
