from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from egov_sdk.auth import AuthSettings
from egov_workspace.domain.staff import Role


class StaffSeed(BaseModel):
    """A member of an administration's staff the workspace adds at start if absent."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    administration_id: str = Field(min_length=1, max_length=64)
    person: str = Field(pattern=r"^[0-9]{10}$", description="The employee's EGN, as the national eID names them")
    name: str = Field(min_length=1, max_length=200)
    role: Role


class WorkspaceSettings(AuthSettings):
    service_name: str = Field("workspace", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_workspace@127.0.0.1:55432/egov_workspace",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8006, ge=0, le=65535, description="Port the HTTP API and pages bind to")
    workspace_url: str = Field(
        "http://127.0.0.1:8006", description="The workspace's public base URL: the eID returns the employee to it"
    )
    eid_issuer: str = Field(
        "http://127.0.0.1:8024/realms/eid",
        description="The national eID's OpenID Connect issuer (its discovery is read)",
    )
    eid_client_id: str = Field("egov-workspace", description="The workspace's client id at the national eID")
    eid_client_secret: SecretStr = Field(description="The workspace's client secret at the national eID")
    session_key: SecretStr = Field(description="Signs the workspace's session cookie (changing it logs everyone out)")
    session_max_age_s: int = Field(
        8 * 3600, ge=60, le=86400, description="A workspace session's lifetime, in seconds (a working day)"
    )
    intake_url: str = Field(
        "http://127.0.0.1:8002", description="Base URL of intake, which keeps the files citizens attach"
    )
    files_token_key: SecretStr = Field(
        description=(
            "Key shared with intake alone: signs the workspace's requests for attached files and "
            "intake's for output documents"
        )
    )
    intake_timeout_s: float = Field(30.0, gt=0, le=300, description="How long a file from intake may take, in seconds")
    seed_staff: list[StaffSeed] = Field(
        default_factory=list,
        description=(
            "Staff added at start when absent (JSON): each administration's first admin; "
            "the local stack's demo employees. Admins manage everyone else in the workspace."
        ),
    )
    due_soon_days: int = Field(
        3, ge=0, le=30, description="An open application due within this many days is marked due soon"
    )
    worklist_page_size: int = Field(25, ge=5, le=200, description="Applications on one worklist page")
