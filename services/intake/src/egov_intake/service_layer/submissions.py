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
from egov_intake.service_layer.uploads import StoredUpload, UploadRefused, take
from egov_schemas import topics
from egov_schemas.reference import new_reference
from egov_schemas.work import ApplicationReceived, AttachedFile
from egov_sdk.cloudevents import to_record
from egov_sdk.problems import FieldError, Problem, unprocessable
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from collections.abc import Sequence

    from egov_intake.domain.idempotency import IdempotencyKey
    from egov_intake.domain.identity import Citizen
    from egov_intake.domain.model import FileUpload
    from egov_intake.service_layer.uploads import Blobs, Scanner
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


class Uploads(Protocol):
    """The files of a submission: already stored (the portal's draft) or to be taken now (the API)."""

    def keys(self) -> list[str]: ...
    async def store(self, service: ServiceVersionChanged) -> Sequence[StoredUpload]: ...


class Staged:
    """Files taken already (scanned and in the blob store)."""

    def __init__(self, uploads: Sequence[StoredUpload] = ()):
        self._uploads = uploads

    def keys(self) -> list[str]:
        return [upload.key for upload in self._uploads]

    async def store(self, service: ServiceVersionChanged) -> Sequence[StoredUpload]:  # noqa: ARG002 - the protocol's
        return self._uploads


class Incoming:
    """Files sent with an API submission: each taken (checked, scanned, stored) once the rest is valid."""

    def __init__(self, files: Sequence[FileUpload], scanner: Scanner, blobs: Blobs):
        self._files = files
        self._scanner = scanner
        self._blobs = blobs

    def keys(self) -> list[str]:
        return [file.key for file in self._files]

    async def store(self, service: ServiceVersionChanged) -> Sequence[StoredUpload]:
        taken = []
        for index, file in enumerate(self._files):
            rule = service.attachment(file.key)
            assert rule is not None  # NOTE: attachment_errors refused unknown keys before
            try:
                taken.append(await take(rule, file.filename, file.content, scanner=self._scanner, blobs=self._blobs))
            except UploadRefused as refused:
                raise invalid([{"field": f"attachments.{index}.content", "detail": refused.detail()}]) from refused
        return taken


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
    citizen: Citizen | None = None,
    uploads: Uploads | None = None,
) -> Submitted:
    """Store the application durably with the submission routing takes from there; a submission
    retried under the same idempotency key gets the first one's application instead.

    `citizen` is the person the national eID vouched for (none: an anonymous API client, which
    may apply only for services asking no more than the lowest level of assurance)."""
    uploads = uploads or Staged()
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
    _check_identity(command, service, citizen)
    if errors := attachment_errors(service, uploads.keys()):
        raise invalid(errors)
    files = await uploads.store(service)

    for _ in range(REFERENCE_DRAWS):
        try:
            return await _store(
                command,
                service.version,
                repository,
                source=source,
                idempotency=idempotency,
                citizen=citizen,
                files=files,
            )
        except ReferenceTaken:
            continue
    raise RuntimeError(f"no free reference number in {REFERENCE_DRAWS} draws")


def _check_identity(command: SubmitApplication, service: ServiceVersionChanged, citizen: Citizen | None) -> None:
    """The service's level of assurance is met, a logged-in citizen applies in their own name,
    and a company is applied for only by its representative."""
    if citizen is None:
        if service.assurance_level != "eid_low":
            raise Problem(
                401,
                "Login required",
                f"service {service.iisda_number} asks for national eID at level {service.assurance_level}: "
                "send the eID's ID token as a bearer token",
            )
        if command.represented is not None:
            raise invalid(
                [{"field": "represented", "detail": "applying for a company needs a login with national eID"}]
            )
        return
    if not citizen.meets(service.assurance_level):
        raise Problem(
            403,
            "Higher level of assurance required",
            f"service {service.iisda_number} asks for {service.assurance_level}; the login was at {citizen.acr}",
        )
    if command.applicant.identifier != citizen.egn:
        raise invalid([{"field": "applicant.identifier", "detail": "must be the logged-in person's own identifier"}])
    company = command.represented
    if company is not None and citizen.representing(company.eik) is None:
        raise invalid(
            [{"field": "represented.eik", "detail": f"the logged-in person does not represent {company.eik}"}]
        )


def attachment_errors(service: ServiceVersionChanged, keys: list[str]) -> list[FieldError]:
    """Each file the service does not ask for, each one given twice, and each one it needs and lacks."""
    errors: list[FieldError] = []
    seen: set[str] = set()
    for index, key in enumerate(keys):
        if service.attachment(key) is None:
            errors.append(
                {"field": f"attachments.{index}.key", "detail": f"service {service.iisda_number} asks for no {key!r}"}
            )
        elif key in seen:
            errors.append({"field": f"attachments.{index}.key", "detail": f"{key} is attached already"})
        seen.add(key)
    errors += [
        {"field": "attachments", "detail": f"{attachment.key} is needed ({attachment.name_en})"}
        for attachment in service.attachments
        if attachment.required and attachment.key not in seen
    ]
    return errors


async def _store(
    command: SubmitApplication,
    version: int,
    repository: Applications,
    *,
    source: str,
    idempotency: IdempotencyKey | None,
    citizen: Citizen | None,
    files: Sequence[StoredUpload],
) -> Submitted:
    application_id, reference = str(uuid.uuid4()), new_reference()
    now = dt.datetime.now(dt.UTC)
    attached = [attached_file(application_id, str(uuid.uuid4()), file) for file in files]
    common = {
        "application_id": application_id,
        "reference": reference,
        "administration_id": command.administration_id,
        "service": command.service,
        "service_version": version,
    }
    received = ApplicationReceived(
        **common,
        tier=command.tier,
        submitted_at=now,
        applicant=command.applicant,
        form=command.form,
        attachments=attached,
        represented=command.represented,
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
        person=citizen.egn if citizen is not None else None,
        represented=command.represented.model_dump() if command.represented is not None else None,
        attachments=tuple(attached),
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


def attached_file(application_id: str, file_id: str, file: StoredUpload) -> AttachedFile:
    """How events refer to a stored file: by id, hash and the path it is fetched from."""
    return AttachedFile(
        id=file_id,
        key=file.key,
        filename=file.filename,
        media_type=file.media_type,
        size=file.size,
        sha256=file.sha256,
        url=f"/applications/{application_id}/attachments/{file_id}",
    )


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
