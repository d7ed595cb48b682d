"""Who may change the catalog: bearer tokens (JWT) from the platform's identity provider.

Platform operators (SEGA) carry the role `platform-operator` and manage service definitions and
administrations; an administration's admins carry `administration-admin` and the claim
`administration` and manage only that administration's package. Reading is public.
"""

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from egov_catalog.settings import CatalogSettings
from egov_sdk.problems import Problem

# NOTE: no `from __future__ import annotations` here: FastAPI reads the dependency's annotations
# at runtime, and `bearer` is local to `authenticator`.

OPERATOR = "platform-operator"
ADMINISTRATION_ADMIN = "administration-admin"
_CHALLENGE = {"WWW-Authenticate": 'Bearer realm="egov-catalog"'}


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]
    administration: str | None

    def require_operator(self) -> None:
        if OPERATOR not in self.roles:
            raise Problem(
                403, "Forbidden", "Only platform operators may change service definitions and administrations"
            )

    def require_admin_of(self, administration_id: str) -> None:
        if ADMINISTRATION_ADMIN not in self.roles or self.administration != administration_id:
            raise Problem(403, "Forbidden", f"Only administrators of {administration_id} may change its package")


def authenticator(settings: CatalogSettings) -> Callable[..., Awaitable[Principal]]:
    bearer = HTTPBearer(auto_error=False, description="A JWT from the platform's identity provider")

    async def principal(
        credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
    ) -> Principal:
        if credentials is None:
            raise Problem(401, "Unauthorized", "This change needs a bearer token", headers=_CHALLENGE)
        try:
            claims = jwt.decode(
                credentials.credentials,
                settings.auth_jwt_key.get_secret_value(),
                algorithms=[settings.auth_jwt_algorithm],
                audience=settings.auth_jwt_audience,
                issuer=settings.auth_jwt_issuer,
                options={"require": ["exp", "sub", "iss", "aud"]},
            )
        except jwt.PyJWTError as exc:
            raise Problem(401, "Unauthorized", f"The bearer token is not valid: {exc}", headers=_CHALLENGE) from exc
        roles = claims.get("roles", [])
        return Principal(
            subject=str(claims["sub"]),
            roles=frozenset(role for role in roles if isinstance(role, str))
            if isinstance(roles, list)
            else frozenset(),
            administration=claims.get("administration"),
        )

    return principal


def mint_token(
    settings: CatalogSettings,
    subject: str,
    *,
    operator: bool = False,
    administration: str | None = None,
    ttl: dt.timedelta = dt.timedelta(hours=8),
) -> str:
    """A token as the identity provider would issue it; for local runs and tests (HS256 only)."""
    now = dt.datetime.now(dt.UTC)
    claims: dict[str, object] = {
        "sub": subject,
        "iss": settings.auth_jwt_issuer,
        "aud": settings.auth_jwt_audience,
        "iat": now,
        "exp": now + ttl,
        "roles": [OPERATOR] if operator else [ADMINISTRATION_ADMIN],
    }
    if administration:
        claims["administration"] = administration
    return jwt.encode(claims, settings.auth_jwt_key.get_secret_value(), algorithm=settings.auth_jwt_algorithm)
