"""Applying an administration's decisions: only to its own applications, only legal transitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from egov_routing.domain.lifecycle import IllegalTransition, next_event
from egov_schemas import topics
from egov_schemas.lifecycle import ApplicationState
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure
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
        current = await self._states.lock(reply.application_id)
        if current is None:
            raise PermanentFailure(f"unknown application {reply.application_id}")
        if current.administration_id != sender:
            raise PermanentFailure(f"administration {sender} does not own application {reply.application_id}")
        common = {
            "application_id": reply.application_id,
            "administration_id": sender,
            "service": current.service,
            "service_version": current.service_version,
            "sequence": current.sequence + 1,
        }
        try:
            event = next_event(ApplicationState(current.state), reply, common)
        except IllegalTransition as exc:
            raise PermanentFailure(str(exc)) from exc
        await self._states.advance(current, event, [to_record(event, topic=topics.APPLICATIONS, source=self._source)])
        log.info("application_transition", application_id=reply.application_id, state=event.state.value)
