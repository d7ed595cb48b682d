"""The contacts claim check: notifications asks for the applicants' contacts when it has a notice
to send, instead of carrying them on the lifecycle log. Only notifications holds the key."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the endpoint's annotations at runtime.

from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.access import ApplicationTokens
from egov_schemas.notifications import (
    CONTACTS_READER,
    ApplicantContacts,
    ContactsAnswer,
    ContactsRequest,
)
from egov_sdk.auth import ServiceCredential
from egov_sdk.logging import get_logger
from egov_sdk.problems import Problem

log = get_logger(__name__)
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-intake-contacts"'}


def contacts_router(
    repository: ApplicationRepository, credential: ServiceCredential, tokens: ApplicationTokens
) -> APIRouter:
    router = APIRouter(prefix="/internal", tags=["internal"])
    bearer = HTTPBearer(auto_error=False, description="A token signed with the contacts key, naming notifications")

    @router.post("/contacts", response_model=ContactsAnswer)
    async def contacts(
        request: ContactsRequest,
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> ContactsAnswer:
        """The applicants' contacts and preferences; personal data, for notifications only."""
        if credentials is None or credential.subject(credentials.credentials) != CONTACTS_READER:
            raise Problem(401, "Unauthorized", "Only notifications may read contacts", headers=_CHALLENGE)
        rows = await repository.contacts(request.application_ids)
        # NOTE: who read how many, never whose: the claim check itself is the audit trail's event.
        log.info("contacts_read", reader=CONTACTS_READER, asked=len(request.application_ids), found=len(rows))
        return ContactsAnswer(
            contacts=[
                ApplicantContacts(
                    application_id=row["id"],
                    identifier_type=row["applicant"].get("identifier_type", "egn"),
                    identifier=row["applicant"]["identifier"],
                    email=row["applicant"].get("email"),
                    phone=row["applicant"].get("phone"),
                    preferences=row["preferences"] or {},
                    webhook_secret=(
                        tokens.webhook_secret(row["id"]) if (row["preferences"] or {}).get("webhook_url") else None
                    ),
                )
                for row in rows
            ]
        )

    return router
