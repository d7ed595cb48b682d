"""The catalog's refusals, as problem+json: each names the fields at fault and changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_sdk.problems import Problem

if TYPE_CHECKING:
    from egov_catalog.domain.definitions import FieldError


def invalid(title: str, errors: list[FieldError]) -> Problem:
    return Problem(422, title, "; ".join(f"{e['field']}: {e['detail']}" for e in errors), errors=errors)


def not_found(what: str) -> Problem:
    return Problem(404, "Not found", f"{what} does not exist")


def stale(what: str, revision: int) -> Problem:
    return Problem(
        412,
        "Precondition failed",
        f"{what} has changed since you read it (it is now at revision {revision}); read it again and retry",
    )


def conflict(detail: str) -> Problem:
    return Problem(409, "Conflict", detail)
