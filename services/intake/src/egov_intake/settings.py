from __future__ import annotations

from pydantic import Field, SecretStr

from egov_sdk.auth import AuthSettings


class IntakeSettings(AuthSettings):
    service_name: str = Field("intake", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_intake@127.0.0.1:55432/egov_intake",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8002, ge=0, le=65535, description="Port the HTTP API binds to")
    application_token_key: SecretStr = Field(
        description="Secret that signs applications' access tokens (changing it invalidates the tokens issued)"
    )
    contacts_token_key: SecretStr = Field(
        description="Key shared with notifications alone: it signs the tokens of its contacts claim check"
    )
    registry_gateway_url: str = Field(
        "http://127.0.0.1:8005", description="Base URL of the registry gateway, which answers prefill requests"
    )
    registry_timeout_s: float = Field(
        15.0, gt=0, le=120, description="How long a prefill waits for the registry gateway's answer, in seconds"
    )
    prefill_token_key: SecretStr = Field(
        description="Key shared with the registry gateway alone: it signs the tokens of intake's prefill requests"
    )
