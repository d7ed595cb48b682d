"""The simulator's settings, read from `EID_SIM_*` environment variables (and `HTTP_PORT`)."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ClientSettings(BaseModel):
    """One relying party. Without a secret it is a public client: PKCE alone, no client authentication."""

    model_config = {"frozen": True, "extra": "forbid"}

    secret: str | None = Field(None, description="client_secret; none for a public client")
    redirect_uris: list[str] = Field(min_length=1, description="redirect URIs, compared exactly")
    post_logout_redirect_uris: list[str] = Field(default_factory=list, description="where logout may return")


# NOTE: a development client and secret, in the open on purpose: the simulator vouches for made-up
# people only, and a local portal must be able to log in without any setup.
LOCAL_CLIENTS = {
    "egov-portal": ClientSettings(
        secret="egov-local-eid-secret-not-a-secret",  # noqa: S106
        redirect_uris=["http://127.0.0.1:8002/auth/callback", "http://localhost:8002/auth/callback"],
        post_logout_redirect_uris=["http://127.0.0.1:8002/", "http://localhost:8002/"],
    )
}


class EidSimSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EID_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address the simulator binds to")
    http_port: int = Field(
        8024,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port the simulator binds to (HTTP_PORT, without the prefix)",
    )
    clients: dict[str, ClientSettings] = Field(
        default_factory=lambda: dict(LOCAL_CLIENTS),
        min_length=1,
        description="Relying parties as JSON: client_id → {secret, redirect_uris, post_logout_redirect_uris}",
    )
    key_file: Path | None = Field(
        None, description="Where to keep the signing key (a private JWK) across restarts; none: a new key each start"
    )
    token_lifetime: int = Field(300, ge=1, description="Seconds an access token and an ID token stay valid")
    log_level: str = Field("INFO", description="Minimum log level")
