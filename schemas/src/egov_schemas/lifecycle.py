"""The application lifecycle, as recorded on `egov.applications`.

Thin events: ids, service, administration, state and times, never personal data. What handlers
write (registration numbers, document ids, refusal reasons, information requests) is checked
for personal numbers by routing, and for the names of the application's people by the handler
SDK, before it is published; a decision that holds any is refused (dead-lettered with why).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import Field

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, ApplicationId, IisdaNumber


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"
    ROUTED = "routed"
    REJECTED = "rejected"
    ACCEPTED = "accepted"
    INFO_REQUESTED = "info_requested"
    INFO_PROVIDED = "info_provided"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


FINAL_STATES = frozenset(
    {ApplicationState.REJECTED, ApplicationState.COMPLETED, ApplicationState.REFUSED, ApplicationState.WITHDRAWN}
)


class LifecycleEvent(Event):
    """What every lifecycle event carries."""

    application_id: ApplicationId
    administration_id: AdministrationId
    service: IisdaNumber
    service_version: int = Field(ge=1, description="Catalog version of the service applied under")
    sequence: int = Field(ge=1, description="Position of this event in the application's history")
    occurred_at: dt.datetime

    def identity(self) -> str:
        return f"{self.application_id}:{self.sequence}"

    def subject(self) -> str:
        return self.application_id


class StateTransition(LifecycleEvent):
    """A lifecycle event that moves the application into `state`."""

    state: ApplicationState


class ApplicationSubmitted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.submitted.v1"
    state: Literal[ApplicationState.SUBMITTED] = ApplicationState.SUBMITTED
    channel: Literal["portal", "api"] = "portal"


class ApplicationRouted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.routed.v1"
    state: Literal[ApplicationState.ROUTED] = ApplicationState.ROUTED
    due_date: dt.date | None = Field(None, description="Statutory deadline of the ordinary tier")


class ApplicationRejected(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.rejected.v1"
    state: Literal[ApplicationState.REJECTED] = ApplicationState.REJECTED
    reason_code: Literal["service_not_offered", "administration_unknown", "invalid_submission"]
    reason: str = Field(max_length=500)


class ApplicationAccepted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.accepted.v1"
    state: Literal[ApplicationState.ACCEPTED] = ApplicationState.ACCEPTED
    registration_number: str = Field(min_length=1, max_length=64)


class InfoRequested(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.info_requested.v1"
    state: Literal[ApplicationState.INFO_REQUESTED] = ApplicationState.INFO_REQUESTED
    message: str = Field(max_length=2000)


class InfoProvided(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.info_provided.v1"
    state: Literal[ApplicationState.INFO_PROVIDED] = ApplicationState.INFO_PROVIDED


class ApplicationCompleted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.completed.v1"
    state: Literal[ApplicationState.COMPLETED] = ApplicationState.COMPLETED
    document_id: str | None = Field(None, max_length=128, description="Reference of the issued document")


class ApplicationRefused(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.refused.v1"
    state: Literal[ApplicationState.REFUSED] = ApplicationState.REFUSED
    reasons: list[str] = Field(min_length=1, max_length=20)


class ApplicationWithdrawn(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.withdrawn.v1"
    state: Literal[ApplicationState.WITHDRAWN] = ApplicationState.WITHDRAWN


class DeadlineApproaching(LifecycleEvent):
    """A reminder: the state does not change."""

    ce_type: ClassVar[str] = "bg.egov.application.deadline_approaching.v1"
    due_date: dt.date


class ApplicationOverdue(LifecycleEvent):
    ce_type: ClassVar[str] = "bg.egov.application.overdue.v1"
    due_date: dt.date


STATE_TRANSITIONS: tuple[type[StateTransition], ...] = (
    ApplicationSubmitted,
    ApplicationRouted,
    ApplicationRejected,
    ApplicationAccepted,
    InfoRequested,
    InfoProvided,
    ApplicationCompleted,
    ApplicationRefused,
    ApplicationWithdrawn,
)
