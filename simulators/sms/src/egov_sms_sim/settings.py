"""The simulator's settings, read from `SMS_SIM_*` environment variables (and `HTTP_PORT`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# NOTE: a development secret, in the open on purpose: the simulator sends no real SMS, and the
# real msghub keys (some of which appear in eAuth's README) must never be copied here.
LOCAL_CLIENTS = {"egov-local-sms-key": "egov-local-sms-secret-not-a-secret"}


class SmsSimSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SMS_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address the simulator binds to")
    http_port: int = Field(
        8022,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port the simulator binds to (HTTP_PORT, without the prefix)",
    )
    clients: dict[str, str] = Field(
        default_factory=lambda: dict(LOCAL_CLIENTS),
        min_length=1,
        description="API clients as JSON: x-api-key → the secret that signs the body (x-api-sign)",
    )
    log_level: str = Field("INFO", description="Minimum log level")
