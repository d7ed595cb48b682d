from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from egov_sdk.auth import AuthSettings


class IntakeSettings(AuthSettings):
    service_name: str = Field("intake", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_intake@127.0.0.1:55432/egov_intake",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8002, ge=0, le=65535, description="Port the HTTP API binds to")
    http_max_body_bytes: int = Field(
        16 * 1024 * 1024,
        ge=1024,
        description="Largest request body read (a larger one is answered 413): room for a 10 MB file, base64-encoded",
    )
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
    workspace_url: str = Field(
        "http://127.0.0.1:8006",
        description="Base URL of the staff workspace, which serves the output documents its staff issue",
    )
    files_token_key: SecretStr = Field(
        description=(
            "Key shared with the staff workspace alone: signs intake's requests for output documents "
            "and the workspace's for attached files"
        )
    )
    blob_dir: Path = Field(
        Path("/var/lib/egov/intake/blobs"),
        description="Where attached files are kept, by their SHA-256 (the blob store)",
    )
    clamd_host: str = Field("127.0.0.1", description="Host of the ClamAV daemon that scans every attached file")
    clamd_port: int = Field(3310, ge=1, le=65535, description="TCP port of the ClamAV daemon")
    clamd_timeout_s: float = Field(
        30.0, gt=0, le=300, description="How long a scan may take before it counts as failed"
    )
    eid_issuer: str = Field(
        "http://127.0.0.1:8024/realms/eid",
        description="The national eID's OpenID Connect issuer (its discovery is read)",
    )
    eid_client_id: str = Field("egov-portal", description="The portal's client id at the national eID")
    eid_client_secret: SecretStr = Field(description="The portal's client secret at the national eID")
    portal_url: str = Field(
        "http://127.0.0.1:8002", description="The portal's public base URL: the eID returns the citizen to it"
    )
    session_key: SecretStr = Field(description="Signs the portal's session cookie (changing it logs everyone out)")
    session_max_age_s: int = Field(1800, ge=60, le=86400, description="A portal session's lifetime, in seconds")
