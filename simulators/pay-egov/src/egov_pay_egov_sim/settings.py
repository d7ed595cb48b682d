"""The simulator's settings, read from `PAYEGOV_SIM_*` environment variables (and `HTTP_PORT`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

# NOTE: a development secret, in the open on purpose: the simulator moves no money.
LOCAL_CLIENTS = {"egov-platform": "egov-local-pay-egov-secret-not-a-secret"}


class SimulatorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAYEGOV_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address the simulator binds to")
    http_port: int = Field(
        8020,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port the simulator binds to (HTTP_PORT, without the prefix)",
    )
    clients: dict[str, str] = Field(
        default_factory=lambda: dict(LOCAL_CLIENTS),
        min_length=1,
        description="AIS clients as JSON: client id → HMAC secret",
    )
    expiry_check_interval_s: float = Field(
        1.0, gt=0, description="How often Pending requests past their ExpirationDate are marked Expired"
    )
    retry_minute_s: float = Field(
        60.0, gt=0, description="Seconds in one minute of the callback retry schedule (tests shorten it)"
    )
    callback_timeout_s: float = Field(10.0, gt=0, description="Timeout of one callback delivery")
    log_level: str = Field("INFO", description="Minimum log level")
