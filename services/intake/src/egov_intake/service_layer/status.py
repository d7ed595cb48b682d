"""The citizen's status view follows the lifecycle log."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from egov_schemas.lifecycle import (
    ApplicationAccepted,
    ApplicationCompleted,
    ApplicationRefused,
    ApplicationRejected,
    InfoRequested,
    StateTransition,
)

if TYPE_CHECKING:
    from egov_intake.adapters.repository import ApplicationRepository
    from egov_sdk.consumer import Delivery


def citizen_detail(event: StateTransition) -> dict[str, Any]:
    """What the citizen is told about a transition besides the new state."""
    match event:
        case ApplicationAccepted(registration_number=number):
            return {"registration_number": number}
        case ApplicationCompleted(document_id=document_id):
            return {"document_id": document_id}
        case ApplicationRejected(reason_code=code, reason=reason):
            return {"reason_code": code, "reason": reason}
        case ApplicationRefused(reasons=reasons):
            return {"reasons": reasons}
        case InfoRequested(message=message):
            return {"message": message}
        case _:
            return {}


class StatusProjection:
    def __init__(self, repository: ApplicationRepository):
        self._repository = repository

    async def on_transition(self, event: StateTransition, _: Delivery) -> None:
        await self._repository.record_transition(event, citizen_detail(event))
