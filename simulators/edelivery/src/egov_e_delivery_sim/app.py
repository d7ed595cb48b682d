"""The simulator's web application: e-Delivery's ESB REST API behind its gate (outage, then the
caller's `Dp-Miscinfo`), the citizen's inbox pages and the simulator's own control endpoints.

All state is in memory, in this process: a restart forgets every profile and message (the
institutions' profiles are made again from the settings).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException

from egov_e_delivery_sim.api import e_delivery_router, gate
from egov_e_delivery_sim.control import control_router
from egov_e_delivery_sim.messages import Mailbox
from egov_e_delivery_sim.outage import Outage
from egov_e_delivery_sim.pages import NOT_FOUND_PAGE, PageNotFound, page_router
from egov_e_delivery_sim.problems import Invalid, Problem, problem_response
from egov_e_delivery_sim.profiles import Profiles
from egov_e_delivery_sim.settings import EDeliverySimSettings

if TYPE_CHECKING:
    from fastapi import Request


def create_app(settings: EDeliverySimSettings | None = None) -> FastAPI:
    settings = settings or EDeliverySimSettings()
    profiles = Profiles(settings.senders)
    mailbox = Mailbox(profiles)
    outage = Outage()
    app = FastAPI(
        title="e-Delivery (ССЕВ) simulator",
        description="A simulator of e-Delivery's ESB REST API for development and tests. State is in memory.",
    )
    app.middleware("http")(gate(outage, settings.senders))
    app.include_router(e_delivery_router(profiles, mailbox))
    app.include_router(page_router(profiles, mailbox))
    app.include_router(control_router(profiles, mailbox, outage))
    app.add_exception_handler(Problem, _problem)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(PageNotFound, _page_not_found)
    return app


def field_name(location: tuple[int | str, ...]) -> str:
    """A field as the JSON names it: `recipientProfileIds[0]`, `address.residence`, `offset`."""
    name = ""
    for part in location[1:]:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "body"


async def _problem(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Problem)
    return problem_response(exc)


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    """FastAPI's validation errors (body, query, path) as ASP.NET's ValidationProblemDetails."""
    assert isinstance(exc, RequestValidationError)
    errors: dict[str, list[str]] = {}
    for error in exc.errors():
        errors.setdefault(field_name(tuple(error["loc"])), []).append(str(error["msg"]))
    return problem_response(Invalid(errors))


async def _http_error(_: Request, exc: Exception) -> JSONResponse:
    """Starlette's own answers (no such route, method not allowed) as ProblemDetails too."""
    assert isinstance(exc, HTTPException)
    return problem_response(Problem(exc.status_code, str(exc.detail)), headers=exc.headers)


async def _page_not_found(_: Request, __: Exception) -> HTMLResponse:
    return HTMLResponse(NOT_FOUND_PAGE, status_code=404)
