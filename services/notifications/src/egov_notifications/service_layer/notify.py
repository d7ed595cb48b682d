"""Which lifecycle events the citizen hears about, and recording each as a notice.

Recording puts the notice in the citizen's portal inbox at once (its outcome `recorded`) and
leaves its channels to be chosen (service_layer/choose.py), which needs the applicant's contacts
and so happens outside the consumer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_notifications.adapters.notices import Notice
from egov_schemas import topics
from egov_schemas.lifecycle import STATE_TRANSITIONS, ApplicationState, StateTransition
from egov_schemas.notifications import NotificationOutcome
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_notifications.adapters.notices import Notices
    from egov_sdk.clock import Clock
    from egov_sdk.consumer import Delivery
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

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
_COMMON_FIELDS = frozenset(StateTransition.model_fields)


class Notifier:
    def __init__(self, store: Store, notices: Notices, outbox: Outbox, clock: Clock, source: str):
        self._store = store
        self._notices = notices
        self._outbox = outbox
        self._clock = clock
        self._source = source

    async def on_transition(self, event: StateTransition, _: Delivery) -> None:
        """A transition of `NOTIFIED_TRANSITIONS` (the consumer routes only those here)."""
        now = self._clock.now()
        notice = Notice(
            id=event.event_id,
            application_id=event.application_id,
            administration_id=event.administration_id,
            state=event.state.value,
            template=f"application.{event.state.value}",
            language="bg",
            channel="portal",
            status="recorded",
            created_at=now,
            reference=event.reference,
            service=event.service,
            service_version=event.service_version,
            occurred_at=event.occurred_at,
            # NOTE: what the template says beyond the common fields: dates, reasons, numbers.
            details=event.model_dump(mode="json", exclude=set(_COMMON_FIELDS)),
            choose_at=now,
        )
        outcome = NotificationOutcome(
            notification_id=notice.id,
            application_id=event.application_id,
            reference=event.reference,
            administration_id=event.administration_id,
            channel="portal",
            status="recorded",
            attempt=1,
            occurred_at=now,
        )
        async with self._store.transaction():
            await self._notices.add(notice)
            await self._outbox.add([to_record(outcome, topic=topics.NOTIFICATION_OUTCOMES, source=self._source)])
        log.info("notification_recorded", application_id=event.application_id, state=event.state.value)
