"""The citizen-facing API: submit an application, follow its status."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependencies' annotations at
# runtime, and the aliases naming them are local to the router's function.

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.access import ApplicationTokens
from egov_intake.domain.idempotency import HEADER, IdempotencyKey, fingerprint, key_error
from egov_intake.domain.model import ApplicationStatus, SubmissionAccepted, SubmitApplication
from egov_intake.service_layer.submissions import submit
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.catalog_view import CatalogView
from egov_sdk.problems import Problem, unprocessable

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-intake"'}


def applications_router(
    repository: ApplicationRepository, catalog: CatalogView, source: str, tokens: ApplicationTokens
) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["applications"])
    bearer = HTTPBearer(auto_error=False, description="The application's access token, returned when it was submitted")
    Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]  # noqa: N806 - a type alias

    @router.post("", status_code=202, response_model=SubmissionAccepted)
    async def submit_application(
        command: SubmitApplication,
        response: Response,
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
        submitted = await submit(
            command, catalog=catalog, repository=repository, source=source, idempotency=idempotency
        )
        application_id = submitted.application_id
        response.headers["Location"] = f"/applications/{application_id}"
        if submitted.replayed:
            response.headers["Idempotent-Replayed"] = "true"
        return SubmissionAccepted(
            id=application_id,
            status=ApplicationState.SUBMITTED,
            status_url=f"/applications/{application_id}",
            access_token=tokens.issue(application_id),
        )

    @router.get("/{application_id}", response_model=ApplicationStatus)
    async def get_status(application_id: str, credentials: Credentials) -> ApplicationStatus:
        if credentials is None:
            raise Problem(
                401, "Unauthorized", "Send the application's access token as a bearer token", headers=_CHALLENGE
            )
        # NOTE: a wrong token and an unknown id get the same answer: the id alone tells nothing.
        document = (
            await repository.get(application_id) if tokens.valid(application_id, credentials.credentials) else None
        )
        if document is None:
            raise Problem(404, "Not found", f"no application {application_id} for this access token")
        return ApplicationStatus.model_validate(document)

    return router
