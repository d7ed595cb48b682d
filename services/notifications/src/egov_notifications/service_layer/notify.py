"""Which lifecycle events the citizen hears about, and recording those notifications.

This first version records each notification for the citizen's portal inbox (channel `portal`)
and publishes its outcome; delivery by e-mail, SMS and e-Delivery is to come.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_notifications.adapters.repository import Notification
from egov_schemas import topics
from egov_schemas.lifecycle import STATE_TRANSITIONS, ApplicationState, StateTransition
from egov_schemas.notifications import NotificationOutcome
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_notifications.adapters.repository import NotificationRepository
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)

NOTIFIED_STATES: frozenset[ApplicationState] = frozenset(
    {
        ApplicationState.ROUTED,
        ApplicationState.REJECTED,
        ApplicationState.AWAITING_PAYMENT,
        ApplicationState.PAID,
        ApplicationState.UNPAID,
        ApplicationState.ACCEPTED,
        ApplicationState.INFO_REQUESTED,
        ApplicationState.COMPLETED,
        ApplicationState.REFUSED,
    }
)


NOTIFIED_TRANSITIONS = tuple(t for t in STATE_TRANSITIONS if t.model_fields["state"].default in NOTIFIED_STATES)


class Notifier:
    def __init__(self, repository: NotificationRepository, source: str):
        self._repository = repository
        self._source = source

    async def on_transition(self, event: StateTransition, _: Delivery) -> None:
        """A transition of `NOTIFIED_TRANSITIONS` (the consumer routes only those here)."""
        now = dt.datetime.now(dt.UTC)
        notification_id = event.event_id
        outcome = NotificationOutcome(
            notification_id=notification_id,
            application_id=event.application_id,
            channel="portal",
            status="recorded",
            attempt=1,
            occurred_at=now,
        )
        await self._repository.add(
            Notification(
                id=notification_id,
                application_id=event.application_id,
                administration_id=event.administration_id,
                state=event.state.value,
                template=f"application.{event.state.value}",
                language="bg",
                channel="portal",
                status="recorded",
                created_at=now,
                reference=event.reference,
            ),
            [to_record(outcome, topic=topics.NOTIFICATION_OUTCOMES, source=self._source)],
        )
        log.info("notification_recorded", application_id=event.application_id, state=event.state.value)
