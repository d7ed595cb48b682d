"""What the Authlib server works on, kept in memory: the registered clients, the codes it issued and
the access tokens. Authlib's model mixins only declare methods, so these plain classes implement
the same methods (Authlib calls them by name).

A restart forgets every code and token; clients come from the settings each start.
"""

from __future__ import annotations

import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from egov_eid_sim.assurance import METHODS

if TYPE_CHECKING:
    from egov_eid_sim.identities import Identity
    from egov_eid_sim.settings import ClientSettings

# NOTE: RFC 6749 §4.1.2 recommends at most ten minutes; a login in the simulator takes seconds.
CODE_LIFETIME = 120
MAX_KEPT = 10_000
"""Login pages, codes and tokens kept at most: the oldest go first, so a long run stays bounded."""


@dataclass(frozen=True)
class Login:
    """Who logged in, at which level, and when: the "user" Authlib carries from the code to the tokens."""

    person: Identity
    acr: str
    auth_time: int = field(default_factory=lambda: int(time.time()))


@dataclass(frozen=True)
class Client:
    client_id: str
    settings: ClientSettings

    @property
    def client_metadata(self) -> dict[str, Any]:
        return {"post_logout_redirect_uris": self.settings.post_logout_redirect_uris}

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        # NOTE: none on purpose: every request must name its redirect_uri, as Keycloak requires.
        return None

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in (scope or "").split() if s in {"openid", "profile"})

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.settings.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        secret = self.settings.secret
        return secret is not None and hmac.compare_digest(secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:  # noqa: ARG002  # Authlib's signature
        if self.settings.secret is None:
            return method == "none"
        return method in {"client_secret_basic", "client_secret_post"}

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass(frozen=True)
class AuthorizationCode:
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str
    code_challenge_method: str
    login: Login
    issued_at: float = field(default_factory=time.time)

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + CODE_LIFETIME

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.login.auth_time

    def get_acr(self) -> str:
        return self.login.acr

    def get_amr(self) -> list[str]:
        return METHODS[self.login.acr]


@dataclass(frozen=True)
class AccessToken:
    access_token: str
    client: Client
    scope: str
    login: Login
    expires_in: int
    issued_at: float = field(default_factory=time.time)

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return False

    def get_user(self) -> Login:
        return self.login

    def get_client(self) -> Client:
        return self.client


class Store:
    def __init__(self, clients: dict[str, ClientSettings]) -> None:
        self.clients = {client_id: Client(client_id, settings) for client_id, settings in clients.items()}
        self.codes: dict[str, AuthorizationCode] = {}
        self.tokens: dict[str, AccessToken] = {}
        self._login_forms: dict[str, bytes] = {}

    def issue_login_form(self, query: bytes) -> str:
        """A CSRF token for the login page shown for this exact authorization request."""
        token = secrets.token_urlsafe(32)
        self._login_forms[token] = query
        bounded(self._login_forms)
        return token

    def redeem_login_form(self, token: str, query: bytes) -> bool:
        """Whether the form was issued for this request; each token is good for one answer."""
        issued_for = self._login_forms.pop(token, None)
        return issued_for is not None and hmac.compare_digest(issued_for, query)


def bounded(kept: dict[str, Any]) -> None:
    """Forget the oldest entries (dicts keep insertion order) beyond `MAX_KEPT`."""
    while len(kept) > MAX_KEPT:
        kept.pop(next(iter(kept)))
