"""What the provider refuses: bad clients and redirect URIs, missing PKCE, wrong verifiers, reused
codes, too low a level, forged forms; and where cancel and logout send the browser."""

import httpx
import pytest

LOGOUT = "/realms/eid/protocol/openid-connect/logout"


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "nobody"}, {"redirect_uri": "https://evil.test/cb"}, {"redirect_uri": None}],
)
def test_an_unknown_client_or_redirect_uri_gets_an_error_page_not_a_redirect(flow, overrides) -> None:
    page = flow.page(**overrides)
    assert page.status_code == 400
    assert "location" not in page.headers
    assert page.headers["content-type"].startswith("text/html")
    assert "Заявката за вход е невалидна" in page.text


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"nonce": None}, "invalid_request"),
        ({"state": None}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
    ],
)
def test_a_request_without_pkce_nonce_state_or_openid_goes_back_with_an_error(flow, overrides, error) -> None:
    query = flow.redirect_query(flow.page(**overrides))
    assert query["error"] == error
    assert "code" not in query


def test_a_wrong_code_verifier_is_an_invalid_grant(flow) -> None:
    answer = flow.exchange(flow.code(), verifier="w" * 50)
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_grant"


def test_a_code_works_once(flow) -> None:
    code = flow.code()
    assert flow.exchange(code).status_code == 200
    again = flow.exchange(code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_a_wrong_client_secret_is_refused(flow, http: httpx.Client) -> None:
    form = {"grant_type": "authorization_code", "code": flow.code(), "redirect_uri": flow.redirect_uri}
    answer = http.post(flow.token, data={**form, "code_verifier": flow.verifier}, auth=("portal", "wrong"))
    assert answer.status_code == 401
    assert answer.json()["error"] == "invalid_client"


def test_acr_values_eid_high_refuses_a_login_at_eid_low(flow) -> None:
    page = flow.page(acr_values="eid_high")
    assert 'value="eid_high" required checked' in page.text
    assert 'value="eid_low" required disabled' in page.text
    refused = flow.submit(page, identity="ivan-petrov", acr="eid_low", action="login")
    assert refused.status_code == 400
    assert "location" not in refused.headers
    assert "eid_high" in refused.text
    # NOTE: the page shown again carries a fresh form: the person can still log in at the right level.
    accepted = flow.submit(refused, identity="ivan-petrov", acr="eid_high", action="login")
    assert flow.exchange(flow.redirect_query(accepted)["code"]).status_code == 200


def test_cancel_goes_back_with_access_denied(flow) -> None:
    query = flow.redirect_query(flow.submit(flow.page(), action="cancel"))
    assert (query["error"], query["state"]) == ("access_denied", "the-state")


def test_a_form_is_answered_once_and_only_for_its_own_request(flow, http: httpx.Client) -> None:
    page = flow.page()
    assert flow.submit(page, identity="ivan-petrov", acr="eid_low", action="login").status_code == 302
    assert flow.submit(page, identity="ivan-petrov", acr="eid_low", action="login").status_code == 400
    forged = http.post(
        flow.auth, params=flow.params(state="other"), data={"csrf_token": "made-up", "identity": "ivan-petrov"}
    )
    assert forged.status_code == 400
    assert "location" not in forged.headers


def test_logout_returns_only_to_a_registered_uri(http: httpx.Client) -> None:
    back = http.get(
        LOGOUT, params={"client_id": "portal", "post_logout_redirect_uri": "https://portal.test/", "state": "s"}
    )
    assert back.status_code == 302
    assert back.headers["location"] == "https://portal.test/?state=s"
    stay = http.get(LOGOUT, params={"client_id": "portal", "post_logout_redirect_uri": "https://evil.test/"})
    assert stay.status_code == 200
    assert "location" not in stay.headers
    assert "Излязохте" in stay.text
