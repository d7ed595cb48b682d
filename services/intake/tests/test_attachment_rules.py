"""The files a service asks for, and who may apply: the level of assurance, one's own name, one's companies."""

import base64
import datetime as dt
import hashlib
import json
import uuid

import pytest

from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.services import seeded_services
from egov_intake.adapters.clamav import ScanVerdict
from egov_intake.domain.idempotency import IdempotencyKey
from egov_intake.domain.identity import Citizen
from egov_intake.domain.model import FileUpload, Submission, SubmitApplication
from egov_intake.service_layer.submissions import Incoming, Staged, attachment_errors, submit
from egov_intake.service_layer.uploads import StoredUpload
from egov_schemas.catalog import AdministrationUpserted, ServiceVersionChanged
from egov_schemas.work import RepresentedEntity
from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.problems import Problem

EGN = "7501010010"
OTHER_EGN = "8001010008"
COMPANY = RepresentedEntity(eik="121856059", name="Строител ЕООД")
SMALL_PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PUBLISHED = {"version": 1, "status": "published", "published_at": dt.datetime(2025, 1, 1, tzinfo=dt.UTC)}
SERVICES = {
    definition.iisda_number: ServiceVersionChanged(**dict(definition), **PUBLISHED) for definition in seeded_services()
}
HEIRS = SERVICES[2016]  # eid_low; power_of_attorney and death_certificate, both optional
EXTRACT = SERVICES[2000]  # eid_substantial
NAME_CHANGE = SERVICES[2033]  # eid_high; name_change_evidence required, power_of_attorney optional
FORMS = {
    2016: {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследство"},
    2000: {"person_name": "Иван Петров", "person_egn": EGN, "record_kind": "birth", "languages": ["en"]},
    2033: {
        "person_name": "Иван Петров",
        "person_egn": EGN,
        "current_name": "Иван Петров",
        "requested_name": "Иван Петров Иванов",
        "name_change_reason": "възстановяване на родово име",
    },
}


class FakeCatalog:
    async def is_ready(self) -> bool:
        return True

    def administration(self, administration_id: str) -> AdministrationUpserted | None:
        return next((a for a in PILOTS if a.id == administration_id), None)

    def service(self, iisda_number: int) -> ServiceVersionChanged | None:
        return SERVICES.get(iisda_number)


class FakeApplications:
    def __init__(self) -> None:
        self.stored: list[tuple[Submission, list[KafkaRecord]]] = []

    async def add(
        self, application: Submission, records: list[KafkaRecord], idempotency: IdempotencyKey | None = None
    ) -> None:
        self.stored.append((application, records))

    async def by_key(self, key: str) -> tuple[bytes, str, str] | None:
        return None


class FakeScanner:
    def __init__(self, signature: str | None = None):
        self.signature = signature

    async def scan(self, content: bytes) -> ScanVerdict:
        return ScanVerdict(infected=self.signature is not None, signature=self.signature)


class FakeBlobs:
    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    async def put(self, content: bytes) -> str:
        sha256 = hashlib.sha256(content).hexdigest()
        self.kept[sha256] = content
        return sha256


def command(service: int, identifier: str = EGN, **changes: object) -> SubmitApplication:
    body = {
        "administration_id": "sofia",
        "service": service,
        "applicant": {"identifier": identifier, "name": "Иван Петров"},
        "form": FORMS[service],
    }
    return SubmitApplication.model_validate({**body, **changes})


def citizen(acr: str = "eid_high", represents: tuple[RepresentedEntity, ...] = (COMPANY,)) -> Citizen:
    return Citizen(egn=EGN, name="Иван Петров", acr=acr, represents=represents)


def stored_pdf(key: str, filename: str = "решение.pdf") -> StoredUpload:
    return StoredUpload(key, filename, "application/pdf", len(SMALL_PDF), hashlib.sha256(SMALL_PDF).hexdigest())


async def refusal(body: SubmitApplication, who: Citizen | None, uploads: Staged | None = None) -> Problem:
    """The problem `submit` raises; fails the test if anything was stored."""
    applications = FakeApplications()
    with pytest.raises(Problem) as refused:
        await submit(body, catalog=FakeCatalog(), repository=applications, source="/x", citizen=who, uploads=uploads)
    assert applications.stored == []
    return refused.value


def test_the_seeded_services_ask_for_the_levels_these_tests_rely_on():
    levels = (HEIRS.assurance_level, EXTRACT.assurance_level, NAME_CHANGE.assurance_level)
    assert levels == ("eid_low", "eid_substantial", "eid_high")


def test_the_files_a_service_needs_given_once_each_raise_nothing():
    assert attachment_errors(NAME_CHANGE, ["name_change_evidence"]) == []
    assert attachment_errors(NAME_CHANGE, ["power_of_attorney", "name_change_evidence"]) == []


def test_optional_files_may_be_left_out():
    assert attachment_errors(HEIRS, []) == []
    assert attachment_errors(HEIRS, ["death_certificate"]) == []


def test_a_required_file_left_out_is_named():
    assert attachment_errors(NAME_CHANGE, ["power_of_attorney"]) == [
        {"field": "attachments", "detail": "name_change_evidence is needed (Evidence supporting the name change)"}
    ]


def test_a_file_the_service_does_not_ask_for_is_refused_by_its_place():
    assert attachment_errors(HEIRS, ["death_certificate", "photo"]) == [
        {"field": "attachments.1.key", "detail": "service 2016 asks for no 'photo'"}
    ]


def test_the_same_file_given_twice_is_refused_the_second_time():
    assert attachment_errors(NAME_CHANGE, ["name_change_evidence", "power_of_attorney", "name_change_evidence"]) == [
        {"field": "attachments.2.key", "detail": "name_change_evidence is attached already"}
    ]


def test_every_fault_is_reported_together():
    errors = attachment_errors(NAME_CHANGE, ["photo", "power_of_attorney", "power_of_attorney"])
    assert [error["field"] for error in errors] == ["attachments.0.key", "attachments.2.key", "attachments"]


async def test_an_anonymous_submission_for_a_service_needing_a_higher_level_asks_for_a_login():
    problem = await refusal(command(2000), None)
    assert (problem.status, problem.title) == (401, "Login required")


async def test_a_citizen_logged_in_below_the_services_level_is_forbidden():
    problem = await refusal(command(2000), citizen("eid_low"))
    assert (problem.status, problem.title) == (403, "Higher level of assurance required")


async def test_a_citizen_logged_in_at_an_unknown_level_is_forbidden_even_the_lowest_level():
    assert (await refusal(command(2016), citizen(""))).status == 403


async def test_a_citizen_may_not_apply_in_someone_elses_name():
    problem = await refusal(command(2000, identifier=OTHER_EGN), citizen("eid_substantial"))
    assert problem.status == 422
    assert [error["field"] for error in problem.extra["errors"]] == ["applicant.identifier"]


async def test_a_citizen_may_not_apply_for_a_company_they_do_not_represent():
    other = {"eik": "000696327", "name": "Клон АД"}
    problem = await refusal(command(2016, represented=other), citizen("eid_low"))
    assert problem.status == 422
    assert problem.extra["errors"] == [
        {"field": "represented.eik", "detail": "the logged-in person does not represent 000696327"}
    ]


async def test_an_anonymous_submission_may_not_be_for_a_company():
    problem = await refusal(command(2016, represented=COMPANY.model_dump()), None)
    assert problem.status == 422
    assert [error["field"] for error in problem.extra["errors"]] == ["represented"]


async def test_a_required_file_missing_refuses_a_citizens_submission():
    problem = await refusal(command(2033), citizen(), Staged([stored_pdf("power_of_attorney")]))
    assert problem.status == 422
    assert [error["field"] for error in problem.extra["errors"]] == ["attachments"]


async def test_an_anonymous_submission_at_the_lowest_level_is_stored_without_a_person():
    applications = FakeApplications()
    await submit(command(2016), catalog=FakeCatalog(), repository=applications, source="/x")
    [(stored, _)] = applications.stored
    assert (stored.person, stored.represented, stored.attachments) == (None, None, ())


async def test_a_citizens_submission_keeps_their_egn_their_company_and_references_to_the_files():
    applications = FakeApplications()
    files = [stored_pdf("name_change_evidence"), stored_pdf("power_of_attorney", "пълномощно.pdf")]
    submitted = await submit(
        command(2033, represented=COMPANY.model_dump()),
        catalog=FakeCatalog(),
        repository=applications,
        source="/x",
        citizen=citizen("eid_high"),
        uploads=Staged(files),
    )
    [(stored, [record])] = applications.stored
    assert stored.id == submitted.application_id
    assert stored.person == EGN
    assert stored.represented == {"eik": "121856059", "name": "Строител ЕООД"}

    sha256 = hashlib.sha256(SMALL_PDF).hexdigest()
    ids = [attached.id for attached in stored.attachments]
    assert len(set(ids)) == 2
    assert all(uuid.UUID(file_id) for file_id in ids)
    assert [attached.model_dump() for attached in stored.attachments] == [
        {
            "id": ids[0],
            "key": "name_change_evidence",
            "filename": "решение.pdf",
            "media_type": "application/pdf",
            "size": len(SMALL_PDF),
            "sha256": sha256,
            "url": f"/applications/{stored.id}/attachments/{ids[0]}",
        },
        {
            "id": ids[1],
            "key": "power_of_attorney",
            "filename": "пълномощно.pdf",
            "media_type": "application/pdf",
            "size": len(SMALL_PDF),
            "sha256": sha256,
            "url": f"/applications/{stored.id}/attachments/{ids[1]}",
        },
    ]
    received = json.loads(record.value or b"")
    assert received["attachments"] == [attached.model_dump(mode="json") for attached in stored.attachments]
    assert received["represented"] == {"eik": "121856059", "name": "Строител ЕООД"}
    assert received["applicant"]["identifier"] == EGN


def api_file(key: str, content: bytes) -> FileUpload:
    return FileUpload.model_validate(
        {"key": key, "filename": "document.pdf", "content": base64.b64encode(content).decode()}
    )


async def test_files_sent_through_the_api_are_scanned_and_kept_once_the_rest_is_valid():
    applications, blobs = FakeApplications(), FakeBlobs()
    uploads = Incoming([api_file("name_change_evidence", SMALL_PDF)], FakeScanner(), blobs)
    await submit(
        command(2033), catalog=FakeCatalog(), repository=applications, source="/x", citizen=citizen(), uploads=uploads
    )
    [(stored, _)] = applications.stored
    [attached] = stored.attachments
    assert (attached.key, attached.media_type, attached.sha256) == (
        "name_change_evidence",
        "application/pdf",
        hashlib.sha256(SMALL_PDF).hexdigest(),
    )
    assert blobs.kept == {attached.sha256: SMALL_PDF}


async def test_an_infected_file_sent_through_the_api_refuses_the_submission_by_the_files_place():
    applications, blobs = FakeApplications(), FakeBlobs()
    files = [api_file("power_of_attorney", SMALL_PDF), api_file("name_change_evidence", SMALL_PDF)]
    uploads = Incoming(files, FakeScanner("Eicar-Test-Signature"), blobs)
    with pytest.raises(Problem) as refused:
        await submit(
            command(2033),
            catalog=FakeCatalog(),
            repository=applications,
            source="/x",
            citizen=citizen(),
            uploads=uploads,
        )
    assert refused.value.status == 422
    assert refused.value.extra["errors"] == [
        {"field": "attachments.0.content", "detail": "the file contains malware (Eicar-Test-Signature) and was refused"}
    ]
    assert (applications.stored, blobs.kept) == ([], {})
