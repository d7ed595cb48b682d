"""Errors as RFC 7807 ProblemDetails, in the shape ASP.NET Core (e-Delivery's framework) writes them:
`{"type", "title", "status", "detail"}` as `application/problem+json`, and for invalid input also
`errors`, one list of texts per field, as its ValidationProblemDetails has."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi.responses import JSONResponse

MEDIA_TYPE = "application/problem+json"
VALIDATION_TITLE = "One or more validation errors occurred."

# NOTE: ASP.NET Core's defaults (`ProblemDetailsDefaults`): the RFC 9110 section of each status and its reason.
_DEFAULTS = {
    400: ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
    401: ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
    403: ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
    404: ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
    405: ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
    409: ("https://tools.ietf.org/html/rfc9110#section-15.5.10", "Conflict"),
    503: ("https://tools.ietf.org/html/rfc9110#section-15.6.4", "Service Unavailable"),
}


class Problem(Exception):
    """Answered as ProblemDetails with `status`; `errors` (field → texts) makes it a validation problem."""

    def __init__(self, status: int, detail: str, errors: Mapping[str, Sequence[str]] | None = None):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.errors = errors


class Invalid(Problem):
    """400 naming each wrong field, as the JSON names it."""

    def __init__(self, errors: Mapping[str, Sequence[str]]):
        super().__init__(400, "; ".join(f"{name}: {text}" for name, texts in errors.items() for text in texts), errors)


def problem_response(problem: Problem, headers: Mapping[str, str] | None = None) -> JSONResponse:
    kind, reason = _DEFAULTS.get(problem.status, ("about:blank", "Error"))
    body: dict[str, Any] = {
        "type": kind,
        "title": VALIDATION_TITLE if problem.errors is not None else reason,
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors is not None:
        body["errors"] = {name: list(texts) for name, texts in problem.errors.items()}
    return JSONResponse(body, status_code=problem.status, media_type=MEDIA_TYPE, headers=headers)
