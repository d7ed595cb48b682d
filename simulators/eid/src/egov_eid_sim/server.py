"""Authlib's OpenID Connect provider, wired to the in-memory store and the signing key.

The authorization code grant with the OpenID Connect extension and mandatory PKCE (S256 only),
Authlib's userinfo endpoint behind a bearer-token validator, and its RP-initiated logout endpoint.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# NOTE: Authlib ships no type information (no py.typed); its classes are `Any` to mypy, hence the
# `import-untyped` and `misc` (subclassing Any) ignores below, nowhere else.
from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError  # type: ignore[import-untyped]
from authlib.oauth2.rfc6749.grants import AuthorizationCodeGrant  # type: ignore[import-untyped]
from authlib.oauth2.rfc6750 import BearerTokenValidator  # type: ignore[import-untyped]
from authlib.oauth2.rfc7636 import CodeChallenge  # type: ignore[import-untyped]
from authlib.oidc.core import UserInfoEndpoint  # type: ignore[import-untyped]
from authlib.oidc.core.grants import OpenIDCode  # type: ignore[import-untyped]
from authlib.oidc.rpinitiated import EndSessionEndpoint  # type: ignore[import-untyped]
from flask import request

from egov_eid_sim.identities import claims
from egov_eid_sim.keys import public_jwks
from egov_eid_sim.store import AccessToken, AuthorizationCode, Login, Store, bounded

if TYPE_CHECKING:
    from flask import Flask
    from joserfc.jwk import RSAKey

    from egov_eid_sim.store import Client

REALM_PATH = "/realms/eid"


def issuer() -> str:
    """`{base}/realms/eid`, the base taken from the request as Keycloak does without a fixed hostname."""
    return request.url_root.rstrip("/") + REALM_PATH


class S256CodeChallenge(CodeChallenge):  # type: ignore[misc]
    """PKCE on every request, S256 only: Authlib's `required=True` makes only public clients send a
    verifier, and accepts `plain`."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ("S256",)

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge': PKCE with S256 is required")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("'code_challenge_method' must be S256")
        super().validate_code_challenge(grant, redirect_uri)

    def get_authorization_code_challenge(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code: AuthorizationCode) -> str:
        return authorization_code.code_challenge_method


class CodeGrant(AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")

    def __init__(self, request: Any, server: Any) -> None:
        super().__init__(request, server)
        self.store: Store = server.store

    def validate_authorization_request(self) -> str:
        redirect_uri: str = super().validate_authorization_request()
        if "openid" not in (self.request.payload.scope or "").split():
            raise InvalidScopeError("The scope must contain 'openid'", redirect_uri=redirect_uri)
        if not self.request.payload.state:
            raise InvalidRequestError("Missing 'state'", redirect_uri=redirect_uri)
        return redirect_uri

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        self.store.codes[code] = AuthorizationCode(
            code=code,
            client_id=request.client.get_client_id(),
            redirect_uri=request.payload.redirect_uri,
            scope=request.scope,
            nonce=data.get("nonce"),
            code_challenge=data["code_challenge"],
            code_challenge_method=data["code_challenge_method"],
            login=request.user,
        )
        bounded(self.store.codes)

    def query_authorization_code(self, code: str, client: Client) -> AuthorizationCode | None:
        found = self.store.codes.get(code)
        if found is None or found.client_id != client.client_id or found.is_expired():
            return None
        return found

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        self.store.codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code: AuthorizationCode) -> Login:
        return authorization_code.login


class EidOpenIDCode(OpenIDCode):  # type: ignore[misc]
    def __init__(self, store: Store, key: RSAKey, token_lifetime: int) -> None:
        super().__init__(require_nonce=True)
        self.store = store
        self.key = key
        self.token_lifetime = token_lifetime

    def exists_nonce(self, nonce: str, request: Any) -> bool:
        client_id = request.payload.client_id
        return any(code.nonce == nonce and code.client_id == client_id for code in self.store.codes.values())

    def resolve_client_private_key(self, client: Client) -> RSAKey:  # noqa: ARG002  # Authlib's signature
        return self.key

    def get_client_algorithm(self, client: Client) -> str:  # noqa: ARG002  # Authlib's signature
        return "RS256"

    def get_encode_header(self, client: Client) -> dict[str, str]:  # noqa: ARG002  # Authlib's signature
        return {"alg": "RS256", "kid": str(self.key.kid)}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        # NOTE: `aud` is the client id as a string, as Keycloak issues it; `azp` names the client too.
        return {"iss": issuer(), "aud": client.client_id, "azp": client.client_id}

    def get_compatible_claims(self, request: Any) -> dict[str, Any]:
        found: dict[str, Any] = super().get_compatible_claims(request)
        found["exp"] = found["iat"] + self.token_lifetime
        return found

    def generate_user_info(self, user: Login, scope: str) -> dict[str, object]:  # noqa: ARG002  # Authlib's signature
        return claims(user.person)


class EidUserInfo(UserInfoEndpoint):  # type: ignore[misc]
    def generate_user_info(self, user: Login, scope: str) -> dict[str, object]:  # noqa: ARG002  # Authlib's signature
        return {**claims(user.person), "acr": user.acr}


class TokenValidator(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def authenticate_token(self, token_string: str) -> AccessToken | None:
        return self.store.tokens.get(token_string)


class EndSession(EndSessionEndpoint):  # type: ignore[misc]
    def __init__(self, key: RSAKey) -> None:
        super().__init__()
        self.key = key

    def get_server_jwks(self) -> dict[str, Any]:
        return public_jwks(self.key)

    def is_post_logout_redirect_uri_legitimate(self, *_: Any) -> bool:
        # NOTE: the simulator keeps no session a forged logout could end, so a URI registered for
        # the client is enough, without an id_token_hint.
        return True

    def end_session(self, end_session_request: Any) -> None:
        """Nothing to end: the simulator keeps no browser session and asks who you are every time."""


class EidServer(AuthorizationServer):  # type: ignore[misc]
    def __init__(self, app: Flask, store: Store, key: RSAKey, token_lifetime: int) -> None:
        self.store = store
        app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": token_lifetime}
        super().__init__(app, query_client=store.clients.get, save_token=self._save_token)
        self.register_grant(CodeGrant, [S256CodeChallenge(required=True), EidOpenIDCode(store, key, token_lifetime)])
        protector = ResourceProtector()
        protector.register_token_validator(TokenValidator(store))
        self.register_endpoint(EidUserInfo(resource_protector=protector))
        self.register_endpoint(EndSession(key))

    def _save_token(self, token: dict[str, Any], request: Any) -> None:
        self.store.tokens[token["access_token"]] = AccessToken(
            access_token=token["access_token"],
            client=request.client,
            scope=token["scope"],
            login=request.user,
            expires_in=token["expires_in"],
        )
        bounded(self.store.tokens)
