from __future__ import annotations

from pydantic import Field

from egov_sdk.settings import PlatformSettings


class NotificationSettings(PlatformSettings):
    service_name: str = Field("notifications", description="Name in logs, traces and the CloudEvents source")
    mongodb_database: str = Field("egov_notifications", description="This service's own database name")
    http_port: int = Field(8004, ge=0, le=65535, description="Port the HTTP API binds to")
