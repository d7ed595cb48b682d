"""What a citizen submits and what intake shows back."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field

from egov_schemas.catalog import Tier
from egov_schemas.identifiers import AdministrationId, IisdaNumber
from egov_schemas.lifecycle import ApplicationState, InformationNeeded
from egov_schemas.notifications import NotificationPreferences
from egov_schemas.work import WORKSPACE_DOCUMENT_PREFIX, Answer, Applicant, AttachedFile, RepresentedEntity

MEDIA_TYPE_PATTERN = r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$"
# NOTE: a name without path separators or control characters: it ends up in a download's headers.
Filename = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[^/\\\x00-\x1f]+$")]


class FileUpload(BaseModel):
    """A file sent with a submission through the API (the portal uploads them as a form does)."""

    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=40, description="The service's attachment key this file is")
    filename: Filename
    content: Base64Bytes = Field(description="The file, base64-encoded; its type is read from its content")


class SubmitApplication(BaseModel):
    model_config = ConfigDict(extra="forbid")

    administration_id: AdministrationId
    service: IisdaNumber
    tier: Tier = Field("ordinary", description="Delivery tier: ordinary, fast or express, as the service offers")
    applicant: Applicant
    form: dict[str, Any] = Field(description="Answers to the service's application form (its JSON Schema)")
    notifications: NotificationPreferences = Field(
        default_factory=NotificationPreferences,
        description="How the applicant wants to be told: language and channels (the portal inbox always)",
    )
    attachments: list[FileUpload] = Field(
        default_factory=list, max_length=50, description="Files the service asks for, by its attachment keys"
    )
    represented: RepresentedEntity | None = Field(
        None,
        description="The company applied for; the applicant must be logged in with eID as its representative",
    )


@dataclass(frozen=True)
class Submission:
    """An application as intake stores it, with the applicant's personal data."""

    id: str
    reference: str
    administration_id: str
    service: int
    service_version: int
    tier: str
    applicant: dict[str, Any]
    form: dict[str, Any]
    submitted_at: dt.datetime
    preferences: dict[str, Any] = field(default_factory=dict)
    status: str = ApplicationState.SUBMITTED.value
    sequence: int = 1
    person: str | None = None
    """The EGN the national eID vouched for, when the applicant logged in."""
    represented: dict[str, Any] | None = None
    attachments: tuple[AttachedFile, ...] = ()


@dataclass(frozen=True)
class StoredFile:
    """An attached file as intake keeps it."""

    id: str
    key: str
    filename: str
    media_type: str
    sha256: str
    size: int
    content: bytes | None = None
    """Only in files stored before the blob store (intake_0006); the others are read from it by `sha256`."""
    administration_id: str = ""


class HistoryEntry(BaseModel):
    sequence: int
    state: ApplicationState
    at: dt.datetime
    detail: dict[str, Any] = Field(default_factory=dict)


class InformationRequest(BaseModel):
    """What the administration asks the citizen for, while the application waits for it."""

    request_sequence: int
    message: str
    needed: list[InformationNeeded]
    answer_url: str


class ApplicationStatus(BaseModel):
    """The citizen-facing view of an application: no personal data, just where it stands."""

    id: str
    reference: str
    administration_id: str
    service: int
    service_version: int
    tier: Tier
    status: ApplicationState
    submitted_at: dt.datetime
    history: list[HistoryEntry]
    information_request: InformationRequest | None = Field(
        None, description="Set while the application waits for the citizen's answer"
    )
    payment: dict[str, Any] | None = Field(None, description="Set while the fee waits to be paid: where to pay it")
    withdrawal_url: str | None = Field(None, description="Set while the citizen may still withdraw")

    def document_id(self) -> str | None:
        """The id of the output document the citizen may download (the workspace keeps it), once
        completed with one (its `completed` event carried it)."""
        if self.status != ApplicationState.COMPLETED:
            return None
        completed = [entry for entry in self.history if entry.state == ApplicationState.COMPLETED]
        found = completed[-1].detail.get("document_id") if completed else None
        return found if isinstance(found, str) and found.startswith(WORKSPACE_DOCUMENT_PREFIX) else None


class ApplicationSummary(BaseModel):
    """One line of a citizen's list of applications."""

    id: str
    reference: str
    administration_id: str
    service: int
    status: ApplicationState
    submitted_at: dt.datetime
    represented: RepresentedEntity | None = None


class AttachmentUpload(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(max_length=40, description="The information request's key this file answers")
    filename: Filename
    media_type: str = Field(min_length=3, max_length=127, pattern=MEDIA_TYPE_PATTERN)
    content: Base64Bytes = Field(description="The file, base64-encoded")


class InformationAnswer(BaseModel):
    """The citizen's answer to the open information request."""

    model_config = ConfigDict(extra="forbid")

    answers: dict[str, Answer] = Field(
        default_factory=dict, max_length=20, description="Text answers, by the request's keys"
    )
    attachments: list[AttachmentUpload] = Field(default_factory=list, max_length=20)


class ApplicationLookup(BaseModel):
    """A citizen finding an application by its reference number, with their identity."""

    model_config = ConfigDict(extra="forbid")

    reference: str = Field(max_length=40, description="The reference number, as written down")
    applicant_identifier: str = Field(max_length=10, description="The applicant's EGN or LNCh")


class ApplicationFound(ApplicationStatus):
    access_token: str = Field(description="Send as a bearer token to follow the application")


class SubmissionAccepted(BaseModel):
    id: str
    reference: str = Field(description="The application's reference number: to quote, and to find it again")
    status: ApplicationState
    status_url: str
    access_token: str = Field(description="Send as a bearer token to read the status (keep it: it is the only key)")
    webhook_secret: str | None = Field(
        None, description="Set when a webhook_url was given: verifies the signatures of the notices posted there"
    )
