"""RFC 9457 problem details for every HTTP error, with the path of each invalid field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from egov_sdk.logging import get_logger
from egov_sdk.store import TRANSIENT_STORE_ERRORS

PROBLEM_JSON = "application/problem+json"
log = get_logger(__name__)


class Problem(Exception):
    """A domain error to report to the client as problem+json."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        type_: str = "about:blank",
        headers: dict[str, str] | None = None,
        **extra: Any,
    ):
        super().__init__(detail)
        self.status, self.title, self.detail, self.type, self.extra = status, title, detail, type_, extra
        self.headers = headers or {}


def problem_response(status: int, title: str, detail: str, type_: str = "about:blank", **extra: Any) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON)


FieldError = dict[str, str]


def field_errors(errors: Iterable[Mapping[str, Any]], *prefix: str) -> list[FieldError]:
    """Pydantic errors as `[{field, detail}]`, each field a dotted path under `prefix`."""
    return [{"field": field_path((*prefix, *error["loc"])), "detail": error["msg"]} for error in errors]


def unprocessable(title: str, errors: list[FieldError]) -> Problem:
    """422 naming every field at fault, in `errors` and in the one-line `detail`."""
    return Problem(422, title, summary(errors), errors=errors)


def summary(errors: list[FieldError]) -> str:
    return "; ".join(f"{e['field']}: {e['detail']}" for e in errors)


def field_path(location: tuple[int | str, ...] | list[int | str]) -> str:
    """`("body", "applicant", "identifier")` → `applicant.identifier` (the request part dropped)."""
    parts = [str(part) for part in location]
    if parts and parts[0] in {"body", "query", "path", "header"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(_: Request, exc: Problem) -> JSONResponse:
        response = problem_response(exc.status, exc.title, exc.detail, exc.type, **exc.extra)
        response.headers.update(exc.headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = field_errors(exc.errors())
        return problem_response(422, "Invalid request", summary(errors), errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem_response(exc.status_code, str(exc.detail), str(exc.detail))

    async def _store_unavailable(_: Request, exc: Exception) -> JSONResponse:
        log.warning("http_store_unavailable", error=type(exc).__name__)
        response = problem_response(503, "Store unavailable", "The request could not be stored now; retry shortly.")
        response.headers["Retry-After"] = "2"
        return response

    # NOTE: one handler per class, not a test inside the catch-all below: Starlette re-raises
    # what reaches the catch-all, and a store outage is an expected condition, not a crash.
    for error in TRANSIENT_STORE_ERRORS:
        app.add_exception_handler(error, _store_unavailable)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("http_unhandled_error", error=type(exc).__name__)
        return problem_response(500, "Internal error", "The request could not be completed; it has been logged.")
