"""The national eID as an OpenID Connect provider: a web application's login (authorization code
with PKCE, through Authlib, which checks the ID token's signature against the eID's JWKS, its
issuer, audience, expiry and nonce) and an API's bearer ID tokens, verified the same way. The
citizen portal and the staff workspace each log people in with it; each reads the claims it needs."""

from __future__ import annotations

import base64
import json
import time
from typing import TYPE_CHECKING, Any

from authlib.integrations.starlette_client import OAuth  # type: ignore[import-untyped]
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import RedirectResponse


REFETCH_KEYS_AFTER_S = 60.0


class InvalidIdToken(Exception):
    """A bearer ID token that is not the eID's, or has expired."""


class NationalEid:
    def __init__(self, issuer: str, client_id: str, client_secret: str, timeout_s: float = 10.0):
        self._issuer = issuer.rstrip("/")
        self._client_id = client_id
        oauth = OAuth()
        oauth.register(
            "eid",
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=f"{self._issuer}/.well-known/openid-configuration",
            client_kwargs={"scope": "openid profile", "code_challenge_method": "S256", "timeout": timeout_s},
        )
        self._client: Any = oauth.create_client("eid")
        self._refetched_at = -REFETCH_KEYS_AFTER_S

    async def login_redirect(self, request: Request, redirect_uri: str, minimum_level: str) -> RedirectResponse:
        """Send the browser to the eID, asking for at least `minimum_level` (`acr_values`)."""
        response: RedirectResponse = await self._client.authorize_redirect(
            request, redirect_uri, acr_values=minimum_level
        )
        return response

    async def complete_login(self, request: Request) -> tuple[dict[str, Any], str]:
        """The claims the eID's answer vouches for, and the ID token (kept for logout)."""
        token = await self._client.authorize_access_token(request)
        return dict(token["userinfo"]), str(token["id_token"])

    async def logout_url(self, id_token: str | None, return_to: str) -> str:
        """The eID's end-session URL, which returns the browser to `return_to`."""
        result = await self._client.create_logout_url(post_logout_redirect_uri=return_to, id_token_hint=id_token)
        return str(result["url"])

    def issued(self, token: str) -> bool:
        """Whether a bearer token says it is the eID's (its `iss`, read before any check): a token
        of the platform's own identity provider (staff, services) names no citizen."""
        try:
            payload = token.split(".")[1]
            claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        except (IndexError, ValueError):
            return True  # NOTE: not a JWT at all: verified (and refused) as an eID token
        return not isinstance(claims, dict) or claims.get("iss") == self._issuer

    async def verified_claims(self, id_token: str) -> dict[str, Any]:
        """The claims of a bearer ID token, once its signature and claims check out."""
        jwks = await self._client.fetch_jwk_set()
        try:
            try:
                decoded = self._decode(id_token, jwks)
            except InvalidKeyIdError:
                decoded = self._decode(id_token, await self._refetched_keys(jwks))
        except (JoseError, ValueError) as exc:
            raise InvalidIdToken(str(exc)) from exc
        try:
            jwt.JWTClaimsRegistry(
                iss={"essential": True, "value": self._issuer},
                aud={"essential": True, "value": self._client_id},
                exp={"essential": True},
                sub={"essential": True},
            ).validate(decoded.claims)
        except JoseError as exc:
            raise InvalidIdToken(str(exc)) from exc
        return dict(decoded.claims)

    async def _refetched_keys(self, known: dict[str, Any]) -> dict[str, Any]:
        """The eID's keys read again (it may have rotated them), at most once a minute: a token
        with a made-up key id must not make every request fetch them."""
        now = time.monotonic()
        if now - self._refetched_at < REFETCH_KEYS_AFTER_S:
            return known
        self._refetched_at = now
        keys: dict[str, Any] = await self._client.fetch_jwk_set(force=True)
        return keys

    @staticmethod
    def _decode(id_token: str, jwks: dict[str, Any]) -> jwt.Token:
        keys = KeySet.import_key_set(jwks)  # type: ignore[arg-type]  # a JWKS document as the eID serves it
        return jwt.decode(id_token, keys, registry=JWSRegistry(algorithms=["RS256"]))
