"""The realm's OpenID Provider metadata (`.well-known/openid-configuration`), Keycloak's paths."""

from __future__ import annotations

from typing import Any

from egov_eid_sim.assurance import LEVELS

PROTOCOL = "/protocol/openid-connect"


def provider_metadata(issuer: str) -> dict[str, Any]:
    endpoints = f"{issuer}{PROTOCOL}"
    return {
        "issuer": issuer,
        "authorization_endpoint": f"{endpoints}/auth",
        "token_endpoint": f"{endpoints}/token",
        "userinfo_endpoint": f"{endpoints}/userinfo",
        "jwks_uri": f"{endpoints}/certs",
        "end_session_endpoint": f"{endpoints}/logout",
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code"],
        "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "scopes_supported": ["openid", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
        "code_challenge_methods_supported": ["S256"],
        "acr_values_supported": list(LEVELS),
        "claims_supported": [
            "sub",
            "name",
            "given_name",
            "family_name",
            "acr",
            "amr",
            "nonce",
            "auth_time",
            "represents",
            "roles",
            "administration",
        ],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
    }
