"""A citizen's own applications: the list, one application's progress, answering an information
request, paying, and withdrawing. Only ever the logged-in person's: another's is not found."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

import contextlib
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response

from egov_intake.adapters.clamav import ScannerUnavailable
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.identity import Citizen
from egov_intake.domain.model import ApplicationStatus, AttachmentUpload, InformationAnswer
from egov_intake.entrypoints.identity import Files
from egov_intake.entrypoints.portal.i18n import text
from egov_intake.entrypoints.portal.web import (
    citizen_of,
    csrf_valid,
    expired,
    lang_of,
    not_found,
    render,
    see_other,
    to_login,
)
from egov_intake.service_layer import follow_up
from egov_schemas.identifiers import APPLICATION_ID_PATTERN
from egov_schemas.reference import normalize_reference
from egov_sdk.catalog_view import CatalogView
from egov_sdk.problems import Problem

ApplicationPath = Annotated[str, Path(max_length=64, pattern=APPLICATION_ID_PATTERN)]
LISTED = 200
_ANSWER_FILE_BYTES = 10 * 1024 * 1024


def my_router(  # noqa: PLR0915 - the routes close over the service's parts
    catalog: CatalogView, repository: ApplicationRepository, files: Files, source: str
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    async def own(request: Request, application_id: str) -> tuple[Citizen, ApplicationStatus] | Response:
        citizen = citizen_of(request)
        if citizen is None:
            return to_login(request)
        owner = await repository.owner(application_id)
        status = await follow_up.current_status(repository, application_id) if owner == citizen.egn else None
        if status is None:
            return not_found(request)
        return citizen, status

    def names(status: ApplicationStatus) -> dict[str, Any]:
        return {
            "service": catalog.service_version(status.service, status.service_version),
            "administration": catalog.administration(status.administration_id),
        }

    @router.get("/my-applications")
    async def mine(request: Request) -> Response:
        citizen = citizen_of(request)
        if citizen is None:
            return to_login(request)
        rows = await repository.of_person(citizen.egn, LISTED)
        listed = [
            (row, catalog.service(row["service"]), catalog.administration(row["administration_id"])) for row in rows
        ]
        return render(request, "mine.html", applications=listed)

    @router.get("/my-applications/find")
    async def find(request: Request, reference: Annotated[str, Query(max_length=40)] = "") -> Response:
        """By reference number: found only among the person's own applications."""
        citizen = citizen_of(request)
        if citizen is None:
            return to_login(request)
        canonical = normalize_reference(reference)
        found = await repository.by_reference(canonical) if canonical else None
        if found is None or found[0] is None or await repository.owner(found[0]) != citizen.egn:
            return not_found(request)
        return see_other(f"/my-applications/{found[0]}")

    @router.get("/my-applications/{application_id}")
    async def one(request: Request, application_id: ApplicationPath) -> Response:
        found = await own(request, application_id)
        if isinstance(found, Response):
            return found
        _, status = found
        return render(request, "application.html", status=status, **names(status), errors={})

    @router.get("/my-applications/{application_id}/confirmation")
    async def confirmation(request: Request, application_id: ApplicationPath) -> Response:
        found = await own(request, application_id)
        if isinstance(found, Response):
            return found
        _, status = found
        return render(request, "confirmation.html", status=status, **names(status))

    @router.post("/my-applications/{application_id}/information")
    async def answer(request: Request, application_id: ApplicationPath) -> Response:
        found = await own(request, application_id)
        if isinstance(found, Response):
            return found
        _, status = found
        lang = lang_of(request)
        posted = await request.form(max_files=20, max_fields=100)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        request_ = status.information_request
        if request_ is None:
            return see_other(f"/my-applications/{application_id}")
        answers: dict[str, str] = {}
        uploads: list[AttachmentUpload] = []
        for needed in request_.needed:
            if needed.kind == "answer":
                answers[needed.key] = str(posted.get(f"answer.{needed.key}") or "").strip()
                continue
            upload = posted.get(f"file.{needed.key}")
            if isinstance(upload, UploadFile) and upload.filename:
                uploads.append(
                    AttachmentUpload(
                        key=needed.key,
                        filename=upload.filename.replace("/", "_").replace("\\", "_")[:255],
                        media_type=upload.content_type or "application/octet-stream",
                        content=await upload.read(_ANSWER_FILE_BYTES + 1),
                    )
                )
        errors: dict[str, str] = {}
        try:
            await follow_up.answer(
                repository,
                status,
                InformationAnswer(answers={k: v for k, v in answers.items() if v}, attachments=uploads),
                source,
                scanner=files.scanner,
                blobs=files.blobs,
            )
        except Problem as problem:
            for error in problem.extra.get("errors") or [{"field": "", "detail": problem.detail}]:
                errors[str(error["field"])] = str(error["detail"])
        except ScannerUnavailable:
            errors[""] = text("scanner_down", lang)
        if errors:
            return render(request, "application.html", status=status, **names(status), errors=errors)
        return see_other(f"/my-applications/{application_id}")

    @router.get("/my-applications/{application_id}/withdrawal")
    async def withdrawal_page(request: Request, application_id: ApplicationPath) -> Response:
        found = await own(request, application_id)
        if isinstance(found, Response):
            return found
        _, status = found
        return render(request, "withdraw.html", status=status, **names(status))

    @router.post("/my-applications/{application_id}/withdrawal")
    async def withdraw(request: Request, application_id: ApplicationPath) -> Response:
        found = await own(request, application_id)
        if isinstance(found, Response):
            return found
        _, status = found
        posted = await request.form(max_files=0, max_fields=10)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        # NOTE: refused only when it ended meanwhile; the page shows how.
        with contextlib.suppress(Problem):
            await follow_up.withdraw(repository, status, source)
        return see_other(f"/my-applications/{application_id}")

    return router
