"""The files citizens attached, fetched from intake (which keeps them) for staff of the
application's administration; the workspace checks that right before asking."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from egov_schemas.work import ATTACHMENTS_TOKEN_AUDIENCE
from egov_sdk.auth import ServiceCredential

if TYPE_CHECKING:
    import httpx
    from pydantic import SecretStr

    from egov_schemas.work import AttachedFile


class IntakeUnavailable(Exception):
    """Intake did not give the file: it is down, or answered with an error."""


@dataclass(frozen=True)
class FileContent:
    media_type: str
    content: bytes = field(repr=False)


class IntakeFiles:
    def __init__(self, http: httpx.AsyncClient, intake_url: str, key: SecretStr, *, service_name: str):
        self._http = http
        self._base = intake_url.rstrip("/")
        self._credential = ServiceCredential(key, ATTACHMENTS_TOKEN_AUDIENCE)
        self._service_name = service_name

    async def fetch(self, file: AttachedFile) -> FileContent | None:
        """The file's content; None when intake has no such file."""
        import httpx

        headers = {"Authorization": f"Bearer {self._credential.mint(self._service_name)}"}
        try:
            response = await self._http.get(f"{self._base}{file.url}", headers=headers)
        except httpx.HTTPError as exc:
            raise IntakeUnavailable(type(exc).__name__) from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise IntakeUnavailable(f"intake answered {response.status_code}")
        return FileContent(media_type=file.media_type, content=response.content)
