"""Prefill for intake alone: a citizen's own data, at their request and with their consent."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_registry_gateway.service_layer.prefill import AskedAlready, Prefill, RegistryUnavailable
from egov_schemas.registry import PREFILL_ASKER, PrefillAnswers, PrefillRequest
from egov_sdk.auth import ServiceCredential
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem

log = get_logger(__name__)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-registry-prefill"'}
RETRY_AFTER_S = 60


def prefill_router(prefill: Prefill, credential: ServiceCredential) -> APIRouter:
    router = APIRouter(prefix="/internal", tags=["internal"])
    bearer = HTTPBearer(auto_error=False, description="A token signed with the prefill key, naming intake")

    @router.post("/prefill", response_model=PrefillAnswers)
    async def ask(
        request: PrefillRequest, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
    ) -> PrefillAnswers:
        if credentials is None or credential.subject(credentials.credentials) != PREFILL_ASKER:
            raise Problem(401, "Unauthorized", "Only intake may ask for prefill", headers=_CHALLENGE)
        try:
            answers = await prefill.ask(request)
        except RegistryUnavailable as exc:
            raise Problem(
                503,
                "Registry unavailable",
                "RegiX is not answering now; try again later",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            ) from exc
        except AskedAlready as exc:
            raise Problem(409, "Conflict", "A prefill with this consent is under way") from exc
        log.info("prefill_answered", service=request.service, operations=[a.operation for a in answers])
        return PrefillAnswers(answers=answers)

    return router
