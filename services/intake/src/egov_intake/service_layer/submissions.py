"""Taking a citizen's submission: validate it against the catalog, store it, queue its events."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from egov_intake.adapters.repository import ReferenceTaken
from egov_intake.domain.forms import form_errors
from egov_intake.domain.idempotency import HEADER, KeyTaken
from egov_intake.domain.model import Submission, SubmitApplication
from egov_schemas import topics
from egov_schemas.reference import new_reference
from egov_schemas.work import ApplicationReceived
from egov_sdk.cloudevents import to_record
from egov_sdk.problems import FieldError, Problem, unprocessable
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from egov_intake.domain.idempotency import IdempotencyKey
    from egov_schemas.catalog import AdministrationUpserted, ServiceVersionChanged
    from egov_sdk.cloudevents import KafkaRecord


# NOTE: 2^40 reference numbers: a draw collides about once in a million at a million stored.
REFERENCE_DRAWS = 5


@dataclass(frozen=True)
class Submitted:
    application_id: str
    reference: str
    replayed: bool
    """True when an earlier submission under the same idempotency key is answered again."""


class Catalog(Protocol):
    """What intake needs of the catalog (an `egov_sdk.catalog_view.CatalogView` in production)."""

    async def is_ready(self) -> bool: ...
    def administration(self, administration_id: str) -> AdministrationUpserted | None: ...
    def service(self, iisda_number: int) -> ServiceVersionChanged | None: ...


class Applications(Protocol):
    async def add(
        self, application: Submission, records: list[KafkaRecord], idempotency: IdempotencyKey | None = None
    ) -> None: ...
    async def by_key(self, key: str) -> tuple[bytes, str, str] | None: ...


def invalid(errors: list[FieldError]) -> Problem:
    return unprocessable("Invalid application", errors)


async def submit(
    command: SubmitApplication,
    *,
    catalog: Catalog,
    repository: Applications,
    source: str,
    idempotency: IdempotencyKey | None = None,
) -> Submitted:
    """Store the application durably with the submission routing takes from there; a submission
    retried under the same idempotency key gets the first one's application instead."""
    if idempotency is not None and (first := await _first_under(idempotency, repository)) is not None:
        return first
    if not await catalog.is_ready():
        raise Problem(503, "Catalog not loaded yet", "The service catalog is still loading; retry shortly.")
    if errors := list(unstorable(command.model_dump())):
        raise invalid(errors)
    if catalog.administration(command.administration_id) is None:
        raise invalid([{"field": "administration_id", "detail": f"unknown administration {command.administration_id}"}])
    service = catalog.service(command.service)
    if service is None:
        raise invalid([{"field": "service", "detail": f"no published service with IISDA number {command.service}"}])
    if command.tier not in service.tiers:
        offered = ", ".join(service.tiers)
        raise invalid([{"field": "tier", "detail": f"service {command.service} is offered as: {offered}"}])
    if errors := form_errors(service.form_schema, command.form):
        raise invalid(errors)

    for _ in range(REFERENCE_DRAWS):
        try:
            return await _store(command, service.version, repository, source, idempotency)
        except ReferenceTaken:
            continue
    raise RuntimeError(f"no free reference number in {REFERENCE_DRAWS} draws")


async def _store(
    command: SubmitApplication,
    version: int,
    repository: Applications,
    source: str,
    idempotency: IdempotencyKey | None,
) -> Submitted:
    application_id, reference = str(uuid.uuid4()), new_reference()
    now = dt.datetime.now(dt.UTC)
    common = {
        "application_id": application_id,
        "reference": reference,
        "administration_id": command.administration_id,
        "service": command.service,
        "service_version": version,
    }
    received = ApplicationReceived(
        **common, tier=command.tier, submitted_at=now, applicant=command.applicant, form=command.form
    )
    submission = Submission(
        id=application_id,
        reference=reference,
        administration_id=command.administration_id,
        service=command.service,
        service_version=version,
        tier=command.tier,
        applicant=command.applicant.model_dump(mode="json"),
        form=command.form,
        submitted_at=now,
        preferences=command.notifications.model_dump(mode="json"),
    )
    records = [to_record(received, topic=topics.SUBMISSIONS, source=source, time=now)]
    if idempotency is None:
        await repository.add(submission, records)
        return Submitted(application_id, reference, replayed=False)
    try:
        await repository.add(submission, records, idempotency)
    except KeyTaken:
        # NOTE: the same key arrived twice at once (a client retrying fast); the other one won.
        if (first := await _first_under(idempotency, repository)) is None:
            raise
        return first
    return Submitted(application_id, reference, replayed=False)


async def _first_under(idempotency: IdempotencyKey, repository: Applications) -> Submitted | None:
    """The application first submitted under the key; refused if that was another submission."""
    found = await repository.by_key(idempotency.key)
    if found is None:
        return None
    fingerprint, application_id, reference = found
    if fingerprint != idempotency.fingerprint:
        raise unprocessable(
            "Idempotency key reused",
            [{"field": HEADER, "detail": "was used for a different submission; use a new key for a new one"}],
        )
    return Submitted(application_id, reference, replayed=True)
