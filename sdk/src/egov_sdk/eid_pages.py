"""The routes every application of pages with an eID login has alike: logging out (at the
application and at the eID) and choosing the language. Logging in differs: each application
decides whom the eID's claims let in."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the routes' annotations at runtime.

from collections.abc import Callable
from typing import Annotated

import httpx
from fastapi import APIRouter, Form, Query
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from egov_sdk.eid import NationalEid
from egov_sdk.web_pages import choose_language, csrf_valid, see_other


def leaving_router(eid: NationalEid, base_url: str, expired: Callable[[Request], Response]) -> APIRouter:
    """`POST /auth/logout` (its CSRF token checked, else `expired`) and `GET /language/<bg|en>`."""
    router = APIRouter(include_in_schema=False)

    @router.post("/auth/logout")
    async def logout(request: Request, csrf_token: Annotated[str, Form(max_length=200)] = "") -> Response:
        if not csrf_valid(request, csrf_token):
            return expired(request)
        id_token = request.session.get("id_token")
        request.session.clear()
        try:
            return RedirectResponse(await eid.logout_url(id_token, f"{base_url.rstrip('/')}/"), status_code=303)
        except httpx.HTTPError:
            return see_other("/")

    @router.get("/language/{chosen}")
    async def language_chosen(
        chosen: str, next_path: Annotated[str | None, Query(alias="next", max_length=2000)] = None
    ) -> Response:
        return choose_language(chosen, next_path)

    return router
