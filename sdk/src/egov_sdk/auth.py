"""Who calls an API: bearer tokens (JWT) from the platform's identity provider.

Roles: `platform-operator` (SEGA's operators), `service` (the platform's own services and
tools), `administration-admin` and `staff` (an administration's people, who carry the claim
`administration` and see only that administration's applications), and `citizen` (a person
logged in with national eID, who carries the claim `person`: their identifier in the national
shape `PNOBG-<EGN>`, and sees only what is about them).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import jwt
from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import Field, SecretStr

from egov_sdk.problems import Problem
from egov_sdk.settings import PlatformSettings

OPERATOR = "platform-operator"
SERVICE = "service"
ADMINISTRATION_ADMIN = "administration-admin"
STAFF = "staff"
CITIZEN = "citizen"
PERSON_PREFIX = "PNOBG-"
"""The national eID's person identifier: `PNOBG-` and the EGN."""
_PLATFORM_WIDE = frozenset({OPERATOR, SERVICE})
_OF_AN_ADMINISTRATION = frozenset({ADMINISTRATION_ADMIN, STAFF})


class AuthSettings(PlatformSettings):
    """Settings of a service with an authenticated API."""

    auth_jwt_key: SecretStr = Field(
        description="Verifies bearer tokens: the identity provider's PEM public key (RS256/ES256) or an HS256 secret"
    )
    auth_jwt_algorithm: Literal["HS256", "RS256", "ES256"] = Field(
        "HS256", description="Signature algorithm of bearer tokens"
    )
    auth_jwt_issuer: str = Field("egov-local", description="Required `iss` of bearer tokens")
    auth_jwt_audience: str = Field("egov", description="Required `aud` of bearer tokens")


@dataclass(frozen=True)
class Principal:
    subject: str
    roles: frozenset[str]
    administration: str | None
    person: str | None = None

    def require_citizen(self) -> str:
        """The logged-in citizen's EGN; 403 for anyone who is not a citizen with a person identifier."""
        if CITIZEN not in self.roles or self.person is None or not self.person.startswith(PERSON_PREFIX):
            raise Problem(403, "Forbidden", "Only a citizen logged in with national eID may read this")
        return self.person.removeprefix(PERSON_PREFIX)

    def require_operator(self) -> None:
        if OPERATOR not in self.roles:
            raise Problem(
                403, "Forbidden", "Only platform operators may change service definitions and administrations"
            )

    def require_admin_of(self, administration_id: str) -> None:
        if ADMINISTRATION_ADMIN not in self.roles or self.administration != administration_id:
            raise Problem(403, "Forbidden", f"Only administrators of {administration_id} may change its package")

    def require_staff(self) -> None:
        """Staff of an administration, or the platform's operators and services."""
        if not self.roles & (_PLATFORM_WIDE | _OF_AN_ADMINISTRATION):
            raise Problem(403, "Forbidden", "Only staff, operators and the platform's services may read this")

    def may_see(self, administration_id: str) -> bool:
        """Whether this caller may see what belongs to `administration_id`."""
        return bool(self.roles & _PLATFORM_WIDE) or (
            bool(self.roles & _OF_AN_ADMINISTRATION) and self.administration == administration_id
        )

    def administration_filter(self) -> str | None:
        """The one administration a listing is limited to (None: every one, for operators)."""
        self.require_staff()
        return None if self.roles & _PLATFORM_WIDE else self.administration


Authenticator = Callable[..., Awaitable[Principal]]


def authenticator(settings: AuthSettings, realm: str) -> Authenticator:
    """A FastAPI dependency that answers 401 (problem+json) unless a valid bearer token is sent."""
    bearer = HTTPBearer(auto_error=False, description="A JWT from the platform's identity provider")
    challenge = {"WWW-Authenticate": f'Bearer realm="{realm}"'}

    async def principal(credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:  # noqa: B008 - FastAPI's idiom
        if credentials is None:
            raise Problem(401, "Unauthorized", "This needs a bearer token", headers=challenge)
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
            raise Problem(401, "Unauthorized", f"The bearer token is not valid: {exc}", headers=challenge) from exc
        return _principal(claims)

    return principal


def _principal(claims: dict[str, Any]) -> Principal:
    roles = claims.get("roles", [])
    administration = claims.get("administration")
    person = claims.get("person")
    return Principal(
        subject=str(claims["sub"]),
        roles=frozenset(role for role in roles if isinstance(role, str)) if isinstance(roles, list) else frozenset(),
        administration=administration if isinstance(administration, str) else None,
        person=person if isinstance(person, str) else None,
    )


def mint_token(
    settings: AuthSettings,
    subject: str,
    roles: Iterable[str],
    *,
    administration: str | None = None,
    person: str | None = None,
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
        "roles": sorted(roles),
    }
    if administration:
        claims["administration"] = administration
    if person:
        claims["person"] = person
    return jwt.encode(claims, settings.auth_jwt_key.get_secret_value(), algorithm=settings.auth_jwt_algorithm)


class ServiceCredential:
    """A key shared by one service that calls an internal endpoint and the service that serves
    it: the caller signs short-lived tokens naming itself, the server accepts only those.

    NOTE: narrower than the platform's bearer tokens on purpose: intake's contacts claim check
    answers only a holder of this key, which only notifications is given.
    """

    def __init__(self, key: SecretStr, audience: str, *, ttl: dt.timedelta = dt.timedelta(minutes=5)):
        self._key = key
        self._audience = audience
        self._ttl = ttl

    def mint(self, subject: str) -> str:
        now = dt.datetime.now(dt.UTC)
        claims = {"sub": subject, "aud": self._audience, "iat": now, "exp": now + self._ttl}
        return jwt.encode(claims, self._key.get_secret_value(), algorithm="HS256")

    def subject(self, token: str) -> str | None:
        """Who signed the token, or None when it is not a valid token for this audience."""
        try:
            claims = jwt.decode(
                token,
                self._key.get_secret_value(),
                algorithms=["HS256"],
                audience=self._audience,
                options={"require": ["exp", "sub", "aud"]},
            )
        except jwt.PyJWTError:
            return None
        return str(claims["sub"])
