"""What the API's and the portal's routes share: the files' scanner and blob store, and the
citizen an eID ID token (sent as a bearer token) names."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependency's annotations at runtime.

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_intake.adapters.blobs import BlobStore
from egov_intake.domain.identity import Citizen, NotACitizen
from egov_intake.service_layer.uploads import Scanner
from egov_sdk.eid import InvalidIdToken, NationalEid
from egov_sdk.problems import Problem

_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-intake"'}


@dataclass(frozen=True)
class Files:
    scanner: Scanner
    blobs: BlobStore


def eid_bearer(eid: NationalEid) -> Callable[..., Awaitable[Citizen | None]]:
    """A dependency: the citizen a bearer eID ID token names; None without one (or with a token of
    the platform's own identity provider), 401 for a bad one."""
    bearer = HTTPBearer(auto_error=False, description="An ID token from the national eID, for a logged-in citizen")

    async def citizen(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Citizen | None:  # noqa: B008 - FastAPI's idiom
        if credentials is None or not eid.issued(credentials.credentials):
            return None
        try:
            return Citizen.from_claims(await eid.verified_claims(credentials.credentials))
        except (InvalidIdToken, NotACitizen) as exc:
            raise Problem(401, "Unauthorized", f"The eID ID token is not valid: {exc}", headers=_CHALLENGE) from exc
        except httpx.HTTPError as exc:
            raise Problem(503, "National eID unreachable", "Its keys could not be read; retry shortly") from exc

    return citizen
