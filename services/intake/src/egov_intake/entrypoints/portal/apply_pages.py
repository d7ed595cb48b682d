"""Applying: the form generated from the service's JSON Schema (with its attachments), "check
your answers", and submitting. What is filled in is kept in a draft, so nothing is lost between
pages, and an upload is scanned and kept as soon as it arrives."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

import re
from dataclasses import dataclass

from fastapi import APIRouter
from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import Response

from egov_intake.adapters.clamav import ScannerUnavailable
from egov_intake.adapters.drafts import Draft, Drafts
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.form_fields import FormField, answers_summary, field_errors, form_fields, parse_form
from egov_intake.domain.idempotency import DRAFT_KEY_PREFIX, IdempotencyKey, fingerprint
from egov_intake.domain.identity import Citizen
from egov_intake.domain.model import SubmitApplication
from egov_intake.entrypoints.identity import Files
from egov_intake.entrypoints.portal.i18n import Language, text
from egov_intake.entrypoints.portal.paths import AdministrationPath, IdPath
from egov_intake.entrypoints.portal.web import citizen_of, expired, lang_of, not_found, render, safe_filename, to_login
from egov_intake.service_layer.submissions import Staged, submit
from egov_intake.service_layer.uploads import UploadRefused, megabytes, take
from egov_schemas.catalog import TIERS, Attachment, ServiceVersionChanged
from egov_sdk.catalog_view import CatalogView
from egov_sdk.problems import Problem
from egov_sdk.storable import unstorable
from egov_sdk.web_pages import PageAnswer, csrf_valid, see_other

# NOTE: the form's own fields plus its files; more parts than this is not a person filling it in.
MAX_PARTS = 2000
MAX_FILES = 50
_FILE_PREFIX = "file."
_SELF = "self"
# NOTE: the shape pydantic's EmailStr takes, checked here so that the citizen is told at once.
_EMAIL = re.compile(r"[^@\s\x00]{1,64}@[^@\s\x00]+\.[^@\s\x00]{2,}")


@dataclass(frozen=True)
class Page:
    """What the form page shows besides the fields."""

    draft: Draft | None
    errors: dict[str, str]
    extra_rows: dict[str, int]


def apply_router(  # noqa: PLR0915 - the routes close over the service's parts
    catalog: CatalogView, repository: ApplicationRepository, drafts: Drafts, files: Files, source: str
) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def opened(administration_id: str, service_number: int) -> ServiceVersionChanged | None:
        service = catalog.service(service_number)
        if service is None or catalog.offer(administration_id, service_number, service.version) is None:
            return None
        return service

    def offered_tiers(administration_id: str, service: ServiceVersionChanged) -> list[str]:
        """The tiers the administration offers the service in (a package may disable some)."""
        offer = catalog.offer(administration_id, service.iisda_number, service.version)
        return [tier for tier in TIERS if offer is not None and tier in offer.tiers]

    def form_page(request: Request, service: ServiceVersionChanged, administration_id: str, page: Page) -> Response:
        lang = lang_of(request)
        draft = page.draft
        values = draft.form if draft else {}
        fields = form_fields(service.form_schema, values, page.errors, lang, extra_rows=page.extra_rows)
        action = f"/drafts/{draft.id}" if draft else f"/services/{administration_id}/{service.iisda_number}/apply"
        summary = _error_links(page.errors, fields)
        return render(
            request,
            "form.html",
            service=service,
            administration=catalog.administration(administration_id),
            fields=fields,
            draft=draft,
            action=action,
            error_summary=summary,
            errors=page.errors,
            tiers=offered_tiers(administration_id, service),
            attachments=[(attachment, _hint(attachment, lang)) for attachment in service.attachments],
            here=f"/drafts/{draft.id}" if draft else None,
        )

    def allowed(request: Request, service: ServiceVersionChanged, administration_id: str) -> Citizen:
        citizen = citizen_of(request)
        if citizen is None or not citizen.meets(service.assurance_level):
            start = f"/services/{administration_id}/{service.iisda_number}/apply"
            raise PageAnswer(to_login(request, service.assurance_level, next_path=start))
        return citizen

    @router.get("/services/{administration_id}/{service_number}/apply")
    async def new_form(request: Request, administration_id: AdministrationPath, service_number: int) -> Response:
        service = opened(administration_id, service_number)
        if service is None:
            return not_found(request)
        allowed(request, service, administration_id)
        return form_page(request, service, administration_id, Page(None, {}, {}))

    @router.post("/services/{administration_id}/{service_number}/apply")
    async def first_answers(request: Request, administration_id: AdministrationPath, service_number: int) -> Response:
        service = opened(administration_id, service_number)
        if service is None:
            return not_found(request)
        citizen = allowed(request, service, administration_id)
        posted = await _posted(request)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        draft = await drafts.create(citizen.egn, administration_id, service_number)
        return await answered(request, service, citizen, draft, posted)

    @router.get("/drafts/{draft_id}")
    async def edit_form(request: Request, draft_id: IdPath) -> Response:
        draft, service, _ = await _own_draft(request, draft_id)
        return form_page(request, service, draft.administration_id, Page(draft, {}, {}))

    @router.post("/drafts/{draft_id}")
    async def more_answers(request: Request, draft_id: IdPath) -> Response:
        draft, service, citizen = await _own_draft(request, draft_id)
        posted = await _posted(request)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        return await answered(request, service, citizen, draft, posted)

    async def answered(
        request: Request, service: ServiceVersionChanged, citizen: Citizen, draft: Draft, posted: FormData
    ) -> Response:
        lang = lang_of(request)
        pairs = [(key, value) for key, value in posted.multi_items() if isinstance(value, str)]
        draft.form = parse_form(service.form_schema, pairs)
        draft.email = str(posted.get("email") or "").strip() or None
        chosen = str(posted.get("applying_for") or _SELF)
        company = citizen.representing(chosen)
        draft.represented = company.model_dump() if company else None
        tiers = offered_tiers(draft.administration_id, service)
        tier = str(posted.get("tier") or "")
        draft.tier = tier if tier in tiers else (tiers or ["ordinary"])[0]
        # NOTE: a file the service (in a newer version) no longer asks for would block the submission.
        draft.uploads = [upload for upload in draft.uploads if service.attachment(upload.key) is not None]
        errors = _input_errors(draft, lang)
        # NOTE: what PostgreSQL cannot keep (a NUL) is not kept; the citizen is told where it was.
        if set(errors) - {"email"}:
            draft.form = {}
        if draft.email is not None and "\x00" in draft.email:
            draft.email = None
        errors |= await _take_files(service, draft, posted, lang)
        action = str(posted.get("_action") or "")
        if action.startswith("remove:"):
            draft.uploads = [upload for upload in draft.uploads if upload.key != action.removeprefix("remove:")]
        await drafts.save(draft)
        if action.startswith(("add:", "remove:")) and not errors:
            extra = {action.removeprefix("add:"): 1} if action.startswith("add:") else {}
            return form_page(request, service, draft.administration_id, Page(draft, {}, extra))
        errors = {**field_errors(service.form_schema, draft.form, lang), **errors}
        for missing in service.attachments:
            if missing.required and draft.upload(missing.key) is None:
                errors.setdefault(_FILE_PREFIX + missing.key, text("file_needed", lang, name=_name(missing, lang)))
        if errors:
            return form_page(request, service, draft.administration_id, Page(draft, errors, {}))
        return see_other(f"/drafts/{draft.id}/check")

    async def _take_files(
        service: ServiceVersionChanged, draft: Draft, posted: FormData, lang: Language
    ) -> dict[str, str]:
        errors: dict[str, str] = {}
        for attachment in service.attachments:
            upload = posted.get(_FILE_PREFIX + attachment.key)
            if not isinstance(upload, UploadFile) or not upload.filename:
                continue
            content = await upload.read(attachment.max_bytes + 1)
            name = safe_filename(upload.filename)
            try:
                stored = await take(attachment, name, content, scanner=files.scanner, blobs=files.blobs)
            except UploadRefused as refused:
                errors[_FILE_PREFIX + attachment.key] = _refusal(refused, name, lang)
                continue
            except ScannerUnavailable:
                errors[_FILE_PREFIX + attachment.key] = text("scanner_down", lang)
                continue
            draft.replace_upload(stored)
        return errors

    @router.get("/drafts/{draft_id}/check")
    async def check_answers(request: Request, draft_id: IdPath) -> Response:
        draft, service, citizen = await _own_draft(request, draft_id)
        lang = lang_of(request)
        return render(
            request,
            "check.html",
            draft=draft,
            service=service,
            citizen=citizen,
            administration=catalog.administration(draft.administration_id),
            answers=answers_summary(service.form_schema, draft.form, lang),
            attachments=[(service.attachment(upload.key), upload) for upload in draft.uploads],
        )

    @router.post("/drafts/{draft_id}/submit")
    async def send(request: Request, draft_id: IdPath) -> Response:
        if (made := await _submitted_from(request, draft_id)) is not None:
            return see_other(f"/my-applications/{made}/confirmation")
        draft, service, citizen = await _own_draft(request, draft_id)
        posted = await _posted(request)
        if not csrf_valid(request, posted.get("csrf_token")):
            return expired(request)
        command = SubmitApplication.model_validate(
            {
                "administration_id": draft.administration_id,
                "service": draft.service,
                "tier": draft.tier,
                "applicant": {"identifier": citizen.egn, "name": citizen.name or citizen.egn, "email": draft.email},
                "form": draft.form,
                "represented": draft.represented,
                "notifications": {"language": lang_of(request), "channels": ["email"] if draft.email else []},
            }
        )
        # NOTE: the draft's id is the submission's idempotency key: a second click (or a second
        # tab) gets the application the first one made, never a second application.
        once = IdempotencyKey(f"{DRAFT_KEY_PREFIX}{draft.id}", fingerprint({"draft": draft.id}))
        try:
            submitted = await submit(
                command,
                catalog=catalog,
                repository=repository,
                source=source,
                idempotency=once,
                citizen=citizen,
                uploads=Staged(draft.uploads),
            )
        except Problem as problem:
            listed = problem.extra.get("errors") or [{"field": "", "detail": problem.detail}]
            errors = {str(error["field"]).removeprefix("form."): str(error["detail"]) for error in listed}
            return form_page(request, service, draft.administration_id, Page(draft, errors, {}))
        await drafts.delete(draft.id)
        return see_other(f"/my-applications/{submitted.application_id}/confirmation")

    async def _submitted_from(request: Request, draft_id: str) -> str | None:
        """The application the citizen's draft was submitted as already (a second click), if any."""
        citizen = citizen_of(request)
        made = await repository.by_key(f"{DRAFT_KEY_PREFIX}{draft_id}") if citizen is not None else None
        if made is None or citizen is None or await repository.owner(made[1]) != citizen.egn:
            return None
        return made[1]

    async def _own_draft(request: Request, draft_id: str) -> tuple[Draft, ServiceVersionChanged, Citizen]:
        """The logged-in citizen's draft and its service; else the login, or "not found" (`PageAnswer`)."""
        citizen = citizen_of(request)
        if citizen is None:
            # NOTE: back to the draft's page (a GET) after the login, whatever was posted.
            raise PageAnswer(to_login(request, next_path=f"/drafts/{draft_id}"))
        draft = await drafts.get(draft_id, citizen.egn)
        service = opened(draft.administration_id, draft.service) if draft else None
        if draft is None or service is None:
            raise PageAnswer(not_found(request))
        if not citizen.meets(service.assurance_level):
            raise PageAnswer(to_login(request, service.assurance_level, next_path=f"/drafts/{draft_id}"))
        return draft, service, citizen

    return router


def _input_errors(draft: Draft, lang: Language) -> dict[str, str]:
    """What cannot be kept as typed: text PostgreSQL refuses (a NUL) and a malformed e-mail."""
    errors = {str(error["field"]): text("unstorable", lang) for error in unstorable(draft.form)}
    if draft.email is not None and not _EMAIL.fullmatch(draft.email):
        errors["email"] = text("email_invalid", lang)
    return errors


async def _posted(request: Request) -> FormData:
    return await request.form(max_files=MAX_FILES, max_fields=MAX_PARTS)


def _name(attachment: Attachment, lang: Language) -> str:
    return attachment.name_bg if lang == "bg" else attachment.name_en


def _kinds(attachment: Attachment) -> str:
    return ", ".join(media_type.split("/")[-1].upper() for media_type in attachment.media_types)


def _hint(attachment: Attachment, lang: Language) -> str:
    return text("attachment_hint", lang, types=_kinds(attachment), size=megabytes(attachment.max_bytes))


def _refusal(refused: UploadRefused, name: str, lang: Language) -> str:
    if refused.reason == "empty":
        return text("file_empty", lang, name=name)
    if refused.reason == "too_large":
        return text("file_too_large", lang, name=name, size=megabytes(refused.rule.max_bytes))
    if refused.reason == "type":
        return text("file_type", lang, name=name, types=_kinds(refused.rule))
    return text("file_infected", lang, name=name, signature=refused.signature or "?")


def _ids(fields: list[FormField]) -> dict[str, str]:
    found: dict[str, str] = {}
    for field in fields:
        found[field.name] = field.id
        found |= _ids(list(field.children))
    return found


def _error_links(errors: dict[str, str], fields: list[FormField]) -> list[tuple[str, str]]:
    """The error summary: each message with the id of the field it links to."""
    ids = _ids(fields)
    links = []
    for name, message in errors.items():
        if name.startswith(_FILE_PREFIX):
            links.append((message, "f-" + name.replace(".", "-")))
        else:
            links.append((message, ids.get(name, "form")))
    return links
