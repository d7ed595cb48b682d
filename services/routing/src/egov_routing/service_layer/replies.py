"""Applying an administration's decisions: only to its own applications, only legal transitions.

A decision on a shadow copy (shadow mode, `service_layer/shadow.py`) is recorded, not applied.

A decision that arrives after the citizen withdrew is not an error of the administration's (the
two crossed): it is set aside with a log line, not dead-lettered.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_routing.domain.lifecycle import (
    ALLOWED_FROM,
    RESULTING_STATE,
    IllegalTransition,
    check_allowed,
    next_event,
)
from egov_schemas import topics
from egov_schemas.lifecycle import FINAL_STATES, ApplicationState
from egov_schemas.personal_data import personal_data_in
from egov_schemas.work import (
    AcceptReply,
    AcknowledgeWithdrawalReply,
    CompleteReply,
    InformationExchange,
    RefuseReply,
    RequestInfoReply,
)
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure, RetryLater
from egov_sdk.logging import get_logger
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationStates
    from egov_routing.adapters.work_items import WorkItems
    from egov_routing.service_layer.shadow import ShadowDesk
    from egov_schemas.lifecycle import StateTransition
    from egov_schemas.work import HandlerReply
    from egov_sdk.clock import Clock
    from egov_sdk.consumer import Delivery
    from egov_sdk.metrics import StageTimes

log = get_logger(__name__)


class ReplyHandler:
    def __init__(
        self,
        states: ApplicationStates,
        work_items: WorkItems,
        shadow: ShadowDesk,
        clock: Clock,
        source: str,
        *,
        stages: StageTimes,
    ):
        self._states = states
        self._shadow = shadow
        self._stages = stages
        self._work_items = work_items
        self._clock = clock
        self._source = source

    async def on_reply(self, reply: HandlerReply, delivery: Delivery) -> None:
        sender = topics.administration_of(delivery.topic)
        if sender is None or reply.administration_id != sender:
            raise PermanentFailure(f"reply names administration {reply.administration_id} but came on {delivery.topic}")
        if findings := personal_data_in(reply.published_text()):
            raise PermanentFailure(f"{reply.ce_type} would publish personal data: {'; '.join(findings)}")
        if unfit := [error["field"] for error in unstorable(reply.model_dump(mode="json"))]:
            raise PermanentFailure(f"{reply.ce_type} holds text that cannot be stored (a NUL?) in {', '.join(unfit)}")
        if reply.shadow:
            await self._shadow.record(reply, sender)
            return
        at = reply.decided_at.astimezone(dt.UTC)
        if isinstance(reply, AcknowledgeWithdrawalReply):
            if not await self._states.acknowledge_withdrawal(reply.application_id, sender, at):
                raise await self._refusal(reply, sender)
            log.info("withdrawal_acknowledged", application_id=reply.application_id)
            return
        allowed = {state.value for state in ALLOWED_FROM.get(type(reply), frozenset())}
        target = RESULTING_STATE[type(reply)].value
        advanced = await self._states.advance(reply.application_id, sender, frozenset(allowed), target, at)
        if advanced is None:
            current = await self._states.get(reply.application_id)
            if current is not None and current.administration_id == sender and current.state == "withdrawn":
                log.info("decision_after_withdrawal_set_aside", application_id=reply.application_id)
                return
            raise await self._refusal(reply, sender)
        if advanced.previous == ApplicationState.ROUTED:
            self._stages.observe("routed_to_decision", (at - advanced.previous_at).total_seconds())
        common = {**advanced.now.ids(), "sequence": advanced.now.sequence}
        event = next_event(ApplicationState(advanced.previous), reply, common)
        await self._follow_up(reply, event)
        await self._states.queue([to_record(event, topic=topics.APPLICATIONS, source=self._source)])
        log.info("application_transition", application_id=reply.application_id, state=event.state.value)

    async def _follow_up(self, reply: HandlerReply, event: StateTransition) -> None:
        """What else a decision changes: the registration number, a paused term, the work item."""
        application_id = reply.application_id
        match reply:
            case AcceptReply(registration_number=number):
                await self._states.record_registration(application_id, number)
            case RequestInfoReply(message=message, needed=needed):
                await self._states.pause(application_id, self._clock.today())
                kept = await self._work_items.get(application_id)
                if kept is not None:
                    asked = InformationExchange(
                        request_sequence=event.sequence, requested_at=event.occurred_at, message=message, needed=needed
                    )
                    item = kept.item.model_copy(update={"information": [*kept.item.information, asked]})
                    await self._work_items.keep(item, delivered=kept.delivered)
            case CompleteReply() | RefuseReply():
                if event.state in FINAL_STATES:
                    await self._work_items.forget(application_id)

    async def _refusal(self, reply: HandlerReply, sender: str) -> Exception:
        """Why a decision could not be applied: for good, or (it changed meanwhile) for now."""
        current = await self._states.get(reply.application_id)
        if current is None:
            return PermanentFailure(f"unknown application {reply.application_id}")
        if current.administration_id != sender:
            return PermanentFailure(f"administration {sender} does not own application {reply.application_id}")
        if isinstance(reply, AcknowledgeWithdrawalReply):
            return PermanentFailure(f"application {reply.application_id} is {current.state}, not withdrawn")
        try:
            check_allowed(ApplicationState(current.state), reply)
        except IllegalTransition as exc:
            return PermanentFailure(str(exc))
        return RetryLater(f"application {reply.application_id} changed while the decision was applied")
