"""Prefill with a fake catalog, consent store and gateway: what fills the form, what is left for the
citizen and why, and that the consent is on record before any registry is read."""

import datetime as dt
import json
import traceback
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import SecretStr

from egov_intake.adapters.registry_gateway import RegistryGateway, RegistryGatewayError, RegistryUnavailable
from egov_intake.domain.prefill import UNFILLED_REASONS, ConsentOutcome, PrefillAsked, PrefillConsent
from egov_intake.entrypoints.prefill import prefill_router
from egov_intake.service_layer.prefill import prefill
from egov_schemas.catalog import PackageEntry, PackagePublished, ServiceVersionChanged
from egov_schemas.registry import (
    PREFILL_ASKER,
    PREFILL_TOKEN_AUDIENCE,
    PrefillAnswer,
    PrefillAnswers,
    PrefillRequest,
    RegistryOperation,
    RegistryStatus,
)
from egov_sdk.auth import CITIZEN, STAFF, AuthSettings, ServiceCredential, authenticator, mint_token
from egov_sdk.problems import Problem, install_problem_handlers

EGN = "7501010010"
PERSON = {"names": {"first": "Иван", "surname": "Петров", "family": "Иванов"}, "birth_date": "1975-01-01"}
ADDRESS = {"settlement": "гр. София", "street": "ул. Витоша", "number": "1", "floor": "3"}


def service(number: int = 2128, *, prefill: bool = True) -> ServiceVersionChanged:
    checks = ["grao.person", "grao.permanent_address"]
    return ServiceVersionChanged(
        iisda_number=number,
        name_bg="Удостоверение за постоянен адрес",
        name_en="Certificate of permanent address",
        category="address",
        provider_kinds=["municipality"],
        legal_basis="Закон за гражданската регистрация, чл. 106",
        tiers={"ordinary": {"deadline": {"days": 7}, "fee_bgn": 5}},
        registry_checks=[{"operation": operation, "law_reason": "ЗГР, чл. 106"} for operation in checks],
        prefill=[
            {"field": "person_name", "source": "grao.person.full_name"},
            {"field": "settlement", "source": "grao.permanent_address.settlement"},
            {"field": "address", "source": "grao.permanent_address.address"},
        ]
        if prefill
        else [],
        output_document_bg="Удостоверение",
        output_document_en="Certificate",
        form_schema={"type": "object", "properties": {"person_name": {}, "settlement": {}, "address": {}}},
        source={"url": "https://iisda.government.bg/services/2128", "verification": "A"},
        version=3,
        status="published",
        published_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
    )


class FakeCatalog:
    def __init__(self, services: list[ServiceVersionChanged], offered: dict[str, list[int]]):
        self.services = {definition.iisda_number: definition for definition in services}
        self.offered = offered
        self.synced = 0

    def service(self, iisda_number: int) -> ServiceVersionChanged | None:
        return self.services.get(iisda_number)

    def package(self, administration_id: str) -> PackagePublished | None:
        if administration_id not in self.offered:
            return None
        entries = [PackageEntry(service=number) for number in self.offered[administration_id]]
        return PackagePublished(administration_id=administration_id, version=1, entries=entries)

    async def sync(self, within_s: float) -> bool:
        self.synced += 1
        return True


class FakeConsents:
    def __init__(self, journal: list[str]) -> None:
        self.journal = journal
        self.recorded: dict[str, PrefillConsent] = {}
        self.outcomes: dict[str, ConsentOutcome] = {}

    async def record(self, consent: PrefillConsent) -> None:
        self.journal.append("consent recorded")
        self.recorded[consent.id] = consent
        self.outcomes[consent.id] = consent.outcome

    async def settle(self, consent_id: str, outcome: ConsentOutcome) -> None:
        self.outcomes[consent_id] = outcome


class FakeGateway:
    def __init__(self, journal: list[str], statuses: dict[RegistryOperation, RegistryStatus], fails: Exception | None):
        self.journal = journal
        self.statuses = statuses
        self.fails = fails
        self.asked: list[PrefillRequest] = []

    async def ask(self, request: PrefillRequest) -> PrefillAnswers:
        self.journal.append("gateway asked")
        self.asked.append(request)
        if self.fails is not None:
            raise self.fails
        data: dict[str, dict[str, Any]] = {"grao.person": PERSON, "grao.permanent_address": ADDRESS}
        return PrefillAnswers(
            answers=[
                PrefillAnswer(operation=operation, status=status, data=data[operation] if status == "found" else None)
                for operation, status in self.statuses.items()
            ]
        )


class World:
    def __init__(
        self,
        *,
        services: list[ServiceVersionChanged] | None = None,
        statuses: dict[RegistryOperation, RegistryStatus] | None = None,
        fails: Exception | None = None,
    ):
        self.journal: list[str] = []
        self.catalog = FakeCatalog([service()] if services is None else services, {"sofia": [2128, 1997]})
        self.consents = FakeConsents(self.journal)
        found: dict[RegistryOperation, RegistryStatus] = {"grao.person": "found", "grao.permanent_address": "found"}
        self.gateway = FakeGateway(self.journal, statuses or found, fails)

    async def prefill(self, administration_id: str = "sofia", number: int = 2128, egn: str = EGN) -> Any:
        asked = PrefillAsked(administration_id=administration_id, service=number, consent=True)
        return await prefill(asked, egn, catalog=self.catalog, consents=self.consents, gateway=self.gateway)


async def test_fields_are_filled_from_what_the_registries_found():
    world = World()
    filled = await world.prefill()
    assert filled.fields == {
        "person_name": "Иван Петров Иванов",
        "settlement": "гр. София",
        "address": "ул. Витоша 1, ет. 3",
    }
    assert filled.sources["address"] == "grao.permanent_address.address"
    assert filled.unfilled == []
    [request] = world.gateway.asked
    assert request.operations == ["grao.person", "grao.permanent_address"]
    assert (request.egn, request.consent_id, request.service) == (EGN, filled.consent_id, 2128)


@pytest.mark.parametrize("status", ["not_found", "refused", "error"])
async def test_a_field_whose_registry_did_not_find_it_is_left_with_the_reason(status):
    world = World(statuses={"grao.person": "found", "grao.permanent_address": status})
    filled = await world.prefill()
    assert filled.fields == {"person_name": "Иван Петров Иванов"}
    assert {(unfilled.field, unfilled.reason) for unfilled in filled.unfilled} == {
        ("settlement", UNFILLED_REASONS[status]),
        ("address", UNFILLED_REASONS[status]),
    }
    assert all(EGN not in unfilled.reason for unfilled in filled.unfilled)


async def test_the_consent_is_recorded_before_the_gateway_is_asked_and_settled_after():
    world = World()
    filled = await world.prefill()
    assert world.journal == ["consent recorded", "gateway asked"]
    consent = world.consents.recorded[filled.consent_id]
    assert consent.person == f"PNOBG-{EGN}"
    assert consent.fields == ["person_name", "settlement", "address"]
    assert consent.operations == ["grao.person", "grao.permanent_address"]
    assert world.consents.outcomes[filled.consent_id] == "answered"
    assert EGN not in repr(consent)


@pytest.mark.parametrize(
    ("failure", "outcome"),
    [(RegistryUnavailable("RegiX down", 30), "unavailable"), (RegistryGatewayError(401, "bad key"), "failed")],
)
async def test_a_gateway_that_cannot_answer_leaves_the_consent_with_its_outcome(failure, outcome):
    world = World(fails=failure)
    with pytest.raises(type(failure)):
        await world.prefill()
    [consent_id] = world.consents.recorded
    assert world.consents.outcomes[consent_id] == outcome


async def test_a_service_without_prefill_fields_is_refused_naming_the_service():
    world = World(services=[service(prefill=False)])
    with pytest.raises(Problem) as refused:
        await world.prefill()
    assert refused.value.status == 422
    assert refused.value.extra["errors"] == [
        {"field": "service", "detail": "service 2128 has no fields filled from registries"}
    ]
    assert world.journal == []


@pytest.mark.parametrize(
    ("administration_id", "number", "field"),
    [("sofia", 4242, "service"), ("burgas", 2128, "administration_id")],
)
async def test_a_service_unknown_or_not_offered_is_refused_after_one_sync(administration_id, number, field):
    world = World()
    with pytest.raises(Problem) as refused:
        await world.prefill(administration_id, number)
    assert (refused.value.status, refused.value.extra["errors"][0]["field"]) == (422, field)
    assert world.catalog.synced == 1
    assert world.journal == []


async def test_an_identifier_that_is_not_an_egn_reads_nothing():
    world = World()
    with pytest.raises(Problem) as refused:
        await world.prefill(egn="7501010011")
    assert refused.value.status == 403
    assert world.journal == []


PREFILL_KEY = SecretStr("a-prefill-key-long-enough-for-hs256-tokens")
GATEWAY_REQUEST = PrefillRequest(
    administration_id="sofia", service=2128, operations=["grao.person"], egn=EGN, consent_id="c" * 32
)


async def ask_gateway(answer: httpx.Response | Exception) -> tuple[PrefillAnswers, httpx.Request]:
    seen: list[httpx.Request] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if isinstance(answer, Exception):
            raise answer
        return answer

    async with httpx.AsyncClient(transport=httpx.MockTransport(gateway)) as http:
        client = RegistryGateway("http://gateway/", ServiceCredential(PREFILL_KEY, PREFILL_TOKEN_AUDIENCE), http)
        answers = await client.ask(GATEWAY_REQUEST)
    return answers, seen[0]


async def test_the_gateway_client_signs_as_intake():
    found = {"answers": [{"operation": "grao.person", "status": "found", "data": PERSON}]}
    answers, sent = await ask_gateway(httpx.Response(200, json=found))
    assert answers.answers[0].data == PERSON
    assert sent.url == "http://gateway/internal/prefill"
    token = sent.headers["authorization"].removeprefix("Bearer ")
    assert ServiceCredential(PREFILL_KEY, PREFILL_TOKEN_AUDIENCE).subject(token) == PREFILL_ASKER
    assert json.loads(sent.content) == GATEWAY_REQUEST.model_dump(mode="json")


@pytest.mark.parametrize(
    ("answer", "retry_after_s"),
    [
        (httpx.Response(503, headers={"Retry-After": "45"}, json={"title": "Registry unavailable"}), 45),
        (httpx.Response(503), 60),
        (httpx.ReadTimeout("slow"), 60),
        (httpx.ConnectError("refused"), 60),
    ],
)
async def test_a_gateway_that_cannot_answer_now_is_unavailable(answer, retry_after_s):
    with pytest.raises(RegistryUnavailable) as unavailable:
        await ask_gateway(answer)
    assert unavailable.value.retry_after_s == retry_after_s


@pytest.mark.parametrize(
    "answer",
    [httpx.Response(401), httpx.Response(409), httpx.Response(422), httpx.Response(200, json={"answers": PERSON})],
)
async def test_a_gateway_refusal_or_an_answer_out_of_contract_is_an_error(answer):
    with pytest.raises(RegistryGatewayError) as failed:
        await ask_gateway(answer)
    assert failed.value.status == answer.status_code
    # NOTE: the traceback a log would keep must not quote the answer: the citizen's data.
    assert "input_value" not in "".join(traceback.format_exception(failed.value))


AUTH = AuthSettings(auth_jwt_key=SecretStr("a-local-key-long-enough-for-hs256-tokens"))


def client(world: World) -> TestClient:
    app = FastAPI()
    install_problem_handlers(app)
    signed_in = authenticator(AUTH, realm="egov-intake")
    app.include_router(prefill_router(world.catalog, world.consents, world.gateway, signed_in))
    return TestClient(app)


def citizen() -> dict[str, str]:
    return {"authorization": f"Bearer {mint_token(AUTH, 'citizen-1', [CITIZEN], person=f'PNOBG-{EGN}')}"}


BODY = {"administration_id": "sofia", "service": 2128, "consent": True}


def test_the_citizen_gets_the_filled_fields_over_http():
    response = client(World()).post("/prefill", json=BODY, headers=citizen())
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"consent_id", "fields", "sources", "unfilled"}
    assert body["fields"]["settlement"] == "гр. София"


@pytest.mark.parametrize("consent", [False, 1, "true", None])
def test_without_the_citizens_consent_nothing_is_read(consent):
    world = World()
    response = client(world).post("/prefill", json={**BODY, "consent": consent}, headers=citizen())
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "consent"
    assert "agree" in error["detail"]
    assert world.journal == []


def test_only_a_logged_in_citizen_may_ask():
    world = World()
    anonymous = client(world).post("/prefill", json=BODY)
    staff_token = mint_token(AUTH, "clerk", [STAFF], administration="sofia")
    staff = client(world).post("/prefill", json=BODY, headers={"authorization": f"Bearer {staff_token}"})
    assert (anonymous.status_code, staff.status_code) == (401, 403)
    assert world.journal == []


def test_registries_unavailable_answer_503_with_retry_after():
    response = client(World(fails=RegistryUnavailable("RegiX down", 30))).post("/prefill", json=BODY, headers=citizen())
    assert response.status_code == 503
    assert response.headers["retry-after"] == "30"
    assert response.headers["content-type"] == "application/problem+json"
    assert "by hand" in response.json()["detail"]
