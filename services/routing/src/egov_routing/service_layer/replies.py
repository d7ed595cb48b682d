"""Applying an administration's decisions: only to its own applications, only legal transitions."""

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
from egov_schemas.lifecycle import ApplicationState
from egov_schemas.personal_data import personal_data_in
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure, RetryLater
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationStates
    from egov_schemas.work import HandlerReply
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)


class ReplyHandler:
    def __init__(self, states: ApplicationStates, source: str):
        self._states = states
        self._source = source

    async def on_reply(self, reply: HandlerReply, delivery: Delivery) -> None:
        sender = topics.administration_of(delivery.topic)
        if sender is None or reply.administration_id != sender:
            raise PermanentFailure(f"reply names administration {reply.administration_id} but came on {delivery.topic}")
        if findings := personal_data_in(reply.published_text()):
            raise PermanentFailure(f"{reply.ce_type} would publish personal data: {'; '.join(findings)}")
        allowed = {state.value for state in ALLOWED_FROM.get(type(reply), frozenset())}
        target = RESULTING_STATE[type(reply)].value
        at = reply.decided_at.astimezone(dt.UTC)
        advanced = await self._states.advance(reply.application_id, sender, frozenset(allowed), target, at)
        if advanced is None:
            raise await self._refusal(reply, sender)
        common = {
            "application_id": reply.application_id,
            "administration_id": sender,
            "service": advanced.service,
            "service_version": advanced.service_version,
            "sequence": advanced.sequence,
        }
        event = next_event(ApplicationState(advanced.previous), reply, common)
        await self._states.queue([to_record(event, topic=topics.APPLICATIONS, source=self._source)])
        log.info("application_transition", application_id=reply.application_id, state=event.state.value)

    async def _refusal(self, reply: HandlerReply, sender: str) -> Exception:
        """Why a decision could not be applied: for good, or (it changed meanwhile) for now."""
        current = await self._states.get(reply.application_id)
        if current is None:
            return PermanentFailure(f"unknown application {reply.application_id}")
        if current.administration_id != sender:
            return PermanentFailure(f"administration {sender} does not own application {reply.application_id}")
        try:
            check_allowed(ApplicationState(current.state), reply)
        except IllegalTransition as exc:
            return PermanentFailure(str(exc))
        return RetryLater(f"application {reply.application_id} changed while the decision was applied")
