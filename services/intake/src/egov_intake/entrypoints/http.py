"""The citizen-facing API: submit an application, follow it, answer, withdraw, find it again."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

import base64
import contextlib
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Header, Path, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_intake.adapters.clamav import ScannerUnavailable
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.access import ApplicationTokens
from egov_intake.domain.idempotency import HEADER, IdempotencyKey, fingerprint, key_error
from egov_intake.domain.identity import Citizen
from egov_intake.domain.model import (
    ApplicationFound,
    ApplicationLookup,
    ApplicationStatus,
    ApplicationSummary,
    InformationAnswer,
    SubmissionAccepted,
    SubmitApplication,
)
from egov_intake.entrypoints.attachment_access import AttachmentReader, attachment_reader, may_read
from egov_intake.entrypoints.identity import Files, eid_bearer
from egov_intake.service_layer import follow_up
from egov_intake.service_layer.submissions import Incoming, submit
from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.auth import Authenticator, ServiceCredential
from egov_sdk.catalog_view import CatalogView
from egov_sdk.eid import NationalEid
from egov_sdk.problems import Problem, unprocessable

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-intake"'}
MINE_LIMIT = 200
ApplicationIdPath = Annotated[str, Path(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)]


@contextlib.contextmanager
def _scanning() -> Iterator[None]:
    """No file is taken unscanned: with ClamAV unreachable the client is asked to come back."""
    try:
        yield
    except ScannerUnavailable as exc:
        raise Problem(
            503,
            "Scanner unavailable",
            "Files cannot be checked for malware now; retry shortly",
            headers={"Retry-After": "30"},
        ) from exc


def applications_router(  # noqa: PLR0915 - the routes close over the service's parts
    repository: ApplicationRepository,
    catalog: CatalogView,
    source: str,
    *,
    tokens: ApplicationTokens,
    staff: Authenticator,
    workspace: ServiceCredential,
    files: Files,
    eid: NationalEid,
) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["applications"])
    signed_in = eid_bearer(eid)
    Person = Annotated[Citizen | None, Depends(signed_in)]  # noqa: N806 - a type alias
    bearer = HTTPBearer(auto_error=False, description="The application's access token, returned when it was submitted")
    Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]  # noqa: N806 - a type alias
    Reader = Annotated[AttachmentReader, Depends(attachment_reader(staff, workspace))]  # noqa: N806 - a type alias

    async def opened(application_id: str, credentials: HTTPAuthorizationCredentials | None) -> ApplicationStatus:
        """The application the access token opens; 401 without one, 404 for a wrong one."""
        if credentials is None:
            raise Problem(
                401, "Unauthorized", "Send the application's access token as a bearer token", headers=_CHALLENGE
            )
        # NOTE: a wrong token and an unknown id get the same answer: the id alone tells nothing.
        status = (
            await follow_up.current_status(repository, application_id)
            if tokens.valid(application_id, credentials.credentials)
            else None
        )
        if status is None:
            raise Problem(404, "Not found", f"no application {application_id} for this access token")
        return status

    @router.post("", status_code=202, response_model=SubmissionAccepted)
    async def submit_application(
        command: SubmitApplication,
        response: Response,
        citizen: Person,
        idempotency_key: Annotated[
            str | None,
            Header(
                alias=HEADER,
                description="A key of the client's choosing (a UUID): a retry with it gets the first answer",
            ),
        ] = None,
    ) -> SubmissionAccepted:
        idempotency = None
        if idempotency_key is not None:
            if error := key_error(idempotency_key):
                raise unprocessable("Invalid request", [{"field": HEADER, "detail": error}])
            idempotency = IdempotencyKey(idempotency_key, fingerprint(command.model_dump(mode="json")))
        with _scanning():
            submitted = await submit(
                command,
                catalog=catalog,
                repository=repository,
                source=source,
                idempotency=idempotency,
                citizen=citizen,
                uploads=Incoming(command.attachments, files.scanner, files.blobs),
            )
        application_id = submitted.application_id
        response.headers["Location"] = f"/applications/{application_id}"
        if submitted.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return SubmissionAccepted(
            id=application_id,
            reference=submitted.reference,
            status=ApplicationState.SUBMITTED,
            status_url=f"/applications/{application_id}",
            access_token=tokens.issue(application_id),
            webhook_secret=tokens.webhook_secret(application_id) if command.notifications.webhook_url else None,
        )

    @router.get("", response_model=list[ApplicationSummary])
    async def mine(citizen: Person) -> list[ApplicationSummary]:
        """The applications of the person the eID's ID token (sent as a bearer token) names, newest first."""
        if citizen is None:
            raise Problem(401, "Unauthorized", "Send the national eID's ID token as a bearer token", headers=_CHALLENGE)
        return [ApplicationSummary.model_validate(row) for row in await repository.of_person(citizen.egn, MINE_LIMIT)]

    @router.post("/lookup", response_model=ApplicationFound)
    async def find_by_reference(lookup: ApplicationLookup) -> ApplicationFound:
        """Find an application by its reference number and the applicant's identifier (sent in
        the body, never in the URL, where logs would keep it); the answer has its access token."""
        application_id = await follow_up.find(repository, lookup.reference, lookup.applicant_identifier)
        status = await follow_up.current_status(repository, application_id)
        assert status is not None  # NOTE: found just now; applications are never deleted here
        return ApplicationFound(**status.model_dump(), access_token=tokens.issue(application_id))

    @router.get("/{application_id}", response_model=ApplicationStatus)
    async def get_status(application_id: ApplicationIdPath, credentials: Credentials) -> ApplicationStatus:
        return await opened(application_id, credentials)

    @router.post("/{application_id}/information", status_code=202, response_model=ApplicationStatus)
    async def answer_information(
        application_id: ApplicationIdPath, answer: InformationAnswer, credentials: Credentials
    ) -> ApplicationStatus:
        """Answer the open information request: text answers and attachments, by its keys."""
        status = await opened(application_id, credentials)
        with _scanning():
            await follow_up.answer(repository, status, answer, source, scanner=files.scanner, blobs=files.blobs)
        return status

    @router.post("/{application_id}/withdrawal", status_code=202, response_model=ApplicationStatus)
    async def withdraw(application_id: ApplicationIdPath, credentials: Credentials) -> ApplicationStatus:
        """Withdraw the application (until it has ended); asking again changes nothing."""
        status = await opened(application_id, credentials)
        await follow_up.withdraw(repository, status, source)
        return status

    @router.get("/{application_id}/attachments/{attachment_id}", response_class=Response)
    async def download_attachment(
        application_id: ApplicationIdPath,
        attachment_id: Annotated[str, Path(max_length=64, pattern=APPLICATION_ID_PATTERN)],
        caller: Reader,
    ) -> Response:
        """An attached file, for staff and handlers of the application's administration, and for the
        staff workspace (a token signed with the files key)."""
        file = await repository.attachment(application_id, attachment_id)
        if file is None or not may_read(caller, file.administration_id):
            raise Problem(404, "Not found", f"no attachment {attachment_id} of application {application_id}")
        content = file.content if file.content is not None else await files.blobs.get(file.sha256)
        if content is None:
            raise Problem(404, "Not found", f"the content of attachment {attachment_id} is not in the blob store")
        disposition = f"attachment; filename*=UTF-8''{quote(file.filename)}"
        # NOTE: RFC 3230's Digest carries the hash base64-encoded; nosniff keeps a browser from
        # running a file whose type it would guess as HTML.
        digest = base64.b64encode(bytes.fromhex(file.sha256)).decode()
        return Response(
            content,
            media_type=file.media_type,
            headers={
                "Content-Disposition": disposition,
                "Digest": f"sha-256={digest}",
                "X-Content-Type-Options": "nosniff",
            },
        )

    return router
