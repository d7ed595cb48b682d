"""The contacts claim check: intake's applicants' contacts, asked for when a notice is to be sent."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from egov_schemas.notifications import CONTACTS_READER, ContactsAnswer, ContactsRequest

if TYPE_CHECKING:
    from egov_schemas.notifications import ApplicantContacts
    from egov_sdk.auth import ServiceCredential


class ContactsUnavailable(Exception):
    """Intake did not answer; the notices wait for the next round."""


class IntakeContacts:
    def __init__(self, intake_url: str, credential: ServiceCredential, http: httpx.AsyncClient):
        self._url = f"{intake_url}/internal/contacts"
        self._credential = credential
        self._http = http

    async def of(self, application_ids: list[str]) -> dict[str, ApplicantContacts]:
        """The contacts of each application intake knows, by application id."""
        request = ContactsRequest(application_ids=application_ids)
        headers = {"authorization": f"Bearer {self._credential.mint(CONTACTS_READER)}"}
        try:
            response = await self._http.post(self._url, json=request.model_dump(mode="json"), headers=headers)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise ContactsUnavailable(type(exc).__name__) from exc
        answer = ContactsAnswer.model_validate_json(response.content)
        return {contacts.application_id: contacts for contacts in answer.contacts}
