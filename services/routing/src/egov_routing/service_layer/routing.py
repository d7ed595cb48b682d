"""Routing a submission: deliver it to the administration that offers the service, or reject it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from egov_routing.domain.calendar import due_date
from egov_schemas import topics
from egov_schemas.lifecycle import ApplicationRejected, ApplicationRouted, ApplicationState
from egov_schemas.work import ApplicationReceived, WorkItem
from egov_sdk.cloudevents import KafkaRecord, to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.repository import ApplicationStates
    from egov_sdk.catalog_view import CatalogView
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)
ROUTED_SEQUENCE = 2  # NOTE: submitted (1) is intake's; routing's first transition is the second.


class Router:
    def __init__(self, states: ApplicationStates, catalog: CatalogView, source: str):
        self._states = states
        self._catalog = catalog
        self._source = source

    async def on_submission(self, received: ApplicationReceived, _: Delivery) -> None:
        await self._catalog.wait_ready()
        ids = received.model_dump(include={"application_id", "administration_id", "service", "service_version"})
        transition: dict[str, Any] = {**ids, "sequence": ROUTED_SEQUENCE, "occurred_at": dt.datetime.now(dt.UTC)}
        state: dict[str, Any] = {
            "_id": ids.pop("application_id"),
            **ids,
            "submitted_at": received.submitted_at,
            "sequence": ROUTED_SEQUENCE,
        }
        package = self._catalog.package(received.administration_id)
        entry = package.entry_for(received.service) if package else None
        records: list[KafkaRecord]
        if package is None or entry is None:
            rejected = ApplicationRejected(**transition, **_rejection(received, has_package=package is not None))
            state["state"] = ApplicationState.REJECTED.value
            records = [self._record(rejected, topics.APPLICATIONS)]
        else:
            due = due_date(received.submitted_at.date(), entry.deadline.days, working_days=entry.deadline.working_days)
            work = WorkItem(**dict(received), due_date=due)
            state.update(state=ApplicationState.ROUTED.value, due_date=due.isoformat())
            records = [
                self._record(ApplicationRouted(**transition, due_date=due), topics.APPLICATIONS),
                self._record(work, topics.admin_inbox(received.administration_id)),
            ]
        if await self._states.create(state, records):
            log.info("application_routed", application_id=received.application_id, state=state["state"])

    def _record(self, event: Any, topic: str) -> KafkaRecord:
        return to_record(event, topic=topic, source=self._source)


def _rejection(received: ApplicationReceived, *, has_package: bool) -> dict[str, str]:
    if not has_package:
        return {
            "reason_code": "administration_unknown",
            "reason": f"Administration {received.administration_id} offers no services on the platform.",
        }
    return {
        "reason_code": "service_not_offered",
        "reason": f"Service {received.service} is not in the package of administration {received.administration_id}.",
    }
