"""Submitting, with a fake catalog and a fake repository: what is stored and queued, and what is refused."""

import datetime as dt
import json

import pytest

from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.services import seeded_services
from egov_intake.adapters.repository import ReferenceTaken
from egov_intake.domain.idempotency import IdempotencyKey, fingerprint
from egov_intake.domain.model import Submission, SubmitApplication
from egov_intake.service_layer.submissions import submit
from egov_schemas.catalog import AdministrationUpserted, ServiceVersionChanged
from egov_schemas.reference import normalize_reference
from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.problems import Problem


class FakeCatalog:
    def __init__(self, ready: bool = True):
        self.ready = ready

    async def is_ready(self) -> bool:
        return self.ready

    def administration(self, administration_id: str) -> AdministrationUpserted | None:
        return next((a for a in PILOTS if a.id == administration_id), None)

    def service(self, iisda_number: int) -> ServiceVersionChanged | None:
        definition = next((s for s in seeded_services() if s.iisda_number == iisda_number), None)
        published = {"version": 1, "status": "published", "published_at": dt.datetime.now(dt.UTC)}
        return None if definition is None else ServiceVersionChanged(**dict(definition), **published)


class FakeApplications:
    def __init__(self) -> None:
        self.stored: list[tuple[Submission, list[KafkaRecord]]] = []
        self.keys: dict[str, tuple[bytes, str, str]] = {}

    async def add(
        self, application: Submission, records: list[KafkaRecord], idempotency: IdempotencyKey | None = None
    ) -> None:
        self.stored.append((application, records))
        if idempotency is not None:
            self.keys[idempotency.key] = (idempotency.fingerprint, application.id, application.reference)

    async def by_key(self, key: str) -> tuple[bytes, str, str] | None:
        return self.keys.get(key)


def command(**changes: object) -> SubmitApplication:
    body = {
        "administration_id": "sofia",
        "service": 2016,
        "applicant": {"identifier": "7501010010", "name": "Иван Петров"},
        "form": {"deceased_name": "Петър Иванов", "deceased_egn": "3501010012", "purpose": "наследство"},
    }
    return SubmitApplication.model_validate({**body, **changes})


async def test_submission_is_stored_with_the_full_submission_for_routing_only():
    applications = FakeApplications()
    submitted = await submit(command(), catalog=FakeCatalog(), repository=applications, source="/egov/intake")
    application_id = submitted.application_id

    [(stored, records)] = applications.stored
    assert stored.id == application_id
    assert stored.reference == submitted.reference == normalize_reference(submitted.reference)
    assert (stored.status, stored.sequence, stored.service_version) == ("submitted", 1, 1)
    # NOTE: only routing writes the lifecycle log (its Kafka principal alone may).
    [received] = records
    assert received.topic == "egov.intake.submissions"
    assert json.loads(received.value or b"")["applicant"]["identifier"] == "7501010010"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"administration_id": "atlantis"}, "administration_id"),
        ({"service": 42424}, "service"),
        ({"form": {"purpose": "наследство"}}, "form"),
        ({"service": 1997, "tier": "fast", "form": {}}, "tier"),
        ({"form": {**command().form, "purpose": "\ud800"}}, "form.purpose"),
        ({"form": {**command().form, "purpose": "наследство\x00"}}, "form.purpose"),
        ({"form": {**command().form, "purpose": {"\ud800": 1}}}, "form.purpose"),
        ({"form": {**command().form, "count": 2**63}}, "form.count"),
        ({"form": {**command().form, "count": -(2**64)}}, "form.count"),
        ({"form": {**command().form, "volume": float("inf")}}, "form.volume"),
    ],
)
async def test_what_the_catalog_does_not_allow_is_refused_and_nothing_is_stored(changes, field):
    applications = FakeApplications()
    with pytest.raises(Problem) as refused:
        await submit(command(**changes), catalog=FakeCatalog(), repository=applications, source="/egov/intake")
    assert refused.value.status == 422
    assert field in [error["field"] for error in refused.value.extra["errors"]]
    assert applications.stored == []


async def test_a_catalog_still_loading_answers_503():
    with pytest.raises(Problem) as refused:
        await submit(command(), catalog=FakeCatalog(ready=False), repository=FakeApplications(), source="/x")
    assert refused.value.status == 503


async def test_a_submission_retried_with_its_idempotency_key_gets_the_first_application():
    applications, body = FakeApplications(), command()
    key = IdempotencyKey("9b2c6f0e-retry", fingerprint(body.model_dump(mode="json")))
    first = await submit(body, catalog=FakeCatalog(), repository=applications, source="/x", idempotency=key)
    again = await submit(body, catalog=FakeCatalog(), repository=applications, source="/x", idempotency=key)
    assert (again.application_id, again.replayed, first.replayed) == (first.application_id, True, False)
    assert again.reference == first.reference
    assert len(applications.stored) == 1


async def test_an_idempotency_key_reused_for_another_submission_is_refused():
    applications = FakeApplications()
    first, other = command(), command(tier="fast")
    key = "9b2c6f0e-reused"
    await submit(
        first,
        catalog=FakeCatalog(),
        repository=applications,
        source="/x",
        idempotency=IdempotencyKey(key, fingerprint(first.model_dump(mode="json"))),
    )
    with pytest.raises(Problem) as refused:
        await submit(
            other,
            catalog=FakeCatalog(),
            repository=applications,
            source="/x",
            idempotency=IdempotencyKey(key, fingerprint(other.model_dump(mode="json"))),
        )
    assert (refused.value.status, refused.value.extra["errors"][0]["field"]) == (422, "Idempotency-Key")
    assert len(applications.stored) == 1


class TakenOnce(FakeApplications):
    """A store where the first reference number drawn belongs to another application already."""

    def __init__(self) -> None:
        super().__init__()
        self.drawn: list[str] = []

    async def add(
        self, application: Submission, records: list[KafkaRecord], idempotency: IdempotencyKey | None = None
    ) -> None:
        if not self.drawn:
            self.drawn.append(application.reference)
            raise ReferenceTaken(application.reference)
        self.drawn.append(application.reference)
        await super().add(application, records, idempotency)


async def test_a_reference_number_taken_already_is_drawn_again():
    applications = TakenOnce()
    submitted = await submit(command(), catalog=FakeCatalog(), repository=applications, source="/x")
    first_draw, second_draw = applications.drawn
    assert submitted.reference == second_draw != first_draw
    [(stored, records)] = applications.stored
    assert json.loads(records[0].value or b"")["reference"] == stored.reference == second_draw
