"""What happened to the notices the platform sends citizens, and what notifications asks intake.

Outcomes are thin, like the lifecycle log: the notice, the channel, the attempt and its status,
never an address, a phone number, an identifier or a provider's own words (which may quote the
address). The applicant's contacts travel only in the claim check from intake to notifications
(`ContactsRequest` → `ContactsAnswer`), over an authenticated internal endpoint.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, ApplicationId
from egov_schemas.reference import ReferenceNumber

NotificationChannel = Literal["portal", "email", "sms", "e_delivery", "webhook"]
CitizenChannel = Literal["e_delivery", "email", "sms"]
CITIZEN_CHANNELS: tuple[CitizenChannel, ...] = ("e_delivery", "email", "sms")
Language = Literal["bg", "en"]

CONTACTS_TOKEN_AUDIENCE = "egov-intake/contacts"  # noqa: S105 - an audience, not a secret
"""The audience of the claim check's tokens, signed with the key only intake and notifications hold."""
CONTACTS_READER = "notifications"
"""The one caller intake gives contacts to: the subject its tokens name."""

DeliveryStatus = Literal[
    "recorded",
    "delivered",
    "sent",
    "opened",
    "unopened",
    "temporary_failure",
    "permanent_failure",
    "dead_lettered",
]
"""`recorded`: in the portal inbox. `delivered`: the provider took it (SMTP 250, the SMS gateway,
a webhook's 2xx). `sent`: e-Delivery took it and the platform waits for the recipient to open
it; then `opened` (the proof of delivery, e-Delivery's `dateReceived`), or `unopened` when it
stops asking. A failure is `temporary_failure` (tried again on the schedule) or
`permanent_failure`; `dead_lettered` after the last try or a permanent failure with no other way."""


class NotificationOutcome(Event):
    """One attempt to deliver one notice by one channel, and how it went."""

    ce_type: ClassVar[str] = "bg.egov.notification.outcome.v2"

    notification_id: str = Field(min_length=1, max_length=64, description="The notice: the lifecycle event's id")
    application_id: ApplicationId
    reference: ReferenceNumber
    administration_id: AdministrationId
    channel: NotificationChannel
    target: str = Field(
        "", max_length=64, description="Which subscription, for a webhook; empty for the citizen's channels"
    )
    status: DeliveryStatus
    attempt: int = Field(ge=0, description="The attempt this outcome is of (0: nothing was sent yet)")
    redrive: int = Field(0, ge=0, description="How many times staff had sent the notice anew (each starts at try 1)")
    detail: str | None = Field(
        None, max_length=200, description="Why, in the platform's words (an SMTP code, an HTTP status), never a quote"
    )
    next_attempt_at: dt.datetime | None = Field(None, description="When it is tried again, after a temporary failure")
    occurred_at: dt.datetime

    def identity(self) -> str:
        return f"{self.notification_id}:{self.redrive}:{self.channel}:{self.target}:{self.attempt}:{self.status}"

    def subject(self) -> str:
        return self.application_id


class NotificationAlert(Event):
    """Something an administrator must look at: a notice that could not be delivered at all, or a
    webhook subscription disabled after failing again and again."""

    ce_type: ClassVar[str] = "bg.egov.notification.alert.v1"

    alert_id: str = Field(min_length=1, max_length=160)
    kind: Literal["notification_dead_lettered", "webhook_disabled"]
    administration_id: AdministrationId
    application_id: ApplicationId | None = None
    notification_id: str | None = Field(None, max_length=64)
    channel: NotificationChannel | None = None
    subscription_id: str | None = Field(None, max_length=64)
    detail: str = Field(max_length=300)
    occurred_at: dt.datetime

    def identity(self) -> str:
        return self.alert_id

    def subject(self) -> str:
        return self.administration_id


class NotificationPreferences(BaseModel):
    """How the citizen wants to be told: in which language, and by which channels (the portal
    inbox always has every notice)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    language: Language = Field("bg", description="Language of the notices: Bulgarian or English")
    channels: list[CitizenChannel] = Field(
        default_factory=lambda: list(CITIZEN_CHANNELS),
        max_length=3,
        description="The channels the citizen agrees to be told by; an empty list: the portal inbox only",
    )
    webhook_url: str | None = Field(
        None,
        max_length=2048,
        pattern=r"^https?://[^\s/]+\S*$",
        description=(
            "For businesses applying through the API: where every notice of this application is also POSTed, "
            "signed per Standard Webhooks with the secret returned at submission"
        ),
    )

    @field_validator("channels")
    @classmethod
    def _once_each(cls, channels: list[CitizenChannel]) -> list[CitizenChannel]:
        if len(set(channels)) != len(channels):
            raise ValueError("name each channel once")
        return channels

    @field_validator("webhook_url")
    @classmethod
    def _printable(cls, url: str | None) -> str | None:
        # NOTE: a URL is ASCII; anything else (a NUL, half a UTF-16 pair) could not even be stored.
        if url is not None and not (url.isascii() and url.isprintable()):
            raise ValueError("a URL is printable ASCII (encode anything else)")
        return url


class ContactsRequest(BaseModel):
    """Notifications asking intake for the contacts of the applicants of these applications."""

    model_config = ConfigDict(extra="forbid")

    application_ids: list[ApplicationId] = Field(min_length=1, max_length=500)


class ApplicantContacts(BaseModel):
    """How to reach one application's applicant: the claim check's answer, personal data."""

    application_id: ApplicationId
    identifier_type: Literal["egn", "lnch"]
    identifier: str = Field(description="EGN or LNCh: e-Delivery finds the citizen's profile by it")
    email: EmailStr | None = None
    phone: str | None = None
    preferences: NotificationPreferences = NotificationPreferences()
    webhook_secret: str | None = Field(None, description="Signs the notices to `preferences.webhook_url`")


class ContactsAnswer(BaseModel):
    contacts: list[ApplicantContacts] = Field(description="One per application intake knows; unknown ids left out")
