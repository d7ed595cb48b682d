"""What the citizen does after submitting, as intake passes it on: an answer to an information
request (the term resumes, moved by the working days it was paused, and the administration gets
the next version of the work item) and a withdrawal (the administration is told to stop).

Either may arrive too late (the application moved on meanwhile): it is then set aside with a log
line. Intake shows the citizen where the application stands, which says why.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_schemas import topics
from egov_schemas.lifecycle import (
    WITHDRAWABLE_STATES,
    ApplicationState,
    ApplicationWithdrawn,
    InfoProvided,
)
from egov_schemas.work import WorkWithdrawn
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure, RetryLater
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.payments import Payment, Payments
    from egov_routing.adapters.repository import ApplicationState as StoredState
    from egov_routing.adapters.repository import ApplicationStates
    from egov_routing.adapters.work_items import WorkItems
    from egov_routing.service_layer.calendar import CalendarSource
    from egov_routing.service_layer.shadow import Deliveries
    from egov_schemas.work import InformationProvided, WithdrawalRequested
    from egov_sdk.clock import Clock
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)


class CitizenRequests:
    def __init__(
        self,
        states: ApplicationStates,
        work_items: WorkItems,
        payments: Payments,
        deliveries: Deliveries,
        *,
        calendar: CalendarSource,
        clock: Clock,
        source: str,
    ):
        self._deliveries = deliveries
        self._states = states
        self._work_items = work_items
        self._payments = payments
        self._calendar = calendar
        self._clock = clock
        self._source = source

    async def on_information(self, answer: InformationProvided, _: Delivery) -> None:
        current = await self._owned(answer.application_id, answer.administration_id)
        kept = await self._work_items.get(answer.application_id)
        if current.state != ApplicationState.INFO_REQUESTED or kept is None or not kept.item.information:
            log.info("answer_set_aside", application_id=answer.application_id, state=current.state)
            return
        asked = kept.item.information[-1]
        if asked.request_sequence != answer.request_sequence:
            log.info("answer_to_an_earlier_request_set_aside", application_id=answer.application_id)
            return
        calendar = self._calendar.current
        paused = calendar.working_days_between(current.paused_on, self._clock.today()) if current.paused_on else 0
        due = calendar.add_working_days(current.due_date, paused) if current.due_date is not None else None
        advanced = await self._states.advance(
            answer.application_id,
            answer.administration_id,
            frozenset({ApplicationState.INFO_REQUESTED.value}),
            ApplicationState.INFO_PROVIDED.value,
            answer.answered_at,
        )
        if advanced is None:
            raise RetryLater(f"application {answer.application_id} changed while the answer was applied")
        await self._states.resume(answer.application_id, due, current.paused_working_days + paused)
        answered = asked.model_copy(
            update={"answered_at": answer.answered_at, "answers": answer.answers, "attachments": answer.attachments}
        )
        item = kept.item.model_copy(
            update={
                "version": kept.item.version + 1,
                "information": [*kept.item.information[:-1], answered],
                "due_date": due,
            }
        )
        await self._work_items.keep(item, delivered=True)
        provided = InfoProvided(
            **advanced.now.ids(),
            sequence=advanced.now.sequence,
            occurred_at=answer.answered_at.astimezone(dt.UTC),
            due_date=due,
            paused_working_days=paused,
        )
        await self._states.queue(
            [
                to_record(provided, topic=topics.APPLICATIONS, source=self._source),
                *self._deliveries.records(item),
            ]
        )
        log.info("information_provided", application_id=answer.application_id, paused_working_days=paused)

    async def on_withdrawal(self, request: WithdrawalRequested, _: Delivery) -> None:
        # NOTE: the payment's row is locked before the application's, as the payment desk does.
        payment = await self._payments.get(request.application_id, lock=True)
        advanced = await self._states.advance(
            request.application_id,
            request.administration_id,
            frozenset(state.value for state in WITHDRAWABLE_STATES),
            ApplicationState.WITHDRAWN.value,
            request.requested_at,
        )
        if advanced is None:
            current = await self._owned(request.application_id, request.administration_id)
            if ApplicationState(current.state) in WITHDRAWABLE_STATES:
                raise RetryLater(f"application {request.application_id} changed while the withdrawal was applied")
            log.info("withdrawal_set_aside", application_id=request.application_id, state=current.state)
            return
        now = advanced.now
        withdrawn = ApplicationWithdrawn(
            **now.ids(), sequence=now.sequence, occurred_at=request.requested_at.astimezone(dt.UTC)
        )
        records = [to_record(withdrawn, topic=topics.APPLICATIONS, source=self._source)]
        kept = await self._work_items.get(request.application_id)
        if kept is not None and kept.delivered:
            told = WorkWithdrawn(
                application_id=now.id,
                reference=now.reference,
                administration_id=now.administration_id,
                service=now.service,
                withdrawn_at=request.requested_at,
                processing=kept.item.processing,
            )
            records.append(to_record(told, topic=topics.admin_inbox(now.administration_id), source=self._source))
        await self._work_items.forget(request.application_id)
        if payment is not None:
            await self._stop(payment)
        await self._states.queue(records)
        log.info("application_withdrawn", application_id=request.application_id, previous=advanced.previous)

    async def _stop(self, payment: Payment) -> None:
        """A fee not yet paid is not wanted any more: pay.egov is told (the payment desk does it)."""
        now = dt.datetime.now(dt.UTC)
        if payment.status == "requesting":
            await self._payments.settle(payment.application_id, "dropped", now)
        elif payment.status == "pending":
            await self._payments.settle(payment.application_id, "suspending", now)
            await self._payments.lease(payment.application_id, now)

    async def _owned(self, application_id: str, administration_id: str) -> StoredState:
        current = await self._states.get(application_id)
        if current is None:
            raise PermanentFailure(f"unknown application {application_id}")
        if current.administration_id != administration_id:
            raise PermanentFailure(f"application {application_id} is not of administration {administration_id}")
        return current
