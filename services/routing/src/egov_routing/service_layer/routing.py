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


class Router:
    def __init__(self, states: ApplicationStates, catalog: CatalogView, source: str):
        self._states = states
        self._catalog = catalog
        self._source = source

    async def on_submission(self, received: ApplicationReceived, _: Delivery) -> None:
        await self._catalog.wait_ready()
        common: dict[str, Any] = {
            "application_id": received.application_id,
            "administration_id": received.administration_id,
            "service": received.service,
            "service_version": received.service_version,
            "sequence": 2,
            "occurred_at": dt.datetime.now(dt.UTC),
        }
        state: dict[str, Any] = {
            "_id": received.application_id,
            "administration_id": received.administration_id,
            "service": received.service,
            "service_version": received.service_version,
            "submitted_at": received.submitted_at,
            "sequence": 2,
        }
        package = self._catalog.package(received.administration_id)
        entry = package.entry_for(received.service) if package else None
        records: list[KafkaRecord]
        if package is None or entry is None:
            rejected = ApplicationRejected(**common, **_rejection(received, has_package=package is not None))
            state["state"] = ApplicationState.REJECTED.value
            records = [self._record(rejected, topics.APPLICATIONS)]
        else:
            due = due_date(received.submitted_at.date(), entry.deadline.days, working_days=entry.deadline.working_days)
            routed = ApplicationRouted(**common, due_date=due)
            work = WorkItem(
                **{key: common[key] for key in ("application_id", "administration_id", "service", "service_version")},
                submitted_at=received.submitted_at,
                due_date=due,
                applicant=received.applicant,
                form=received.form,
            )
            state.update(state=ApplicationState.ROUTED.value, due_date=due.isoformat())
            records = [
                self._record(routed, topics.APPLICATIONS),
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
