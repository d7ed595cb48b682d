"""Logging in with the national eID (the workspace is the eID's client `egov-workspace`), logging
out, and choosing the language. Who may come in, and as what, is the workspace's staff directory's
to say: the eID only says who the person is."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated

import httpx
from authlib.integrations.starlette_client import OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, Query
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from egov_schemas.catalog import ASSURANCE_LEVELS
from egov_sdk.auth import PERSON_PREFIX
from egov_sdk.eid import NationalEid
from egov_sdk.logging import get_logger
from egov_sdk.web_pages import local_path, see_other
from egov_workspace.adapters.audit import AuditEntry, AuditLog
from egov_workspace.adapters.staff import StaffDirectory
from egov_workspace.entrypoints.i18n import text
from egov_workspace.entrypoints.web import lang_of, log_in, message

log = get_logger(__name__)
_NEXT = "after_login"
# NOTE: staff see citizens' personal data: a login at a substantial level at least.
MINIMUM_LEVEL = "eid_substantial"


def auth_router(eid: NationalEid, workspace_url: str, staff: StaffDirectory, audit: AuditLog) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    callback = f"{workspace_url.rstrip('/')}/auth/callback"

    @router.get("/auth/login")
    async def login(
        request: Request, next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None
    ) -> Response:
        request.session[_NEXT] = local_path(next_path)
        try:
            return await eid.login_redirect(request, callback, MINIMUM_LEVEL)
        except httpx.HTTPError:
            log.warning("eid_unreachable")
            return _refused(request, 503, "login_failed")

    @router.get("/auth/callback")
    async def logged_in(request: Request) -> Response:
        try:
            claims, id_token = await eid.complete_login(request)
        except (OAuthError, JoseError, ValueError, httpx.HTTPError, KeyError) as exc:
            log.warning("eid_login_failed", error=type(exc).__name__)
            return _refused(request, 400, "login_failed")
        subject, level = str(claims.get("sub") or ""), str(claims.get("acr") or "")
        if level not in ASSURANCE_LEVELS or ASSURANCE_LEVELS.index(level) < ASSURANCE_LEVELS.index(MINIMUM_LEVEL):
            return _refused(request, 403, "login_failed")
        member = await staff.member(subject.removeprefix(PERSON_PREFIX)) if subject.startswith(PERSON_PREFIX) else None
        claimed = claims.get("administration")
        # NOTE: where the eID (the state's staff register) says the person works must agree with the directory.
        if member is None or (claimed is not None and claimed != member.administration_id):
            log.info("staff_login_refused", known=member is not None)
            return _refused(request, 403, "not_staff")
        after = local_path(request.session.get(_NEXT))
        log_in(request, member, id_token)
        await audit.record(AuditEntry(member.administration_id, member.person, member.name, "logged_in"))
        log.info("staff_logged_in", administration_id=member.administration_id, role=member.role)
        return see_other(after)

    return router


def _refused(request: Request, status_code: int, reason: str) -> Response:
    lang = lang_of(request)
    return message(request, status_code, text("login", lang), text(reason, lang))
