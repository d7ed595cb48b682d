from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from egov_sdk.settings import PlatformSettings


class CatalogSettings(PlatformSettings):
    service_name: str = Field("catalog", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_catalog@127.0.0.1:55432/egov_catalog",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8001, ge=0, le=65535, description="Port the HTTP API binds to")
    auth_jwt_key: SecretStr = Field(
        description="Verifies bearer tokens: the identity provider's PEM public key (RS256/ES256) or an HS256 secret"
    )
    auth_jwt_algorithm: Literal["HS256", "RS256", "ES256"] = Field(
        "HS256", description="Signature algorithm of bearer tokens"
    )
    auth_jwt_issuer: str = Field("egov-local", description="Required `iss` of bearer tokens")
    auth_jwt_audience: str = Field("egov-catalog", description="Required `aud` of bearer tokens")
