"""Who may read an attached file: the workspace with a token signed with the files key, or the
platform's staff, operators and services (staff only their own administration's)."""

import pytest
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import SecretStr

from egov_intake.entrypoints.attachment_access import WORKSPACE, attachment_reader, may_read
from egov_schemas.work import ATTACHMENTS_TOKEN_AUDIENCE, DOCUMENTS_TOKEN_AUDIENCE
from egov_sdk.auth import CITIZEN, SERVICE, STAFF, AuthSettings, ServiceCredential, authenticator, mint_token
from egov_sdk.problems import Problem

AUTH = AuthSettings(auth_jwt_key=SecretStr("a-local-key-long-enough-for-hs256-tokens"))
FILES_KEY = SecretStr("a-files-key-long-enough-for-hs256-tokens")
reader = attachment_reader(
    authenticator(AUTH, realm="egov-intake"), ServiceCredential(FILES_KEY, ATTACHMENTS_TOKEN_AUDIENCE)
)


def bearer(token: str) -> HTTPAuthorizationCredentials:
    return HTTPAuthorizationCredentials(scheme="Bearer", credentials=token)


async def test_the_workspaces_token_opens_the_files_of_any_administration():
    token = ServiceCredential(FILES_KEY, ATTACHMENTS_TOKEN_AUDIENCE).mint("workspace")
    caller = await reader(bearer(token))
    assert caller == WORKSPACE
    assert may_read(caller, "sofia")
    assert may_read(caller, "plovdiv")


@pytest.mark.parametrize(
    "token",
    [
        ServiceCredential(FILES_KEY, DOCUMENTS_TOKEN_AUDIENCE).mint("workspace"),
        ServiceCredential(SecretStr("another-key-long-enough-for-hs256-tokens"), ATTACHMENTS_TOKEN_AUDIENCE).mint(
            "workspace"
        ),
        "not-a-token",
    ],
    ids=["wrong-audience", "wrong-key", "garbage"],
)
async def test_a_token_not_for_attachments_is_refused_401(token):
    with pytest.raises(Problem) as refused:
        await reader(bearer(token))
    assert refused.value.status == 401
    assert "WWW-Authenticate" in refused.value.headers


async def test_no_token_is_refused_401():
    with pytest.raises(Problem) as refused:
        await reader(None)
    assert refused.value.status == 401


async def test_staff_read_only_their_own_administrations_files():
    caller = await reader(bearer(mint_token(AUTH, "clerk", [STAFF], administration="sofia")))
    assert caller != WORKSPACE
    assert may_read(caller, "sofia")
    assert not may_read(caller, "plovdiv")


async def test_the_platforms_services_read_every_administrations_files():
    caller = await reader(bearer(mint_token(AUTH, "handler", [SERVICE])))
    assert may_read(caller, "plovdiv")


async def test_a_citizens_platform_token_is_refused_403():
    with pytest.raises(Problem) as refused:
        await reader(bearer(mint_token(AUTH, "citizen-1", [CITIZEN], person="PNOBG-7501010010")))
    assert refused.value.status == 403
