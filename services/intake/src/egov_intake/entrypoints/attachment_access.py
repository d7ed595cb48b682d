"""Who may read the files citizens attach: staff and handlers of the application's administration
(the platform's bearer tokens), and the staff workspace (a token signed with the key only intake
and the workspace hold), which checks its own staff's rights before asking."""

# NOTE: no `from __future__ import annotations`: FastAPI reads the dependency's annotations at runtime.

from collections.abc import Awaitable, Callable
from typing import Final, Literal

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_sdk.auth import Authenticator, Principal, ServiceCredential

WORKSPACE: Final = "workspace"
AttachmentReader = Principal | Literal["workspace"]


def attachment_reader(staff: Authenticator, workspace: ServiceCredential) -> Callable[..., Awaitable[AttachmentReader]]:
    """A dependency: the workspace when its token is sent, else the platform's caller: 401 (problem+json)
    without a valid token of either kind, 403 for a caller who is not staff, an operator or a service."""
    bearer = HTTPBearer(
        auto_error=False,
        description="A JWT from the platform's identity provider, or a token signed with the files key (the workspace)",
    )

    async def reader(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> AttachmentReader:  # noqa: B008 - FastAPI's idiom
        if credentials is not None and workspace.subject(credentials.credentials) is not None:
            return WORKSPACE
        caller = await staff(credentials)
        caller.require_staff()
        return caller

    return reader


def may_read(reader: AttachmentReader, administration_id: str) -> bool:
    """Whether `reader` may read a file of `administration_id`'s application: the workspace has
    checked its staff's rights itself; anyone else by their token's administration."""
    return not isinstance(reader, Principal) or reader.may_see(administration_id)
