"""The case page, and what staff do from it. Every action names the case's revision it was taken
on, and answers with the page again (303) and what was done, or with the page and what was wrong
(the employee's input kept)."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import Response

from egov_schemas.catalog import RegistryCheck
from egov_sdk.catalog_view import CatalogView
from egov_sdk.clock import Clock
from egov_sdk.logging import get_logger
from egov_sdk.web_pages import see_other
from egov_workspace.adapters.intake_files import IntakeFiles, IntakeUnavailable
from egov_workspace.domain.cases import Case, NotAllowed, deadline_mark
from egov_workspace.domain.registry_subjects import subjects_of
from egov_workspace.domain.staff import StaffMember
from egov_workspace.entrypoints.case_view import (
    MAX_DESCRIPTION,
    MAX_NEEDED,
    MAX_REASONS,
    all_files,
    answer_rows,
    described,
    needed_from,
    needed_lines,
    reasons_from,
    registry_rows,
)
from egov_workspace.entrypoints.i18n import Language, text
from egov_workspace.entrypoints.web import checked_form, flash, lang_of, message, not_found, render, signed_in
from egov_workspace.entrypoints.worklist_pages import service_title
from egov_workspace.service_layer.desk import Changed, Desk, Missing, Unpublishable
from egov_workspace.settings import WorkspaceSettings

log = get_logger(__name__)
_ID_PATTERN = r"^[0-9a-zA-Z-]{1,64}$"
CaseId = Annotated[str, Path(max_length=64, pattern=_ID_PATTERN)]
Token = Annotated[str, Form(max_length=200)]
Revision = Annotated[int, Form(ge=1)]
Errors = dict[str, str]
MAX_MESSAGE = 2000
MAX_BODY = 10000
MAX_REASON = 1000
MAX_NOTE = 4000
MAX_PURPOSE = 500


@dataclass(frozen=True)
class CasePage:
    desk: Desk
    catalog: CatalogView
    clock: Clock
    settings: WorkspaceSettings

    async def show(
        self, request: Request, member: StaffMember, application_id: str, errors: Errors | None = None, **values: str
    ) -> Response:
        try:
            case = await self.desk.open_case(member, application_id)
        except Missing:
            return not_found(request)
        lang = lang_of(request)
        service = self.catalog.service_version(case.service, case.item.service_version)
        colleagues = [c for c in await self.desk.staff.of(member.administration_id) if c.processes]
        today = self.clock.today()
        return render(
            request,
            "case.html",
            status_code=400 if errors else 200,
            case=case,
            item=case.item,
            service_title=service_title(self.catalog, case.service, lang),
            mark=deadline_mark(case.state, case.due_date, today, self.settings.due_soon_days),
            answers=answer_rows(case.item.form, service.form_schema if service else {}, lang),
            files=all_files(case.item),
            needed_titles={n.key: n.description for exchange in case.item.information for n in exchange.needed},
            checks=[(check, registry_rows(check.data)) for check in await self.desk.records.checks(application_id)],
            check_choices=_check_choices(case, member, service.registry_checks if service else [], lang),
            notes=await self.desk.records.notes(application_id),
            history=[(entry, described(entry, lang)) for entry in await self.desk.audit.history(application_id)],
            decisions=case.decisions_for(member),
            may_claim=case.open and case.assignee is None and member.processes,
            may_release=case.open
            and case.assignee is not None
            and (case.assignee == member.person or member.distributes),
            colleagues=[c for c in colleagues if c.person != case.assignee] if member.distributes and case.open else [],
            numbering_example=(await self.desk.numbers.scheme(member.administration_id)).number(today.year, 1),
            errors=errors or {},
            values=values,
        )

    async def acted(
        self,
        request: Request,
        application_id: str,
        action: Awaitable[object],
        done: str,
        values: dict[str, str] | None = None,
    ) -> Response:
        """Take an action; the case page with what it did, or with why it was not done."""
        member = await signed_in(request)
        try:
            result = await action
        except Missing:
            return not_found(request)
        except Changed:
            flash(request, "changed")
            return see_other(f"/cases/{application_id}")
        except (NotAllowed, Unpublishable) as refused:
            reason = refused.reason if isinstance(refused, NotAllowed) else "unpublishable"
            errors = {"actions-title": text(reason, lang_of(request))}
            return await self.show(request, member, application_id, errors, **(values or {}))
        flash(request, done, result=result)
        return see_other(f"/cases/{application_id}")

    async def invalid(self, request: Request, application_id: str, field: str, key: str, **values: str) -> Response:
        """The page again, with what was wrong in one field."""
        errors = {field: text(key, lang_of(request))}
        return await self.show(request, await signed_in(request), application_id, errors, **values)


def case_router(pages: CasePage, files: IntakeFiles) -> APIRouter:
    """The page, and the files it links to."""
    router = APIRouter(include_in_schema=False)
    desk = pages.desk

    @router.get("/cases/{application_id}")
    async def case_page(request: Request, application_id: CaseId) -> Response:
        return await pages.show(request, await signed_in(request), application_id)

    @router.get("/cases/{application_id}/attachments/{file_id}")
    async def attachment(request: Request, application_id: CaseId, file_id: CaseId) -> Response:
        try:
            case = await desk.open_case(await signed_in(request), application_id)
        except Missing:
            return not_found(request)
        file = next((f for f in all_files(case.item) if f.id == file_id), None)
        try:
            content = await files.fetch(file) if file is not None else None
        except IntakeUnavailable as exc:
            log.warning("attachment_unavailable", application_id=application_id, reason=str(exc))
            lang = lang_of(request)
            return message(request, 503, text("attachments", lang), text("intake_unavailable", lang))
        if file is None or content is None:
            return not_found(request)
        return _download(content.content, content.media_type, file.filename)

    @router.get("/cases/{application_id}/document")
    async def document(request: Request, application_id: CaseId) -> Response:
        try:
            case = await desk.open_case(await signed_in(request), application_id)
        except Missing:
            return not_found(request)
        issued = await desk.records.document(case.document_id, case.application_id) if case.document_id else None
        if issued is None:
            return not_found(request)
        return _download(issued.content, issued.media_type, issued.filename)

    return router


def work_router(pages: CasePage) -> APIRouter:
    """Who has the case; notes; registry checks."""
    router = APIRouter(include_in_schema=False)
    desk = pages.desk

    @router.post("/cases/{application_id}/claim")
    async def claim(request: Request, application_id: CaseId, csrf_token: Token, revision: Revision) -> Response:
        member = await checked_form(request, csrf_token)
        return await pages.acted(request, application_id, desk.claim(member, application_id, revision), "done_claimed")

    @router.post("/cases/{application_id}/release")
    async def release(request: Request, application_id: CaseId, csrf_token: Token, revision: Revision) -> Response:
        member = await checked_form(request, csrf_token)
        action = desk.release(member, application_id, revision)
        return await pages.acted(request, application_id, action, "done_released")

    @router.post("/cases/{application_id}/assign")
    async def assign(
        request: Request,
        application_id: CaseId,
        csrf_token: Token,
        revision: Revision,
        person: Annotated[str, Form(max_length=10)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        action = desk.assign(member, application_id, revision, person)
        return await pages.acted(request, application_id, action, "done_assigned")

    @router.post("/cases/{application_id}/notes")
    async def note(
        request: Request,
        application_id: CaseId,
        csrf_token: Token,
        note_text: Annotated[str, Form(alias="text", max_length=2 * MAX_NOTE)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        if not note_text.strip() or len(note_text) > MAX_NOTE:
            return await pages.invalid(
                request, application_id, "note", "required" if not note_text.strip() else "too_long"
            )
        return await pages.acted(
            request, application_id, desk.note(member, application_id, note_text.strip()), "done_noted"
        )

    @router.post("/cases/{application_id}/registry-check")
    async def registry_check(
        request: Request,
        application_id: CaseId,
        csrf_token: Token,
        check: Annotated[str, Form(max_length=200)] = "",
        purpose: Annotated[str, Form(max_length=2 * MAX_PURPOSE)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        if len(purpose.strip()) < 3 or len(purpose) > MAX_PURPOSE:
            key = "too_long" if len(purpose) > MAX_PURPOSE else "required"
            return await pages.invalid(request, application_id, "check-purpose", key, purpose=purpose)
        operation, _, subject = check.partition("|")
        action = desk.check_registry(member, application_id, operation, subject, purpose.strip())
        return await pages.acted(request, application_id, action, "done_checked")

    return router


def decision_router(pages: CasePage) -> APIRouter:
    """Accept, ask for information, complete, refuse."""
    router = APIRouter(include_in_schema=False)
    desk = pages.desk

    @router.post("/cases/{application_id}/accept")
    async def accept(request: Request, application_id: CaseId, csrf_token: Token, revision: Revision) -> Response:
        member = await checked_form(request, csrf_token)
        return await pages.acted(
            request, application_id, desk.accept(member, application_id, revision), "done_accepted"
        )

    @router.post("/cases/{application_id}/request-info")
    async def request_info(
        request: Request,
        *,
        application_id: CaseId,
        csrf_token: Token,
        revision: Revision,
        message_text: Annotated[str, Form(alias="message", max_length=2 * MAX_MESSAGE)] = "",
        needed: Annotated[str, Form(max_length=MAX_NEEDED * MAX_DESCRIPTION)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        values = {"message": message_text, "needed": needed}
        asked = needed_lines(needed)
        if not message_text.strip() or len(message_text) > MAX_MESSAGE:
            key = "too_long" if message_text.strip() else "required"
            return await pages.invalid(request, application_id, "info-message", key, **values)
        if not asked or len(asked) > MAX_NEEDED or any(len(description) > MAX_DESCRIPTION for _, description in asked):
            key = "too_long" if asked else "required"
            return await pages.invalid(request, application_id, "info-needed", key, **values)
        action = desk.request_info(member, application_id, revision, message_text.strip(), needed_from(needed))
        return await pages.acted(request, application_id, action, "done_requested", values)

    @router.post("/cases/{application_id}/complete")
    async def complete(
        request: Request,
        application_id: CaseId,
        csrf_token: Token,
        revision: Revision,
        body: Annotated[str, Form(max_length=2 * MAX_BODY)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        if not body.strip() or len(body) > MAX_BODY:
            key = "too_long" if body.strip() else "required"
            return await pages.invalid(request, application_id, "document-body", key, body=body)
        action = desk.complete(member, application_id, revision, body.strip())
        return await pages.acted(request, application_id, action, "done_completed", {"body": body})

    @router.post("/cases/{application_id}/refuse")
    async def refuse(
        request: Request,
        application_id: CaseId,
        csrf_token: Token,
        revision: Revision,
        reasons: Annotated[str, Form(max_length=MAX_REASONS * MAX_REASON)] = "",
    ) -> Response:
        member = await checked_form(request, csrf_token)
        given = reasons_from(reasons)
        if not given or len(given) > MAX_REASONS or any(len(reason) > MAX_REASON for reason in given):
            key = "too_long" if given else "required"
            return await pages.invalid(request, application_id, "refuse-reasons", key, reasons=reasons)
        action = desk.refuse(member, application_id, revision, given)
        return await pages.acted(request, application_id, action, "done_refused", {"reasons": reasons})

    return router


def _check_choices(
    case: Case, member: StaffMember, declared: list[RegistryCheck], lang: Language
) -> list[tuple[str, str, str]]:
    """(value, label, law) for each check the service declares, on each subject of the case it can
    be asked about; none unless the case is the member's."""
    if case.assignee != member.person or not case.open:
        return []
    choices = []
    for check in declared:
        for subject in subjects_of(case.item, check.operation):
            about = text(f"subject_{subject.key}", lang) if subject.key in ("applicant", "represented") else subject.key
            choices.append((f"{check.operation}|{subject.key}", f"{check.operation} – {about}", check.law_reason))
    return choices


def _may_release(case: Case, member: StaffMember) -> bool:
    return case.open and case.assignee is not None and (case.assignee == member.person or member.distributes)


def _download(content: bytes, media_type: str, filename: str) -> Response:
    # NOTE: never shown inline: nosniff keeps a browser from running a file whose type it would guess.
    return Response(
        content,
        media_type=media_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}",
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )
