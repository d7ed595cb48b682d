"""The simulator's settings, read from `REGIX_SIM_*` environment variables (and `HTTP_PORT`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class RegixSimSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="REGIX_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address the simulator binds to")
    http_port: int = Field(
        8023,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port the simulator binds to (HTTP_PORT, without the prefix)",
    )
    async_delay_s: float = Field(
        0.0,
        ge=0,
        allow_inf_nan=False,
        description="Seconds after `Execute` before `CheckResult` finds its result ready (0: at once)",
    )
    log_level: str = Field("INFO", description="Minimum log level")
