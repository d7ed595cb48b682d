"""Helpers for other packages' tests: a whole login without a browser, and the demo identities.

tokens = login(httpx.Client(base_url="http://127.0.0.1:8024"), "ivan-petrov", "eid_high")
tokens["id_token"], tokens["access_token"]
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from egov_eid_sim.identities import identity
from egov_eid_sim.settings import LOCAL_CLIENTS

__all__ = ["LoginFailed", "identity", "login", "web_login"]

AUTH = "/realms/eid/protocol/openid-connect/auth"
TOKEN = "/realms/eid/protocol/openid-connect/token"  # noqa: S105  # a path, not a secret
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
_ACTION = re.compile(r'<form method="post" action="([^"]+)"')


class LoginFailed(AssertionError):
    """A step of the login did not go as a browser's would."""


def login(
    http: httpx.Client,
    person: str,
    acr: str = "eid_substantial",
    *,
    client_id: str = "egov-portal",
    client_secret: str | None = LOCAL_CLIENTS["egov-portal"].secret,
    redirect_uri: str = LOCAL_CLIENTS["egov-portal"].redirect_uris[0],
    acr_values: str | None = None,
) -> dict[str, Any]:
    """Log `person` in at level `acr` through the simulator behind `http` (its base_url the simulator's):
    the authorization request with PKCE (S256), the login form, the code, and the token exchange.
    Returns the token response (`access_token`, `id_token`, ...); raises if any step fails."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    state, nonce = secrets.token_urlsafe(16), secrets.token_urlsafe(16)
    params = {
        "response_type": "code",
        "client_id": client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid profile",
        "state": state,
        "nonce": nonce,
        "code_challenge": challenge,
        "code_challenge_method": "S256",
    }
    if acr_values:
        params["acr_values"] = acr_values
    page = http.get(AUTH, params=params)
    page.raise_for_status()
    action = _ACTION.search(page.text)
    csrf = _CSRF.search(page.text)
    if not (action and csrf):
        raise LoginFailed("the simulator did not show its login page")
    form = {"csrf_token": csrf[1], "identity": identity(person).key, "acr": acr, "action": "login"}
    answer = http.post(action[1].replace("&amp;", "&"), data=form)
    if answer.status_code != 302:
        raise LoginFailed(f"the login was refused: {answer.status_code}")
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    if query.get("state") != [state] or "code" not in query:
        raise LoginFailed(f"no code came back: {answer.headers['location']}")
    exchange = {
        "grant_type": "authorization_code",
        "code": query["code"][0],
        "redirect_uri": redirect_uri,
        "code_verifier": verifier,
    }
    if client_secret is None:
        tokens = http.post(TOKEN, data={**exchange, "client_id": client_id})
    else:
        tokens = http.post(TOKEN, data=exchange, auth=(client_id, client_secret))
    tokens.raise_for_status()
    result: dict[str, Any] = tokens.json()
    return result


async def web_login(app: httpx.AsyncClient, person: str, acr: str = "eid_substantial", *, cookie: str) -> str:
    """Log `person` in at level `acr` to a web application that is the simulator's client (the
    portal, the workspace), as a browser would: its `/auth/login`, the simulator's login form, and
    back to its callback. `app`'s base_url is the application's; `cookie` names its session cookie.
    Returns the session cookie (`name=value`) to send as a `Cookie` header: it is `Secure`, which
    an HTTP client keeps from http://127.0.0.1 while a browser treats the loopback address as secure."""
    started = await app.get("/auth/login")
    if started.status_code not in (302, 303, 307):
        raise LoginFailed(f"the application did not send the browser to the eID: {started.status_code}")
    session = _session_cookie(started, cookie)
    async with httpx.AsyncClient(timeout=10) as eid:
        page = await eid.get(started.headers["location"])
        page.raise_for_status()
        action, csrf = _ACTION.search(page.text), _CSRF.search(page.text)
        if not (action and csrf):
            raise LoginFailed("the simulator did not show its login page")
        form = {"csrf_token": csrf[1], "identity": identity(person).key, "acr": acr, "action": "login"}
        answer = await eid.post(str(page.url.join(action[1].replace("&amp;", "&"))), data=form)
    if answer.status_code != 302:
        raise LoginFailed(f"the login was refused: {answer.status_code}")
    back = urlsplit(answer.headers["location"])
    landed = await app.get(f"{back.path}?{back.query}", headers={"Cookie": session})
    if landed.status_code != 303:
        raise LoginFailed(f"the application refused the login: {landed.status_code}")
    return _session_cookie(landed, cookie)


def _session_cookie(response: httpx.Response, name: str) -> str:
    for header in response.headers.get_list("set-cookie"):
        if header.startswith(f"{name}="):
            return header.split(";", 1)[0]
    raise LoginFailed(f"no {name} cookie was set")
