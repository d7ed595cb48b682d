from __future__ import annotations

from pydantic import Field, SecretStr, field_validator

from egov_registry_gateway.domain.operations import OPERATIONS, SENSITIVE
from egov_sdk.auth import AuthSettings


class RegistryGatewaySettings(AuthSettings):
    service_name: str = Field("registry-gateway", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_registry@127.0.0.1:55432/egov_registry",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8005, ge=0, le=65535, description="Port the HTTP API binds to")

    regix_url: str = Field(
        "http://127.0.0.1:8023/RegiXEntryPoint.svc", description="RegiX's IRegiXEntryPoint SOAP endpoint"
    )
    regix_timeout_s: float = Field(10.0, gt=0, description="Timeout of one SOAP call to RegiX")
    regix_breaker_failures: int = Field(
        5, ge=1, description="Failed calls in a row after which RegiX is left alone for `regix_breaker_open_s`"
    )
    regix_breaker_open_s: float = Field(30.0, gt=0, description="How long the circuit breaker stays open")
    call_interval_s: float = Field(0.5, gt=0, description="How often requests due to be called are looked for")
    call_batch: int = Field(16, ge=1, le=200, description="How many requests one round calls, at once")
    call_retry_max_s: float = Field(
        60.0, gt=0, description="The longest wait before a request RegiX did not answer is tried again"
    )
    result_poll_s: float = Field(1.0, gt=0, description="How soon to ask again for a result RegiX has not made yet")
    cache_ttl_s: dict[str, int] = Field(
        default_factory=lambda: {"commercial_register.actual_state": 3600},
        description="Seconds an operation's answers are kept, by operation; never for a person's data",
    )
    reply_retention_hours: float = Field(
        24.0, gt=0, description="How long a reply is kept to answer a request asked again with the same id"
    )
    audit_subject_key: SecretStr = Field(
        description="Key of the keyed hash that finds a person's registry accesses without keeping their EGN"
    )
    prefill_token_key: SecretStr = Field(
        description="Key shared with intake alone: it signs the tokens of its prefill requests"
    )

    @field_validator("cache_ttl_s")
    @classmethod
    def _never_a_persons_data(cls, ttl: dict[str, int]) -> dict[str, int]:
        if unknown := sorted(set(ttl) - OPERATIONS):
            raise ValueError(f"no such registry operation: {', '.join(unknown)}")
        if personal := sorted(operation for operation, seconds in ttl.items() if operation in SENSITIVE and seconds):
            raise ValueError(f"answers about a person are never cached: {', '.join(personal)}")
        if negative := sorted(operation for operation, seconds in ttl.items() if seconds < 0):
            raise ValueError(f"a time to live is zero or more seconds: {', '.join(negative)}")
        return ttl
