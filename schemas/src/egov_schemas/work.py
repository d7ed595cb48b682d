"""Full submissions (intake → routing), work items (routing → an administration's inbox) and the
handler replies an administration sends back. These carry personal data and travel only on
restricted topics, never on the lifecycle log.

What the citizen does after submitting (answering an information request, withdrawing) goes
from intake to routing on the submissions topic too; routing decides whether it still applies.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    model_validator,
)

from egov_schemas.base import Event
from egov_schemas.catalog import HandlerGroup, Processing, Tier
from egov_schemas.identifiers import (
    AdministrationId,
    ApplicationId,
    Eik,
    IisdaNumber,
    validate_egn,
    validate_lnch,
)
from egov_schemas.lifecycle import InformationNeeded
from egov_schemas.reference import ReferenceNumber


class Applicant(BaseModel):
    """The person applying, identified by EGN or LNCh."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    identifier_type: Literal["egn", "lnch"] = "egn"
    identifier: str = Field(description="EGN or LNCh, validated by its check digit")
    name: str = Field(min_length=1, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(None, pattern=r"^\+?[0-9 ]{6,20}$")

    @model_validator(mode="after")
    def _identifier_is_valid(self) -> Applicant:
        validate = validate_egn if self.identifier_type == "egn" else validate_lnch
        validate(self.identifier)
        return self


class AttachedFile(BaseModel):
    """A file the citizen attached, kept by intake; its content is fetched from `url` by staff
    and handlers of the administration (never carried in an event)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    key: str = Field(
        max_length=40,
        description="What it is: the service's attachment key, or the information request's key it answers",
    )
    filename: str = Field(min_length=1, max_length=255)
    media_type: str = Field(min_length=3, max_length=127)
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    url: str = Field(max_length=2048, description="Path of the content on intake's API")


class RepresentedEntity(BaseModel):
    """A legal entity the applicant applies for, as the national eID's empowerment says they may."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    eik: Eik
    name: str = Field(min_length=1, max_length=300)


class ApplicationData(Event):
    """An application with its applicant and form, as routing and the administration need it."""

    application_id: ApplicationId
    reference: ReferenceNumber
    administration_id: AdministrationId
    service: IisdaNumber
    service_version: int = Field(ge=1)
    tier: Tier = "ordinary"
    submitted_at: dt.datetime
    applicant: Applicant
    form: dict[str, Any] = Field(description="Answers to the service's application form")
    attachments: list[AttachedFile] = Field(
        default_factory=list, max_length=50, description="The files attached, by reference (fetched from intake)"
    )
    represented: RepresentedEntity | None = Field(None, description="Set when the applicant applies for a company")

    def identity(self) -> str:
        return self.application_id

    def subject(self) -> str:
        return self.application_id


class ApplicationReceived(ApplicationData):
    """A submission as intake stored it, for routing to deliver to the administration."""

    ce_type: ClassVar[str] = "bg.egov.intake.submission.v2"


# NOTE: each answer bounded (as a request's message is), so that the work item, which carries every
# answer so far, stays far below Kafka's record size.
Answer = Annotated[str, Field(max_length=2000)]


class InformationExchange(BaseModel):
    """One information request and, once given, the citizen's answer."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    request_sequence: int = Field(ge=1, description="Sequence of the `info_requested` event")
    requested_at: dt.datetime
    message: str = Field(max_length=2000)
    needed: list[InformationNeeded]
    answered_at: dt.datetime | None = None
    answers: dict[str, Answer] = Field(default_factory=dict, max_length=20)
    attachments: list[AttachedFile] = Field(default_factory=list, max_length=20)


class InformationProvided(Event):
    """The citizen's answer to an information request, as intake took it."""

    ce_type: ClassVar[str] = "bg.egov.intake.information.v1"

    application_id: ApplicationId
    administration_id: AdministrationId
    request_sequence: int = Field(ge=1, description="Sequence of the `info_requested` event it answers")
    answered_at: dt.datetime
    answers: dict[str, Answer] = Field(default_factory=dict, max_length=20)
    attachments: list[AttachedFile] = Field(default_factory=list, max_length=20)

    def identity(self) -> str:
        return f"{self.application_id}:information:{self.request_sequence}"

    def subject(self) -> str:
        return self.application_id


class WithdrawalRequested(Event):
    """The citizen withdraws the application."""

    ce_type: ClassVar[str] = "bg.egov.intake.withdrawal.v1"

    application_id: ApplicationId
    administration_id: AdministrationId
    requested_at: dt.datetime

    def identity(self) -> str:
        return f"{self.application_id}:withdrawal"

    def subject(self) -> str:
        return self.application_id


def _not_set(shadow: bool) -> bool:
    """`shadow` is in an event's body only when true: a handler or a routing built before shadow
    mode (whose events forbid unknown fields) reads every other event as before."""
    return not shadow


class WorkItem(ApplicationData):
    """An application delivered to the administration that must process it."""

    ce_type: ClassVar[str] = "bg.egov.work.item.v2"
    version: int = Field(1, ge=1, description="Incremented each time the citizen answers an information request")
    information: list[InformationExchange] = Field(default_factory=list, description="Requests and answers so far")
    due_date: dt.date | None = None
    handler_group: HandlerGroup = "default"
    processing: Processing = Field(
        "staff", description="Who processes it: the administration's handler (`automatic`) or its staff (workspace)"
    )
    fee_bgn: float = Field(0, ge=0, description="The fee of the chosen tier in this administration")
    payment_required: bool = False
    shadow: bool = Field(
        False,
        description=(
            "A copy for the administration's handler while its staff process the service (shadow mode): "
            "the handler's decisions on it are recorded and compared, not applied; absent when false"
        ),
        exclude_if=_not_set,
    )

    def identity(self) -> str:
        return f"{self.application_id}:{self.version}" + (":shadow" if self.shadow else "")

    def shadow_copy(self) -> WorkItem:
        """This work item as its handler gets it in shadow mode (the workspace leaves it alone)."""
        return self.model_copy(update={"shadow": True, "processing": "automatic"})


class WorkWithdrawn(Event):
    """Tells the administration that the citizen withdrew: stop, and acknowledge."""

    ce_type: ClassVar[str] = "bg.egov.work.withdrawn.v1"

    application_id: ApplicationId
    reference: ReferenceNumber
    administration_id: AdministrationId
    service: IisdaNumber
    withdrawn_at: dt.datetime
    processing: Processing = Field(
        "automatic", description="Who processed the work item: the administration's handler or its staff (workspace)"
    )

    def identity(self) -> str:
        return f"{self.application_id}:withdrawn"

    def subject(self) -> str:
        return self.application_id


class HandlerReply(Event):
    """A decision of the administration on one of its applications."""

    application_id: ApplicationId
    administration_id: AdministrationId
    reply_id: str = Field(min_length=1, max_length=64, description="Unique per decision, chosen by the handler")
    decided_at: dt.datetime
    shadow: bool = Field(
        False,
        description="A decision on a shadow work item: recorded and compared, not applied; absent when false",
        exclude_if=_not_set,
    )

    def identity(self) -> str:
        return f"{self.application_id}:{self.reply_id}" + (":shadow" if self.shadow else "")

    def subject(self) -> str:
        return self.application_id

    def published_text(self) -> list[tuple[str, str]]:
        """The (field, text) pairs the lifecycle log will carry: no personal data allowed."""
        return []


class AcceptReply(HandlerReply):
    ce_type: ClassVar[str] = "bg.egov.reply.accept.v1"
    registration_number: str = Field(min_length=1, max_length=64)

    def published_text(self) -> list[tuple[str, str]]:
        return [("registration_number", self.registration_number)]


class RequestInfoReply(HandlerReply):
    ce_type: ClassVar[str] = "bg.egov.reply.request_info.v2"
    message: str = Field(min_length=1, max_length=2000)
    needed: list[InformationNeeded] = Field(min_length=1, max_length=20, description="What the citizen must give")

    def published_text(self) -> list[tuple[str, str]]:
        described = [(f"needed.{index}.description", item.description) for index, item in enumerate(self.needed)]
        return [("message", self.message), *described]


class AcknowledgeWithdrawalReply(HandlerReply):
    """The administration has stopped work on an application its citizen withdrew."""

    ce_type: ClassVar[str] = "bg.egov.reply.withdrawal_acknowledged.v1"


class CompleteReply(HandlerReply):
    ce_type: ClassVar[str] = "bg.egov.reply.complete.v1"
    document_id: str | None = Field(None, max_length=128)

    def published_text(self) -> list[tuple[str, str]]:
        return [("document_id", self.document_id)] if self.document_id else []


class RefuseReply(HandlerReply):
    ce_type: ClassVar[str] = "bg.egov.reply.refuse.v1"
    reasons: list[str] = Field(min_length=1, max_length=20)

    def published_text(self) -> list[tuple[str, str]]:
        return [(f"reasons.{index}", reason) for index, reason in enumerate(self.reasons)]


WORKSPACE_DOCUMENT_PREFIX = "workspace-"
"""How the ids of the output documents the workspace keeps begin: the portal offers those for
download (a handler's document id names a document the administration hands over itself)."""
DOCUMENTS_TOKEN_AUDIENCE = "egov-workspace/documents"  # noqa: S105 - an audience, not a secret
"""Audience of the tokens intake signs (with the key it shares with the workspace alone) to fetch
an output document the workspace issued, for the citizen it belongs to."""
ATTACHMENTS_TOKEN_AUDIENCE = "egov-intake/attachments"  # noqa: S105 - an audience, not a secret
"""Audience of the tokens the workspace signs (with the same key) to fetch a file a citizen
attached, for staff of the application's administration."""
