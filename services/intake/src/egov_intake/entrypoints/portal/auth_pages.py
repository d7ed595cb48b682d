"""Logging in with the national eID, logging out, and choosing the language."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from typing import Annotated

import httpx
from authlib.integrations.starlette_client import OAuthError  # type: ignore[import-untyped]
from fastapi import APIRouter, Query
from joserfc.errors import JoseError
from starlette.requests import Request
from starlette.responses import Response

from egov_intake.domain.identity import Citizen, NotACitizen
from egov_intake.entrypoints.portal.i18n import text
from egov_intake.entrypoints.portal.web import lang_of, log_in, message
from egov_schemas.catalog import ASSURANCE_LEVELS
from egov_sdk.eid import NationalEid
from egov_sdk.logging import get_logger
from egov_sdk.web_pages import local_path, see_other

log = get_logger(__name__)
_NEXT = "after_login"
_LEVEL = "level_asked"


def auth_router(eid: NationalEid, portal_url: str) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    callback = f"{portal_url.rstrip('/')}/auth/callback"

    @router.get("/auth/login")
    async def login(
        request: Request,
        next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None,
        level: Annotated[str, Query(max_length=40)] = "eid_low",
    ) -> Response:
        request.session[_NEXT] = local_path(next_path)
        minimum = level if level in ASSURANCE_LEVELS else "eid_low"
        request.session[_LEVEL] = minimum
        try:
            return await eid.login_redirect(request, callback, minimum)
        except httpx.HTTPError:
            log.warning("eid_unreachable")
            return _failed(request, 503)

    @router.get("/auth/callback")
    async def logged_in(request: Request) -> Response:
        try:
            claims, id_token = await eid.complete_login(request)
            citizen = Citizen.from_claims(claims)
        except (OAuthError, JoseError, ValueError, NotACitizen, httpx.HTTPError, KeyError) as exc:
            log.warning("eid_login_failed", error=type(exc).__name__)
            return _failed(request, 400)
        asked = str(request.session.get(_LEVEL) or "eid_low")
        if not citizen.meets(asked):
            # NOTE: `acr_values` is only a request: a lower level is told, not sent round again.
            lang = lang_of(request)
            level = text(f"level_{asked}", lang)
            return message(request, 403, text("login", lang), text("forbidden_level", lang, level=level))
        after = local_path(request.session.get(_NEXT))
        log_in(request, citizen, id_token)
        log.info("citizen_logged_in", acr=citizen.acr)
        return see_other(after)

    return router


def _failed(request: Request, status_code: int) -> Response:
    lang = lang_of(request)
    return message(request, status_code, text("login", lang), text("login_failed", lang))
