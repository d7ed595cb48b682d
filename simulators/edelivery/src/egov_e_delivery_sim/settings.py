"""The simulator's settings, read from `EDELIVERY_SIM_*` environment variables (and `HTTP_PORT`)."""

from __future__ import annotations

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from egov_e_delivery_sim.miscinfo import OID

# NOTE: an OID under the arc e-Delivery's own examples use (2.16.100.1.1.1.1.x), kept for local runs.
LOCAL_SENDER_OID = "2.16.100.1.1.1.1.99"
LOCAL_SENDERS = {LOCAL_SENDER_OID: "Платформа за електронни административни услуги (локална)"}


class EDeliverySimSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EDELIVERY_SIM_", extra="ignore", frozen=True, validate_by_name=True)

    http_host: str = Field("127.0.0.1", description="Address the simulator binds to")
    http_port: int = Field(
        8021,
        ge=0,
        le=65535,
        validation_alias=AliasChoices("HTTP_PORT", "http_port"),
        description="Port the simulator binds to (HTTP_PORT, without the prefix)",
    )
    senders: dict[str, str] = Field(
        default_factory=lambda: dict(LOCAL_SENDERS),
        min_length=1,
        description="Information systems registered as senders, as JSON: OID → institution name",
    )
    log_level: str = Field("INFO", description="Minimum log level")

    @field_validator("senders")
    @classmethod
    def _oids_and_names(cls, senders: dict[str, str]) -> dict[str, str]:
        for oid, name in senders.items():
            if not OID.fullmatch(oid):
                raise ValueError(f"'{oid}' is not an OID (digits separated by dots)")
            if not name.strip():
                raise ValueError(f"the institution with OID '{oid}' has no name")
        return senders
