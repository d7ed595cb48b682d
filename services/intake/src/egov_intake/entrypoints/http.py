"""The citizen-facing API: submit an application, follow its status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

from fastapi import APIRouter, Path, Response

from egov_intake.domain.model import ApplicationStatus, SubmissionAccepted, SubmitApplication
from egov_intake.service_layer.submissions import submit
from egov_schemas.identifiers import APPLICATION_ID_MAX_LENGTH, APPLICATION_ID_PATTERN
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.problems import Problem

if TYPE_CHECKING:
    from egov_intake.adapters.repository import ApplicationRepository
    from egov_sdk.catalog_view import CatalogView


def applications_router(repository: ApplicationRepository, catalog: CatalogView, source: str) -> APIRouter:
    router = APIRouter(prefix="/applications", tags=["applications"])

    @router.post("", status_code=202, response_model=SubmissionAccepted)
    async def submit_application(command: SubmitApplication, response: Response) -> SubmissionAccepted:
        application_id = await submit(command, catalog=catalog, repository=repository, source=source)
        response.headers["Location"] = f"/applications/{application_id}"
        return SubmissionAccepted(
            id=application_id, status=ApplicationState.SUBMITTED, status_url=f"/applications/{application_id}"
        )

    @router.get("/{application_id}", response_model=ApplicationStatus)
    async def get_status(
        application_id: Annotated[str, Path(max_length=APPLICATION_ID_MAX_LENGTH, pattern=APPLICATION_ID_PATTERN)],
    ) -> ApplicationStatus:
        document = await repository.get(application_id)
        if document is None:
            raise Problem(404, "Not found", f"application {application_id} does not exist")
        return ApplicationStatus.model_validate(document)

    return router
