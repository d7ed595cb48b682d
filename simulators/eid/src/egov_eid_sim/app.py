"""The simulator's web application: one Keycloak-shaped realm, `eid`, served by Authlib's OpenID
Connect provider, with a login page that offers the demo identities.

All state is in memory, in this process: a restart forgets every code and token (and, without
`EID_SIM_KEY_FILE`, the signing key, so earlier ID tokens no longer verify).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# NOTE: Authlib ships no type information; see server.py.
from authlib.oauth2 import OAuth2Error  # type: ignore[import-untyped]
from flask import Flask, Response, jsonify, request

from egov_eid_sim.assurance import meets, minimum_level
from egov_eid_sim.discovery import PROTOCOL, provider_metadata
from egov_eid_sim.identities import identity
from egov_eid_sim.keys import public_jwks, signing_key
from egov_eid_sim.pages import error_page, logged_out_page, login_page
from egov_eid_sim.server import REALM_PATH, EidServer, issuer
from egov_eid_sim.settings import EidSimSettings
from egov_eid_sim.store import Login, Store

if TYPE_CHECKING:
    from joserfc.jwk import RSAKey

ENDPOINTS = REALM_PATH + PROTOCOL


def create_app(settings: EidSimSettings | None = None) -> Flask:
    settings = settings or EidSimSettings()
    key = signing_key(settings.key_file)
    store = Store(settings.clients)
    app = Flask(__name__)
    server = EidServer(app, store, key, settings.token_lifetime)
    _add_health(app)
    _add_metadata(app, key)
    _add_login(app, server, store)
    _add_protocol(app, server)
    return app


def _add_health(app: Flask) -> None:
    @app.get("/health/live")
    @app.get("/health/ready")
    def health() -> Response:
        return jsonify(status="ok")


def _add_metadata(app: Flask, key: RSAKey) -> None:
    @app.get(f"{REALM_PATH}/.well-known/openid-configuration")
    def openid_configuration() -> Response:
        return jsonify(provider_metadata(issuer()))

    @app.get(f"{ENDPOINTS}/certs")
    def certs() -> Response:
        return jsonify(public_jwks(key))


def _add_login(app: Flask, server: EidServer, store: Store) -> None:
    @app.route(f"{ENDPOINTS}/auth", methods=["GET", "POST"])
    def authorize() -> Any:
        answered = request.method == "POST"
        if answered and not store.redeem_login_form(request.form.get("csrf_token", ""), request.query_string):
            return _html(error_page("Формата за вход е изтекла. / The login form has expired."), 400)
        try:
            grant = server.get_consent_grant(end_user=None)
        except OAuth2Error as error:
            return _refusal(server, error)
        minimum = minimum_level(request.args.get("acr_values"))
        if not answered:
            return _login(store, grant, minimum)
        return _answer(server, store, grant, minimum)


def _add_protocol(app: Flask, server: EidServer) -> None:
    @app.post(f"{ENDPOINTS}/token")
    def token() -> Any:
        return server.create_token_response()

    @app.route(f"{ENDPOINTS}/userinfo", methods=["GET", "POST"])
    def userinfo() -> Any:
        return server.create_endpoint_response("userinfo")

    @app.route(f"{ENDPOINTS}/logout", methods=["GET", "POST"])
    def logout() -> Any:
        try:
            ending = server.validate_endpoint_request("end_session")
        except OAuth2Error as error:
            return _html(error_page(error.get_error_description() or error.error), 400)
        return server.create_endpoint_response("end_session", ending) or _html(logged_out_page(), 200)


def _answer(server: EidServer, store: Store, grant: Any, minimum: str) -> Any:
    """The login form's answer: cancel, or a person at a level at least the requested one."""
    if request.form.get("action") == "cancel":
        return server.create_authorization_response(grant_user=None, grant=grant)
    try:
        person = identity(request.form.get("identity", ""))
    except KeyError:
        return _login(store, grant, minimum, "Изберете лице. / Choose a person.")
    level = request.form.get("acr", "")
    if not meets(level, minimum):
        return _login(store, grant, minimum, f"Услугата изисква ниво / The service requires {minimum}.")
    return server.create_authorization_response(grant_user=Login(person, level), grant=grant)


def _login(store: Store, grant: Any, minimum: str, problem: str | None = None) -> Response:
    action = request.path + "?" + request.query_string.decode()
    csrf_token = store.issue_login_form(request.query_string)
    page = login_page(grant.client.client_id, action, csrf_token, minimum, problem)
    return _html(page, 200 if problem is None else 400)


def _refusal(server: EidServer, error: Any) -> Any:
    """Back to the client with the error when the redirect URI is known good; otherwise an error
    page, never a redirect to a URI the client did not register."""
    if error.redirect_uri:
        return server.handle_error_response(None, error)
    return _html(error_page(error.get_error_description() or error.error), 400)


def _html(page: str, status: int) -> Response:
    return Response(page, status=status, mimetype="text/html", headers={"Cache-Control": "no-store"})
