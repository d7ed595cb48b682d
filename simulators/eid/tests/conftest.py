"""The simulator in process, over httpx's WSGI transport, with a confidential and a public client,
and the steps of a login that tests take one at a time (the `flow` fixture)."""

import base64
import hashlib
import re
import secrets
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from flask import Flask

from egov_eid_sim.app import create_app
from egov_eid_sim.settings import ClientSettings, EidSimSettings

BASE_URL = "http://localhost"  # NOTE: Authlib refuses plain HTTP except on loopback
ISSUER = f"{BASE_URL}/realms/eid"
REDIRECT_URI = "https://portal.test/auth/callback"
SECRET = "portal-secret"
AUTH = "/realms/eid/protocol/openid-connect/auth"
TOKEN = "/realms/eid/protocol/openid-connect/token"
VERIFIER = "a-code-verifier-that-is-long-enough-for-rfc-7636-at-least-43-chars"
CLIENTS = {
    "portal": ClientSettings(
        secret=SECRET, redirect_uris=[REDIRECT_URI], post_logout_redirect_uris=["https://portal.test/"]
    ),
    "mobile": ClientSettings(redirect_uris=["https://mobile.test/cb"]),
}


@pytest.fixture(scope="session")
def app() -> Flask:
    # NOTE: one app for the session: generating its RSA key takes a noticeable fraction of a second.
    return create_app(EidSimSettings(clients=CLIENTS))


@pytest.fixture
def http(app: Flask) -> Iterator[httpx.Client]:
    with httpx.Client(transport=httpx.WSGITransport(app=app), base_url=BASE_URL) as client:
        yield client


class Flow:
    """The steps of a login, for tests that break one of them; the constants tests compare with."""

    base_url, issuer, redirect_uri, secret, auth, token, verifier = (
        BASE_URL,
        ISSUER,
        REDIRECT_URI,
        SECRET,
        AUTH,
        TOKEN,
        VERIFIER,
    )

    def __init__(self, http: httpx.Client) -> None:
        self.http = http

    @staticmethod
    def challenge(verifier: str = VERIFIER) -> str:
        return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()

    def params(self, **overrides: str | None) -> dict[str, str]:
        params: dict[str, str | None] = {
            "response_type": "code",
            "client_id": "portal",
            "redirect_uri": REDIRECT_URI,
            "scope": "openid profile",
            "state": "the-state",
            "nonce": secrets.token_urlsafe(8),  # NOTE: a nonce is refused while a code carries it
            "code_challenge": self.challenge(),
            "code_challenge_method": "S256",
            **overrides,
        }
        return {key: value for key, value in params.items() if value is not None}

    def page(self, **overrides: str | None) -> httpx.Response:
        return self.http.get(AUTH, params=self.params(**overrides))

    def submit(self, page: httpx.Response, **form: str) -> httpx.Response:
        """POST the login page's form as a browser would, with the page's action and CSRF token."""
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert action
        assert csrf
        return self.http.post(action[1].replace("&amp;", "&"), data={"csrf_token": csrf[1], **form})

    def code(self, person: str = "ivan-petrov", acr: str = "eid_substantial", **overrides: str | None) -> str:
        answer = self.submit(self.page(**overrides), identity=person, acr=acr, action="login")
        return str(self.redirect_query(answer)["code"])

    def exchange(self, code: str, verifier: str = VERIFIER) -> httpx.Response:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier,
        }
        return self.http.post(TOKEN, data=form, auth=("portal", SECRET))

    @staticmethod
    def redirect_query(response: httpx.Response) -> dict[str, Any]:
        assert response.status_code == 302
        location = response.headers["location"]
        assert location.startswith(REDIRECT_URI)
        return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}


@pytest.fixture
def flow(http: httpx.Client) -> Flow:
    return Flow(http)
