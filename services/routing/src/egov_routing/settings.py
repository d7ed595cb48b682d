from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from egov_sdk.auth import AuthSettings


class RoutingSettings(AuthSettings):
    service_name: str = Field("routing", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_routing@127.0.0.1:55432/egov_routing",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8003, ge=0, le=65535, description="Port the HTTP API binds to")
    deadline_warning_working_days: int = Field(
        3, ge=0, le=60, description="`deadline_approaching` is sent this many working days before the due date"
    )
    deadline_check_interval_s: float = Field(
        60.0, gt=0, description="How often the deadline scheduler looks for reminders to send"
    )
    test_clock_file: Path | None = Field(
        None,
        description="Tests only: a file holding the time (ISO 8601) deadlines are counted at; unset, the system clock",
    )
    payegov_url: str = Field("http://127.0.0.1:8020", description="Base URL of pay.egov (e-Payment)")
    payegov_client_id: str = Field(
        "egov-platform", description="The platform's client id at pay.egov (it acts for each administration)"
    )
    payegov_secret: SecretStr = Field(description="The secret pay.egov gave with that client id (signs every call)")
    payegov_administration_clients: dict[str, str] = Field(
        default_factory=dict,
        description="Administration id → its own pay.egov client id (`EserviceClientId`); unlisted, its id",
    )
    payment_callback_url: str = Field(
        "http://127.0.0.1:8003/payments/pay-egov",
        description="Where pay.egov sends payment status callbacks: this service's own public URL",
    )
    payment_validity_days: int = Field(7, ge=1, le=90, description="How long a payment request may be paid")
    payment_check_interval_s: float = Field(
        1.0, gt=0, description="How often payments waiting for pay.egov are registered or suspended"
    )
    payment_poll_after_s: float = Field(
        300.0, gt=0, description="Ask pay.egov for a pending payment's status when no callback came for this long"
    )
