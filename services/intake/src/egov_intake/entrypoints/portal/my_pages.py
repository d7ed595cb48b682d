"""A citizen's own applications: the list, one application's progress, answering an information
request, paying, withdrawing, and downloading the document issued. Only ever the logged-in
person's: another's is not found."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

import base64
import contextlib
import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query
from pydantic import ValidationError
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from egov_intake.adapters.clamav import ScannerUnavailable
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.adapters.workspace_documents import DocumentsUnavailable, WorkspaceDocuments
from egov_intake.domain.model import (
    MEDIA_TYPE_PATTERN,
    ApplicationStatus,
    AttachmentUpload,
    InformationAnswer,
    InformationRequest,
)
from egov_intake.entrypoints.identity import Files
from egov_intake.entrypoints.portal.i18n import text
from egov_intake.entrypoints.portal.paths import IdPath
from egov_intake.entrypoints.portal.web import (
    citizen_of,
    expired,
    lang_of,
    message,
    not_found,
    render,
    safe_filename,
    to_login,
)
from egov_intake.service_layer import follow_up
from egov_schemas.reference import normalize_reference
from egov_sdk.catalog_view import CatalogView
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem
from egov_sdk.web_pages import PageAnswer, csrf_valid, see_other

log = get_logger(__name__)
LISTED = 200
_RETRY_DOCUMENT_AFTER_S = 60
_ANSWER_FILE_BYTES = 10 * 1024 * 1024
_MEDIA_TYPE = re.compile(MEDIA_TYPE_PATTERN)
_UNKNOWN = "application/octet-stream"


def my_router(  # noqa: PLR0915 - the routes close over the service's parts
    catalog: CatalogView,
    repository: ApplicationRepository,
    files: Files,
    source: str,
    documents: WorkspaceDocuments,
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    async def own(request: Request, application_id: str) -> ApplicationStatus:
        """The logged-in citizen's application; else the login, or "not found" (`PageAnswer`)."""
        citizen = citizen_of(request)
        if citizen is None:
            raise PageAnswer(to_login(request, next_path=f"/my-applications/{application_id}"))
        owner = await repository.owner(application_id)
        status = await follow_up.current_status(repository, application_id) if owner == citizen.egn else None
        if status is None:
            raise PageAnswer(not_found(request))
        return status

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
        if found is None or found[2] != citizen.egn:
            return not_found(request)
        return see_other(f"/my-applications/{found[0]}")

    @router.get("/my-applications/{application_id}")
    async def one(request: Request, application_id: IdPath) -> Response:
        status = await own(request, application_id)
        return render(request, "application.html", status=status, **names(status), errors={})

    @router.get("/my-applications/{application_id}/confirmation")
    async def confirmation(request: Request, application_id: IdPath) -> Response:
        status = await own(request, application_id)
        return render(request, "confirmation.html", status=status, **names(status))

    @router.get("/my-applications/{application_id}/document")
    async def document(request: Request, application_id: IdPath) -> Response:
        """The output document the workspace issued; a page saying why when it cannot be had."""
        status = await own(request, application_id)
        document_id = status.document_id()
        if document_id is None:
            return not_found(request)
        lang = lang_of(request)
        try:
            found = await documents.fetch(application_id, document_id)
        except DocumentsUnavailable as exc:
            log.warning("document_unavailable", application_id=application_id, reason=str(exc))
            page = message(request, 503, text("document_unavailable_title", lang), text("document_unavailable", lang))
            page.headers["Retry-After"] = str(_RETRY_DOCUMENT_AFTER_S)
            return page
        if found is None:
            # NOTE: a document an administration's handler issued: the workspace does not hold it.
            return message(request, 404, text("document_not_online_title", lang), text("document_not_online", lang))
        disposition = f"attachment; filename*=UTF-8''{quote(safe_filename(found.filename))}"
        return Response(
            found.content,
            media_type=found.media_type,
            headers={
                "Content-Disposition": disposition,
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            },
        )

    @router.post("/my-applications/{application_id}/information")
    async def answer(request: Request, application_id: IdPath) -> Response:
        status = await own(request, application_id)
        lang = lang_of(request)
        posted = await request.form(max_files=20, max_fields=100)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        request_ = status.information_request
        if request_ is None:
            return see_other(f"/my-applications/{application_id}")
        errors: dict[str, str] = {}
        try:
            given = await _answer_posted(posted, request_)
            await follow_up.answer(repository, status, given, source, scanner=files.scanner, blobs=files.blobs)
        except ValidationError as invalid:
            for error in invalid.errors():
                errors[".".join(str(part) for part in error["loc"])] = str(error["msg"])
        except Problem as problem:
            for error in problem.extra.get("errors") or [{"field": "", "detail": problem.detail}]:
                errors[str(error["field"])] = str(error["detail"])
        except ScannerUnavailable:
            errors[""] = text("scanner_down", lang)
        if errors:
            return render(request, "application.html", status=status, **names(status), errors=errors)
        return see_other(f"/my-applications/{application_id}")

    @router.get("/my-applications/{application_id}/withdrawal")
    async def withdrawal_page(request: Request, application_id: IdPath) -> Response:
        status = await own(request, application_id)
        return render(request, "withdraw.html", status=status, **names(status))

    @router.post("/my-applications/{application_id}/withdrawal")
    async def withdraw(request: Request, application_id: IdPath) -> Response:
        status = await own(request, application_id)
        posted = await request.form(max_files=0, max_fields=10)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        # NOTE: refused only when it ended meanwhile; the page shows how.
        with contextlib.suppress(Problem):
            await follow_up.withdraw(repository, status, source)
        return see_other(f"/my-applications/{application_id}")

    return router


async def _answer_posted(posted: FormData, request: InformationRequest) -> InformationAnswer:
    """The answer as the API takes it, from the posted form: a text per `answer.<key>` and a file
    per `file.<key>` (validated as the API's are: the content base64, as in JSON)."""
    answers: dict[str, str] = {}
    uploads: list[AttachmentUpload] = []
    for needed in request.needed:
        if needed.kind == "answer":
            if given := str(posted.get(f"answer.{needed.key}") or "").strip():
                answers[needed.key] = given
            continue
        upload = posted.get(f"file.{needed.key}")
        if not isinstance(upload, UploadFile) or not upload.filename:
            continue
        content = base64.b64encode(await upload.read(_ANSWER_FILE_BYTES + 1))
        fields = {"key": needed.key, "filename": safe_filename(upload.filename), "content": content}
        # NOTE: the browser's claim of the type is kept only when it is a well-formed media type.
        claimed = upload.content_type or ""
        valid_type = _MEDIA_TYPE.match(claimed) is not None
        uploads.append(AttachmentUpload.model_validate({**fields, "media_type": claimed if valid_type else _UNKNOWN}))
    return InformationAnswer(answers=answers, attachments=uploads)
