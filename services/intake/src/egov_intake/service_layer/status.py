"""The citizen's status view follows the lifecycle log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egov_intake.domain.model import ApplicationStatus, HistoryEntry, InformationRequest
from egov_schemas.lifecycle import (
    FINAL_STATES,
    ApplicationAccepted,
    ApplicationCompleted,
    ApplicationPaid,
    ApplicationRefused,
    ApplicationRejected,
    ApplicationRouted,
    ApplicationState,
    ApplicationUnpaid,
    AwaitingPayment,
    InfoProvided,
    InfoRequested,
    StateTransition,
)

if TYPE_CHECKING:
    from egov_intake.adapters.repository import ApplicationRepository
    from egov_sdk.consumer import Delivery


# NOTE: what the citizen is told about each transition besides the new state.
_TOLD: dict[type[StateTransition], set[str]] = {
    ApplicationRouted: {"due_date"},
    AwaitingPayment: {"amount", "currency", "expires_at", "payment_url"},
    ApplicationPaid: {"due_date"},
    ApplicationUnpaid: {"reason_code", "reason"},
    ApplicationRejected: {"reason_code", "reason"},
    ApplicationAccepted: {"registration_number"},
    InfoRequested: {"message", "needed"},
    InfoProvided: {"due_date", "paused_working_days"},
    ApplicationCompleted: {"document_id"},
    ApplicationRefused: {"reasons"},
}


def citizen_detail(event: StateTransition) -> dict[str, Any]:
    """What the citizen is told about a transition besides the new state."""
    told = _TOLD.get(type(event))
    return event.model_dump(mode="json", include=told, exclude_none=True) if told else {}


def status_view(document: dict[str, Any], *, withdrawal_requested: bool) -> ApplicationStatus:
    """The status with what the citizen can do now: answer a request, pay, or withdraw."""
    status = ApplicationStatus.model_validate(document)
    latest: HistoryEntry | None = status.history[-1] if status.history else None
    path = f"/applications/{status.id}"
    extra: dict[str, Any] = {}
    if latest is not None and latest.state == status.status == ApplicationState.INFO_REQUESTED:
        extra["information_request"] = InformationRequest(
            request_sequence=latest.sequence,
            message=latest.detail.get("message", ""),
            needed=latest.detail.get("needed", []),
            answer_url=f"{path}/information",
        )
    if latest is not None and latest.state == status.status == ApplicationState.AWAITING_PAYMENT:
        extra["payment"] = latest.detail
    if status.status not in FINAL_STATES and not withdrawal_requested:
        extra["withdrawal_url"] = f"{path}/withdrawal"
    return status.model_copy(update=extra)


class StatusProjection:
    def __init__(self, repository: ApplicationRepository):
        self._repository = repository

    async def on_transition(self, event: StateTransition, _: Delivery) -> None:
        await self._repository.record_transition(event, citizen_detail(event))
