"""Logging in through the eID simulator: a citizen's ID token for intake's API, and an employee's
session in the workspace (its web login, as a browser does it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import httpx

from bench.locust import names
from bench.locust.options import PORTAL_CLIENT, Targets
from egov_eid_sim.testing import login

if TYPE_CHECKING:
    from locust.clients import HttpSession

# NOTE: an ID token is taken again this long before it expires, so that no request carries one
# that expires on the way.
RENEW_BEFORE_S = 60.0
WORKSPACE_COOKIE = "egov_workspace_session"
_ACTION = re.compile(r'<form method="post" action="([^"]+)"')
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class IdToken:
    value: str
    expires_at: float  # NOTE: time.monotonic(), as the user measures time

    def fresh(self, now: float) -> bool:
        return now < self.expires_at - RENEW_BEFORE_S


def citizen_id_token(targets: Targets, person: str, acr: str, now: float) -> IdToken:
    """The portal's client's login of `person` at the simulator (authorization code with PKCE and
    the token exchange: egov_eid_sim.testing.login, whose httpx runs on locust's patched sockets).
    Raises LoginFailed or httpx.HTTPError."""
    with httpx.Client(base_url=targets.eid_url, timeout=30) as http:
        tokens: dict[str, Any] = login(
            http,
            person,
            acr,
            client_id=PORTAL_CLIENT,
            client_secret=targets.eid_client_secret,
            redirect_uri=targets.portal_callback,
        )
    return IdToken(str(tokens["id_token"]), now + float(tokens.get("expires_in", 300)))


def keep_workspace_cookie(session: HttpSession, workspace_url: str) -> None:
    """Send the workspace's session cookie back to the workspace, by hand.

    NOTE: the cookie is `Secure`. A browser sends it to http://127.0.0.1 (it treats the loopback
    as secure); requests sends it over HTTPS only, and copies the session's cookies into a jar of
    default policy for every request, so no cookie policy can change that. Kept here, the local
    stack over HTTP and a cluster over HTTPS are logged in to alike; it goes to the workspace only.
    """
    kept: dict[str, str] = {}

    def remember(response: Any, *_: Any, **__: Any) -> None:
        if value := response.cookies.get(WORKSPACE_COOKIE):
            kept[WORKSPACE_COOKIE] = value

    def send(request: Any) -> Any:
        if WORKSPACE_COOKIE in kept and request.url.startswith(f"{workspace_url}/"):
            request.headers["Cookie"] = f"{WORKSPACE_COOKIE}={kept[WORKSPACE_COOKIE]}"
        return request

    session.hooks["response"].append(remember)
    session.auth = send


def log_in_to_workspace(session: HttpSession, person: str, acr: str = "eid_substantial") -> bool:
    """The steps of egov_eid_sim.testing.web_login (which is asyncio's, and locust's users are
    gevent's) with locust's client, each request counted: the workspace's `/auth/login`, the
    simulator's login page and form, and the workspace's callback. True once logged in."""
    with session.get(
        "/auth/login", name=names.workspace("/auth/login"), allow_redirects=False, catch_response=True
    ) as started:
        if started.status_code not in (302, 303, 307):
            started.failure(f"not sent to the eID: {started.status_code}")
            return False
    with session.get(started.headers["location"], name=names.EID_LOGIN_PAGE, catch_response=True) as page:
        action, csrf = _ACTION.search(page.text), _CSRF.search(page.text)
        if not (action and csrf):
            page.failure("the simulator did not show its login page")
            return False
        target = urljoin(page.url, action[1].replace("&amp;", "&"))
    form = {"csrf_token": csrf[1], "identity": person, "acr": acr, "action": "login"}
    with session.post(
        target, data=form, name=names.EID_LOGIN_FORM, allow_redirects=False, catch_response=True
    ) as answer:
        if answer.status_code != 302:
            answer.failure(f"the login was refused: {answer.status_code}")
            return False
    callback = answer.headers["location"]
    with session.get(
        callback, name=names.workspace("/auth/callback"), allow_redirects=False, catch_response=True
    ) as landed:
        if landed.status_code != 303:
            landed.failure(f"the workspace refused the login: {landed.status_code}")
            return False
    return True
