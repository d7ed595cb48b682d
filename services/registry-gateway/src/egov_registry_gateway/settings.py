from __future__ import annotations

from pydantic import Field

from egov_sdk.auth import AuthSettings


class RegistryGatewaySettings(AuthSettings):
    service_name: str = Field("registry-gateway", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_registry@127.0.0.1:55432/egov_registry",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8005, ge=0, le=65535, description="Port the HTTP API binds to")
