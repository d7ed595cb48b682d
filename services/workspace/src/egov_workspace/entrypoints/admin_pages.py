"""An administration's own admins: who holds which role, the numbering scheme; and the audit,
which heads of unit read too."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Form, Path
from starlette.requests import Request
from starlette.responses import Response

from egov_schemas.identifiers import validate_egn
from egov_sdk.clock import Clock
from egov_sdk.web_pages import PageAnswer, see_other
from egov_workspace.adapters.audit import AuditEntry, AuditLog
from egov_workspace.adapters.numbering import RegistrationNumbers
from egov_workspace.adapters.staff import StaffDirectory
from egov_workspace.domain.numbering import InvalidScheme, NumberingScheme
from egov_workspace.domain.staff import ROLES, Role, StaffMember
from egov_workspace.entrypoints.case_view import described
from egov_workspace.entrypoints.i18n import text
from egov_workspace.entrypoints.web import checked_form, flash, lang_of, message, render, signed_in

Token = Annotated[str, Form(max_length=200)]


def _admin(member: StaffMember, request: Request, *, or_head: bool = False) -> StaffMember:
    if member.manages or (or_head and member.distributes):
        return member
    lang = lang_of(request)
    raise PageAnswer(message(request, 403, text("forbidden", lang), text("forbidden_text", lang)))


def admin_router(staff: StaffDirectory, numbers: RegistrationNumbers, audit: AuditLog, clock: Clock) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    async def staff_page(
        request: Request, member: StaffMember, errors: dict[str, str] | None = None, **values: str
    ) -> Response:
        return render(
            request,
            "staff.html",
            status_code=400 if errors else 200,
            colleagues=await staff.of(member.administration_id),
            roles=ROLES,
            errors=errors or {},
            values=values,
            here="/staff",
        )

    @router.get("/staff")
    async def staff_list(request: Request) -> Response:
        return await staff_page(request, _admin(await signed_in(request), request))

    @router.post("/staff")
    async def staff_put(
        request: Request,
        csrf_token: Token,
        person: Annotated[str, Form(max_length=20)] = "",
        name: Annotated[str, Form(max_length=400)] = "",
        role: Annotated[str, Form(max_length=20)] = "",
    ) -> Response:
        member = _admin(await checked_form(request, csrf_token), request)
        lang = lang_of(request)
        errors: dict[str, str] = {}
        if not name.strip() or len(name.strip()) > 200:
            errors["name"] = text("required", lang)
        try:
            validate_egn(person.strip())
        except ValueError:
            errors["person"] = text("egn_invalid", lang)
        if person.strip() == member.person:
            errors["person"] = text("not_yourself", lang)
        if role not in ROLES:
            errors["role"] = text("required", lang)
        if errors:
            return await staff_page(request, member, errors, person=person, name=name)
        chosen: Role = role  # type: ignore[assignment]  # checked above
        changed = StaffMember(member.administration_id, person.strip(), name.strip(), chosen)
        if not await staff.put(changed):
            return await staff_page(
                request, member, {"person": text("works_elsewhere", lang)}, person=person, name=name
            )
        await audit.record(
            AuditEntry(
                member.administration_id,
                member.person,
                member.name,
                "staff_changed",
                details={"person": changed.name, "role": changed.role},
            )
        )
        flash(request, "done_staff")
        return see_other("/staff")

    @router.post("/staff/{person}/remove")
    async def staff_remove(
        request: Request, person: Annotated[str, Path(max_length=10, pattern=r"^[0-9]{10}$")], csrf_token: Token
    ) -> Response:
        member = _admin(await checked_form(request, csrf_token), request)
        removed = await staff.member(person)
        # NOTE: the audit names whom by name: the EGN is personal data an audit reader need not see.
        if removed and person != member.person and await staff.remove(member.administration_id, person):
            details = {"person": removed.name}
            await audit.record(
                AuditEntry(member.administration_id, member.person, member.name, "staff_removed", details=details)
            )
            flash(request, "done_staff")
        return see_other("/staff")

    async def numbering_page(
        request: Request,
        member: StaffMember,
        scheme: NumberingScheme | None = None,
        errors: dict[str, str] | None = None,
        **values: str,
    ) -> Response:
        current = scheme or await numbers.scheme(member.administration_id)
        return render(
            request,
            "numbering.html",
            status_code=400 if errors else 200,
            prefix=values.get("prefix", current.prefix),
            pattern=values.get("pattern", current.pattern),
            example=current.number(clock.today().year, 1),
            errors=errors or {},
            here="/numbering",
        )

    @router.get("/numbering")
    async def numbering(request: Request) -> Response:
        return await numbering_page(request, _admin(await signed_in(request), request))

    @router.post("/numbering")
    async def numbering_set(
        request: Request,
        csrf_token: Token,
        prefix: Annotated[str, Form(max_length=100)] = "",
        pattern: Annotated[str, Form(max_length=200)] = "",
    ) -> Response:
        member = _admin(await checked_form(request, csrf_token), request)
        try:
            scheme = NumberingScheme(prefix.strip(), pattern.strip())
        except InvalidScheme as exc:
            field = "prefix" if str(exc).startswith("prefix") else "pattern"
            return await numbering_page(request, member, None, {field: str(exc)}, prefix=prefix, pattern=pattern)
        await numbers.set_scheme(member.administration_id, scheme)
        await audit.record(
            AuditEntry(
                member.administration_id,
                member.person,
                member.name,
                "numbering_changed",
                details={"pattern": scheme.pattern, "prefix": scheme.prefix},
            )
        )
        flash(request, "done_numbering")
        return see_other("/numbering")

    @router.get("/audit")
    async def audit_page(request: Request) -> Response:
        member = _admin(await signed_in(request), request, or_head=True)
        lang = lang_of(request)
        entries = await audit.latest(member.administration_id)
        return render(request, "audit.html", entries=[(entry, described(entry, lang)) for entry in entries])

    return router
