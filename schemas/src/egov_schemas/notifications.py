"""What happened to a notification the platform sent a citizen."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import Field

from egov_schemas.base import Event
from egov_schemas.identifiers import ApplicationId

NotificationChannel = Literal["portal", "email", "sms", "e_delivery", "webhook"]


class NotificationOutcome(Event):
    ce_type: ClassVar[str] = "bg.egov.notification.outcome.v1"

    notification_id: str = Field(min_length=1, max_length=64)
    application_id: ApplicationId
    channel: NotificationChannel
    status: Literal["recorded", "delivered", "failed"]
    attempt: int = Field(ge=1)
    detail: str | None = Field(None, max_length=500)
    occurred_at: dt.datetime

    def identity(self) -> str:
        return f"{self.notification_id}:{self.attempt}:{self.status}"

    def subject(self) -> str:
        return self.application_id
