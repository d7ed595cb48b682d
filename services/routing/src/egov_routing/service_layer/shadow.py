"""Shadow mode, before an administration's handler takes a service over from its staff.

From the package's `shadow_from` day, each work item of the service delivered to the staff is
delivered to the handler as well, as a shadow copy. The handler's decisions on the copies are
recorded here, never applied, and the report compares them with what staff decided. Cut-over is
the package's change to `processing: automatic`: from then on there is no copy, only the item.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from egov_routing.domain.shadow import compare, summary
from egov_schemas import topics
from egov_schemas.work import AcceptReply, CompleteReply, RefuseReply, RequestInfoReply
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationStates
    from egov_routing.adapters.shadow_decisions import ShadowDecisions
    from egov_routing.service_layer.routing import Catalog
    from egov_schemas.work import HandlerReply, WorkItem
    from egov_sdk.clock import Clock
    from egov_sdk.cloudevents import KafkaRecord

log = get_logger(__name__)
_DECISIONS: dict[type[HandlerReply], str] = {  # NOTE: the names of domain.shadow.DECISION_KINDS
    AcceptReply: "accept",
    RequestInfoReply: "request_info",
    CompleteReply: "complete",
    RefuseReply: "refuse",
}


class Deliveries:
    """The inbox records that deliver a work item: the item, and its shadow copy while the
    administration's package shadows the service."""

    def __init__(self, catalog: Catalog, clock: Clock, source: str):
        self._catalog = catalog
        self._clock = clock
        self._source = source

    def records(self, item: WorkItem) -> list[KafkaRecord]:
        topic = topics.admin_inbox(item.administration_id)
        delivered = [item, item.shadow_copy()] if self.shadowed(item) else [item]
        return [to_record(each, topic=topic, source=self._source) for each in delivered]

    def shadowed(self, item: WorkItem) -> bool:
        offer = self._catalog.offer(item.administration_id, item.service, item.service_version)
        return (
            item.processing == "staff"
            and offer is not None
            and offer.shadow_from is not None
            and self._clock.today() >= offer.shadow_from
        )


class ShadowDesk:
    def __init__(self, states: ApplicationStates, decisions: ShadowDecisions, catalog: Catalog):
        self._states = states
        self._decisions = decisions
        self._catalog = catalog

    async def record(self, reply: HandlerReply, sender: str) -> None:
        """Keep a decision on a shadow copy; one on another administration's application, or of a
        kind that decides nothing (a withdrawal's acknowledgement), is refused."""
        decision = _DECISIONS.get(type(reply))
        if decision is None:
            raise PermanentFailure(f"{reply.ce_type} is not a decision a shadow work item can have")
        current = await self._states.get(reply.application_id)
        if current is None:
            raise PermanentFailure(f"unknown application {reply.application_id}")
        if current.administration_id != sender:
            raise PermanentFailure(f"administration {sender} does not own application {reply.application_id}")
        await self._decisions.record(reply, current.service, decision)
        log.info("shadow_decision_recorded", application_id=reply.application_id, decision=decision)

    async def report(self, administration_id: str, service: int, since: dt.date | None, limit: int) -> dict[str, Any]:
        shadowed, total = await self._decisions.of_service(administration_id, service, since, limit)
        comparisons = [compare(a.application_id, a.reference, a.decisions, a.state) for a in shadowed]
        package = self._catalog.package(administration_id)
        entry = package.entry_for(service) if package else None
        return {
            "administration_id": administration_id,
            "service": service,
            # NOTE: the package as routing applies it now (a change reaches it moments after it is saved).
            "package": {
                "version": package.version if package else None,
                "processing": entry.processing if entry else None,
                "shadow_from": entry.shadow_from if entry else None,
            },
            "since": since,
            "applications": total,
            "shown": len(comparisons),
            "verdicts": summary(comparisons),
            "comparisons": [vars(comparison) for comparison in comparisons],
        }
