from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from egov_sdk.auth import AuthSettings

# NOTE: 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, then daily: the last of nine tries comes 68.6 hours
# after the first, within the 72 hours a notice is worth trying for (docs/notifications.md).
RETRY_MINUTES = [1.0, 5.0, 30.0, 120.0, 360.0, 720.0, 1440.0, 1440.0]


class NotificationSettings(AuthSettings):
    service_name: str = Field("notifications", description="Name in logs, traces and the CloudEvents source")
    database_url: str = Field(
        "postgresql://egov_notifications@127.0.0.1:55432/egov_notifications",
        description="PostgreSQL URL of this service's own database",
    )
    http_port: int = Field(8004, ge=0, le=65535, description="Port the HTTP API binds to")

    intake_url: str = Field("http://127.0.0.1:8002", description="Intake, which answers the contacts claim check")
    contacts_token_key: SecretStr = Field(
        description="Key shared with intake alone: signs the tokens of the contacts claim check"
    )
    portal_url: str = Field(
        "http://127.0.0.1:8002", description="Where citizens follow their applications; quoted in every notice"
    )

    smtp_host: str = Field("127.0.0.1", description="SMTP server e-mail is sent through")
    smtp_port: int = Field(1025, ge=1, le=65535, description="Its port")
    smtp_starttls: bool = Field(False, description="Whether to upgrade the connection with STARTTLS")
    smtp_username: str | None = Field(None, description="SMTP login, when the server wants one")
    smtp_password: SecretStr | None = Field(None, description="SMTP password, when the server wants one")
    mail_from: str = Field(
        "Платформа за електронни услуги <no-reply@egov.local>", description="The From of every e-mail"
    )

    e_delivery_url: str = Field("http://127.0.0.1:8021", description="e-Delivery's (ССЕВ) ESB REST API")
    e_delivery_sender_oid: str = Field(
        "2.16.100.1.1.1.1.99", description="The platform's OID as a registered e-Delivery sender (Dp-Miscinfo)"
    )
    e_delivery_sender_name: str = Field("egov.local", description="The CN of the platform's e-Delivery certificate")
    e_delivery_template_id: int = Field(1, ge=1, description="e-Delivery template notices are sent with")
    e_delivery_proof_wait_days: float = Field(
        7.0,
        gt=0,
        description="How long an e-Delivery notice may stay unopened before the citizen is told by e-mail or SMS",
    )
    e_delivery_poll_minutes: float = Field(
        5.0, gt=0, description="How often e-Delivery is asked whether a notice was opened (its proof of delivery)"
    )

    sms_url: str = Field("http://127.0.0.1:8022", description="The SMS provider's HTTP API (msghub shape)")
    sms_api_key: str = Field("egov-local-sms-key", description="The platform's API key at the SMS provider")
    sms_api_secret: SecretStr = Field(description="The secret requests to the SMS provider are signed with")
    sms_shortcode: str = Field("EGOV", description="The sender short code")
    sms_service_id: int = Field(1, ge=1, description="The provider's service id of the platform")

    webhook_allow_private: bool = Field(
        False, description="Whether webhooks may reach private addresses (a development machine's receivers)"
    )
    webhook_timeout_s: float = Field(10.0, gt=0, description="Timeout of one webhook delivery")
    webhook_disable_after: int = Field(
        10, ge=1, description="Consecutive failed deliveries after which a webhook subscription is disabled"
    )
    provider_timeout_s: float = Field(15.0, gt=0, description="Timeout of one call to SMTP, e-Delivery or SMS")

    retry_minutes: list[float] = Field(
        default_factory=lambda: list(RETRY_MINUTES),
        min_length=1,
        max_length=30,
        description="Minutes before each retry after a temporary failure, in order; after the last, dead-lettered",
    )
    dispatch_interval_s: float = Field(1.0, gt=0, description="How often due notices and deliveries are looked for")
    dispatch_batch: int = Field(100, ge=1, le=500, description="How many are taken in one round")
    send_lease_s: float = Field(
        120.0, gt=0, description="A delivery taken and not settled in this time (a crash) is tried again"
    )
    test_clock_file: Path | None = Field(
        None,
        description="Tests only: a file holding the time (ISO 8601) retries are scheduled by; unset, the system clock",
    )
