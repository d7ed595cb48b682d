"""The catalog's refusals, as problem+json: each names the fields at fault and changes nothing."""

from __future__ import annotations

from egov_sdk.problems import Problem


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
