"""The application lifecycle, as recorded on `egov.applications`.

    submitted → routed → [awaiting_payment → paid | unpaid] → accepted
      → (info_requested ⇄ info_provided)* → completed | refused
    withdrawn, by the citizen, at any point before a decision; rejected when routing cannot deliver.

Every event carries the application's reference number. Version 2 of every type added it.

Thin events: ids, service, administration, state and times, never personal data. What handlers
write (registration numbers, document ids, refusal reasons, information requests) is checked
for personal numbers by routing, and for the names of the application's people by the handler
SDK, before it is published; a decision that holds any is refused (dead-lettered with why).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from egov_schemas.base import Event
from egov_schemas.identifiers import AdministrationId, ApplicationId, IisdaNumber
from egov_schemas.reference import ReferenceNumber


class ApplicationState(StrEnum):
    SUBMITTED = "submitted"
    ROUTED = "routed"
    REJECTED = "rejected"
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    UNPAID = "unpaid"
    ACCEPTED = "accepted"
    INFO_REQUESTED = "info_requested"
    INFO_PROVIDED = "info_provided"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


DECISION_STATES = frozenset(
    {ApplicationState.ACCEPTED, ApplicationState.INFO_REQUESTED, ApplicationState.COMPLETED, ApplicationState.REFUSED}
)
"""The states an administration's decision leads to (a handler's or its staff's)."""

FINAL_STATES = frozenset(
    {
        ApplicationState.REJECTED,
        ApplicationState.UNPAID,
        ApplicationState.COMPLETED,
        ApplicationState.REFUSED,
        ApplicationState.WITHDRAWN,
    }
)
WITHDRAWABLE_STATES = frozenset(ApplicationState) - FINAL_STATES
"""A citizen may withdraw until the application has ended: before a decision."""


class InformationNeeded(BaseModel):
    """One thing an administration asks the citizen for: an answer, or a document to attach."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$", description="Under which key the citizen's answer is filed")
    kind: Literal["answer", "attachment"]
    description: str = Field(min_length=1, max_length=500, description="What is needed, in the citizen's words")


class LifecycleEvent(Event):
    """What every lifecycle event carries."""

    application_id: ApplicationId
    reference: ReferenceNumber
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
    ce_type: ClassVar[str] = "bg.egov.application.submitted.v2"
    state: Literal[ApplicationState.SUBMITTED] = ApplicationState.SUBMITTED
    channel: Literal["portal", "api"] = "portal"


class ApplicationRouted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.routed.v2"
    state: Literal[ApplicationState.ROUTED] = ApplicationState.ROUTED
    due_date: dt.date | None = Field(
        None, description="When the decision is due; none yet when the fee comes first (the term runs from payment)"
    )


class ApplicationRejected(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.rejected.v2"
    state: Literal[ApplicationState.REJECTED] = ApplicationState.REJECTED
    reason_code: Literal["service_not_offered", "administration_unknown", "invalid_submission"]
    reason: str = Field(max_length=500)


class AwaitingPayment(StateTransition):
    """A payment request is registered with pay.egov; the work waits for the fee."""

    ce_type: ClassVar[str] = "bg.egov.application.awaiting_payment.v1"
    state: Literal[ApplicationState.AWAITING_PAYMENT] = ApplicationState.AWAITING_PAYMENT
    payment_request_id: str = Field(min_length=1, max_length=64, description="pay.egov's id of the payment request")
    amount: float = Field(gt=0, description="The fee of the chosen tier")
    currency: Literal["BGN", "EUR"] = "BGN"
    expires_at: dt.datetime
    payment_url: str = Field(max_length=2048, description="Where the citizen pays")


class ApplicationPaid(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.paid.v1"
    state: Literal[ApplicationState.PAID] = ApplicationState.PAID
    payment_request_id: str = Field(min_length=1, max_length=64)
    due_date: dt.date | None = Field(None, description="When the decision is due: the term runs from payment")


class ApplicationUnpaid(StateTransition):
    """The fee was not paid: the application ends here."""

    ce_type: ClassVar[str] = "bg.egov.application.unpaid.v1"
    state: Literal[ApplicationState.UNPAID] = ApplicationState.UNPAID
    reason_code: Literal["payment_expired", "payment_canceled", "payment_suspended", "payment_refused"]
    reason: str = Field(max_length=500)


class ApplicationAccepted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.accepted.v2"
    state: Literal[ApplicationState.ACCEPTED] = ApplicationState.ACCEPTED
    registration_number: str = Field(min_length=1, max_length=64)


class InfoRequested(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.info_requested.v2"
    state: Literal[ApplicationState.INFO_REQUESTED] = ApplicationState.INFO_REQUESTED
    message: str = Field(max_length=2000)
    needed: list[InformationNeeded] = Field(min_length=1, max_length=20)


class InfoProvided(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.info_provided.v2"
    state: Literal[ApplicationState.INFO_PROVIDED] = ApplicationState.INFO_PROVIDED
    due_date: dt.date | None = Field(None, description="The due date, moved by the working days the request paused it")
    paused_working_days: int = Field(0, ge=0)


class ApplicationCompleted(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.completed.v2"
    state: Literal[ApplicationState.COMPLETED] = ApplicationState.COMPLETED
    document_id: str | None = Field(None, max_length=128, description="Reference of the issued document")


class ApplicationRefused(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.refused.v2"
    state: Literal[ApplicationState.REFUSED] = ApplicationState.REFUSED
    reasons: list[str] = Field(min_length=1, max_length=20)


class ApplicationWithdrawn(StateTransition):
    ce_type: ClassVar[str] = "bg.egov.application.withdrawn.v2"
    state: Literal[ApplicationState.WITHDRAWN] = ApplicationState.WITHDRAWN


class DeadlineApproaching(LifecycleEvent):
    """A reminder: the state does not change."""

    ce_type: ClassVar[str] = "bg.egov.application.deadline_approaching.v2"
    due_date: dt.date
    working_days_left: int = Field(ge=0)


class ApplicationOverdue(LifecycleEvent):
    ce_type: ClassVar[str] = "bg.egov.application.overdue.v2"
    due_date: dt.date


STATE_TRANSITIONS: tuple[type[StateTransition], ...] = (
    ApplicationSubmitted,
    ApplicationRouted,
    ApplicationRejected,
    AwaitingPayment,
    ApplicationPaid,
    ApplicationUnpaid,
    ApplicationAccepted,
    InfoRequested,
    InfoProvided,
    ApplicationCompleted,
    ApplicationRefused,
    ApplicationWithdrawn,
)
DEADLINE_EVENTS: tuple[type[LifecycleEvent], ...] = (DeadlineApproaching, ApplicationOverdue)
