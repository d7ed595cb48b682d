"""The staff workspace's output documents: intake fetches one for the citizen it was issued to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

import httpx

from egov_intake.domain.model import MEDIA_TYPE_PATTERN

if TYPE_CHECKING:
    from egov_sdk.auth import ServiceCredential

DOCUMENTS_ASKER = "intake"
"""The subject of intake's tokens for the workspace's documents."""
_MEDIA_TYPE = re.compile(MEDIA_TYPE_PATTERN)
_EXTENDED_FILENAME = re.compile(r"filename\*\s*=\s*UTF-8''([^;\s]+)", re.IGNORECASE)
_PLAIN_FILENAME = re.compile(r'filename\s*=\s*"([^"]+)"', re.IGNORECASE)
# NOTE: what each refusal means, said here: the workspace's own detail is not passed on.
_REFUSALS = {
    401: "the workspace does not accept intake's token: is FILES_TOKEN_KEY the workspace's?",
    403: "the workspace refused intake's token",
}


@dataclass(frozen=True)
class Document:
    content: bytes
    media_type: str
    filename: str


class DocumentsUnavailable(Exception):
    """The workspace cannot give the document now (unreachable, or an answer out of contract)."""


class WorkspaceDocuments:
    def __init__(self, workspace_url: str, credential: ServiceCredential, http: httpx.AsyncClient):
        self._url = f"{workspace_url.rstrip('/')}/internal/documents"
        self._credential = credential
        self._http = http

    async def fetch(self, application_id: str, document_id: str) -> Document | None:
        """The document; None when the workspace does not hold it (one an administration's handler
        issued); raises `DocumentsUnavailable` on any other failure."""
        headers = {"authorization": f"Bearer {self._credential.mint(DOCUMENTS_ASKER)}"}
        url = f"{self._url}/{quote(document_id, safe='')}"
        try:
            response = await self._http.get(url, params={"application_id": application_id}, headers=headers)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise DocumentsUnavailable(f"the workspace did not answer: {type(exc).__name__}") from exc
        if response.status_code == httpx.codes.NOT_FOUND:
            return None
        if response.status_code != httpx.codes.OK:
            reason = _REFUSALS.get(response.status_code, "unexpected status")
            raise DocumentsUnavailable(f"the workspace answered {response.status_code}: {reason}")
        return Document(response.content, _media_type(response), _filename(response, document_id))


def _media_type(response: httpx.Response) -> str:
    """The answer's media type without parameters; a malformed one is taken as bytes of no known type."""
    claimed = response.headers.get("content-type", "").split(";")[0].strip().lower()
    return claimed if _MEDIA_TYPE.match(claimed) else "application/octet-stream"


def _filename(response: httpx.Response, document_id: str) -> str:
    """The name the workspace gives in its Content-Disposition; else one made of the document's id."""
    disposition = response.headers.get("content-disposition", "")
    if extended := _EXTENDED_FILENAME.search(disposition):
        return unquote(extended.group(1))
    if plain := _PLAIN_FILENAME.search(disposition):
        return plain.group(1)
    return f"{document_id}.pdf"
