"""The authorization code flow with PKCE, driven by Authlib's own client, and its ID token."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from authlib.integrations.httpx_client import OAuth2Client  # type: ignore[import-untyped]
from flask import Flask
from joserfc import jwt
from joserfc.jwk import KeySet

from egov_eid_sim.testing import identity, login

USERINFO = "/realms/eid/protocol/openid-connect/userinfo"
BASE_URL = "http://localhost"
ISSUER = f"{BASE_URL}/realms/eid"
REDIRECT_URI = "https://portal.test/auth/callback"
SECRET = "portal-secret"


def verified_claims(http: httpx.Client, id_token: str) -> dict[str, object]:
    keys = KeySet.import_key_set(http.get("/realms/eid/protocol/openid-connect/certs").json())
    token = jwt.decode(id_token, keys, algorithms=["RS256"])
    assert token.header["kid"] == keys.keys[0].kid
    jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, exp={"essential": True}).validate(token.claims)
    return dict(token.claims)


def test_the_discovery_document_names_the_realms_endpoints(http: httpx.Client) -> None:
    metadata = http.get("/realms/eid/.well-known/openid-configuration").json()
    assert metadata["issuer"] == ISSUER
    assert metadata["authorization_endpoint"] == f"{ISSUER}/protocol/openid-connect/auth"
    assert metadata["token_endpoint"] == f"{ISSUER}/protocol/openid-connect/token"
    assert metadata["jwks_uri"] == f"{ISSUER}/protocol/openid-connect/certs"
    assert metadata["userinfo_endpoint"] == f"{ISSUER}/protocol/openid-connect/userinfo"
    assert metadata["code_challenge_methods_supported"] == ["S256"]
    assert metadata["acr_values_supported"] == ["eid_low", "eid_substantial", "eid_high"]
    assert metadata["response_types_supported"] == ["code"]
    assert metadata["id_token_signing_alg_values_supported"] == ["RS256"]


def test_the_jwks_holds_only_the_public_key(http: httpx.Client) -> None:
    [key] = http.get("/realms/eid/protocol/openid-connect/certs").json()["keys"]
    assert (key["kty"], key["alg"], key["use"]) == ("RSA", "RS256", "sig")
    assert key["kid"]
    assert "d" not in key
    assert "p" not in key


def test_authlibs_client_logs_in_with_pkce_and_gets_a_signed_id_token(app: Flask, http: httpx.Client, flow) -> None:
    client = OAuth2Client(
        "portal",
        SECRET,
        scope="openid profile",
        redirect_uri=REDIRECT_URI,
        code_challenge_method="S256",
        transport=httpx.WSGITransport(app=app),
        base_url=BASE_URL,
    )
    verifier = "v" * 50
    url, state = client.create_authorization_url(f"{BASE_URL}{flow.auth}", code_verifier=verifier, nonce="n-0S6_WzA2Mj")
    assert "code_challenge=" in url
    assert "code_challenge_method=S256" in url
    page = http.get(url)  # NOTE: the browser, not the client, opens the login page
    answer = flow.submit(page, identity="ivan-petrov", acr="eid_substantial", action="login")
    callback = answer.headers["location"]
    assert parse_qs(urlsplit(callback).query)["state"] == [state]
    token = client.fetch_token(f"{BASE_URL}{flow.token}", authorization_response=callback, code_verifier=verifier)
    assert token["token_type"].lower() == "bearer"
    assert token["expires_in"] > 0
    claims = verified_claims(http, token["id_token"])
    assert claims["sub"] == "PNOBG-7501010010"
    assert (claims["aud"], claims["nonce"], claims["acr"], claims["amr"]) == (
        "portal",
        "n-0S6_WzA2Mj",
        "eid_substantial",
        ["mobile"],
    )
    assert (claims["name"], claims["given_name"], claims["family_name"]) == ("Иван Петров", "Иван", "Петров")
    assert isinstance(claims["auth_time"], int)
    assert "represents" not in claims
    assert "roles" not in claims


def test_a_company_manager_carries_the_representation(http: httpx.Client) -> None:
    tokens = login(
        http, "maria-georgieva", "eid_high", client_id="portal", client_secret=SECRET, redirect_uri=REDIRECT_URI
    )
    claims = verified_claims(http, tokens["id_token"])
    assert claims["sub"] == "PNOBG-8203150053"
    assert (claims["acr"], claims["amr"]) == ("eid_high", ["card"])
    assert claims["represents"] == [{"eik": "206543211", "name": "Примерна Фирма ЕООД", "role": "управител / manager"}]


@pytest.mark.parametrize(
    ("person", "roles", "administration"),
    [
        ("elena-ivanova", ["staff"], "sofia"),
        ("georgi-dimitrov", ["staff", "head-of-unit"], "sofia"),
        ("stefan-kolev", ["administration-admin"], "sofia"),
        ("nikolay-todorov", ["staff"], "burgas"),
    ],
)
def test_staff_carry_their_roles_and_administration(
    http: httpx.Client, person: str, roles: list[str], administration: str
) -> None:
    tokens = login(http, person, "eid_low", client_id="portal", client_secret=SECRET, redirect_uri=REDIRECT_URI)
    claims = verified_claims(http, tokens["id_token"])
    assert (claims["roles"], claims["administration"], claims["amr"]) == (roles, administration, ["pwd"])
    assert claims["sub"] == identity(person).sub


def test_userinfo_answers_the_bearer_of_the_access_token(http: httpx.Client) -> None:
    tokens = login(
        http, "georgi-dimitrov", "eid_high", client_id="portal", client_secret=SECRET, redirect_uri=REDIRECT_URI
    )
    info = http.get(USERINFO, headers={"Authorization": f"Bearer {tokens['access_token']}"}).json()
    assert info["sub"] == "PNOBG-7011050048"
    assert (info["roles"], info["administration"], info["acr"]) == (["staff", "head-of-unit"], "sofia", "eid_high")
    assert http.get(USERINFO, headers={"Authorization": "Bearer not-a-token"}).status_code == 401
    assert http.get(USERINFO).status_code == 401


def test_a_public_client_logs_in_with_pkce_alone(http: httpx.Client) -> None:
    tokens = login(http, "ivan-petrov", client_id="mobile", client_secret=None, redirect_uri="https://mobile.test/cb")
    assert verified_claims(http, tokens["id_token"])["aud"] == "mobile"


def test_client_secret_post_is_accepted(http: httpx.Client, flow) -> None:
    form = {"grant_type": "authorization_code", "code": flow.code(), "redirect_uri": REDIRECT_URI}
    answer = http.post(
        flow.token, data={**form, "code_verifier": flow.verifier, "client_id": "portal", "client_secret": SECRET}
    )
    assert answer.status_code == 200
    assert answer.json()["id_token"]
