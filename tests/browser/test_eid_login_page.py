"""The eID simulator's login page, as the portal sends a citizen to it: accessible, usable with the
keyboard alone, and back at the portal's callback with a code that names the citizen."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
from playwright.sync_api import Route

from egov_eid_sim.testing import TOKEN
from egov_localstack.platform import LOCAL_EID_CLIENT, LOCAL_EID_SECRET
from tests.browser.conftest import NewPage, PortalUrls, assert_accessible, eid_login, screenshot

_CALLBACK_PAGE = """<!doctype html><html lang="bg"><head><title>Портал</title></head>
<body><main><h1>Обратно в портала</h1></main></body></html>"""


def test_a_citizen_logs_in_with_the_keyboard_alone(new_page: NewPage, portal_urls: PortalUrls) -> None:
    verifier = secrets.token_urlsafe(48)
    state = secrets.token_urlsafe(16)
    authorization = {
        "response_type": "code",
        "client_id": LOCAL_EID_CLIENT,
        "redirect_uri": portal_urls.callback,
        "scope": "openid profile",
        "state": state,
        "nonce": secrets.token_urlsafe(16),
        "code_challenge": base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode(),
        "code_challenge_method": "S256",
        "acr_values": "eid_substantial",
    }
    page = new_page("bg")

    # NOTE: the browser stops at the portal's callback: this test is about the eID side alone.
    def back_at_the_portal(route: Route) -> None:
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=_CALLBACK_PAGE)

    page.route(lambda url: url.startswith(portal_urls.callback + "?"), back_at_the_portal)
    page.goto(f"{portal_urls.eid_authorize}?{urlencode(authorization)}")
    assert_accessible(page)
    screenshot(page, "eid-login")

    with page.expect_request(lambda request: request.url.startswith(portal_urls.callback + "?")) as arrival:
        eid_login(page, "ivan-petrov")

    returned = parse_qs(urlsplit(arrival.value.url).query)
    assert returned["state"] == [state]
    assert returned["code"][0]
    with httpx.Client(base_url=portal_urls.eid, timeout=10) as eid:
        exchange = {
            "grant_type": "authorization_code",
            "code": returned["code"][0],
            "redirect_uri": portal_urls.callback,
            "code_verifier": verifier,
        }
        tokens = eid.post(TOKEN, data=exchange, auth=(LOCAL_EID_CLIENT, LOCAL_EID_SECRET))
        tokens.raise_for_status()
        userinfo = eid.get(
            "/realms/eid/protocol/openid-connect/userinfo",
            headers={"Authorization": f"Bearer {tokens.json()['access_token']}"},
        )
    assert userinfo.json()["sub"] == "PNOBG-7501010010"
    assert userinfo.json()["acr"] == "eid_substantial"
