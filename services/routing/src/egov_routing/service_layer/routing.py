"""Routing a submission: deliver it to the administration that offers the service, or reject it.

When the package asks for the fee first, the work item is kept and a payment opened instead;
the payment desk delivers it once pay.egov says the fee is paid (`service_layer/payments.py`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from egov_routing.adapters.payments import Payment
from egov_routing.adapters.repository import ApplicationState as StoredState
from egov_routing.domain.calendar import filing_date
from egov_schemas import topics
from egov_schemas.lifecycle import ApplicationRejected, ApplicationRouted, ApplicationState, ApplicationSubmitted
from egov_schemas.work import ApplicationReceived, WorkItem
from egov_sdk.cloudevents import KafkaRecord, to_record
from egov_sdk.consumer import RetryLater
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.payments import Payments
    from egov_routing.adapters.work_items import WorkItems
    from egov_routing.service_layer.calendar import CalendarSource
    from egov_routing.service_layer.shadow import Deliveries
    from egov_schemas.catalog import Offer, PackagePublished, TierTerms
    from egov_sdk.consumer import Delivery
    from egov_sdk.metrics import StageTimes

log = get_logger(__name__)
SUBMITTED_SEQUENCE, ROUTED_SEQUENCE = 1, 2
CATALOG_SYNC_TIMEOUT_S = 10.0


class Catalog(Protocol):
    """What routing needs of the catalog (an `egov_sdk.catalog_view.CatalogView` in production)."""

    async def wait_ready(self) -> None: ...
    async def sync(self, within_s: float) -> bool: ...
    def offer(self, administration_id: str, iisda_number: int, version: int) -> Offer | None: ...
    def package(self, administration_id: str) -> PackagePublished | None: ...


class States(Protocol):
    async def create(self, state: StoredState, records: list[KafkaRecord]) -> None: ...


class Router:
    def __init__(
        self,
        states: States,
        work_items: WorkItems,
        payments: Payments,
        catalog: Catalog,
        deliveries: Deliveries,
        *,
        stages: StageTimes,
        calendar: CalendarSource,
        source: str,
        payment_validity: dt.timedelta,
    ):
        self._states = states
        self._stages = stages
        self._work_items = work_items
        self._payments = payments
        self._catalog = catalog
        self._deliveries = deliveries
        self._calendar = calendar
        self._source = source
        self._payment_validity = payment_validity

    async def on_submission(self, received: ApplicationReceived, _: Delivery) -> None:
        """Record the application's first two lifecycle events: `submitted` (routing is the only
        writer of the lifecycle log) and `routed` with its work item, or `rejected`."""
        await self._catalog.wait_ready()
        ids = received.model_dump(
            include={"application_id", "reference", "administration_id", "service", "service_version"}
        )
        now = dt.datetime.now(dt.UTC)
        transition: dict[str, Any] = {**ids, "sequence": ROUTED_SEQUENCE, "occurred_at": now}
        submitted = ApplicationSubmitted(**ids, sequence=SUBMITTED_SEQUENCE, occurred_at=received.submitted_at)
        offer = await self._offer(received)
        terms = offer.tiers.get(received.tier) if offer else None
        records = [self._record(submitted, topics.APPLICATIONS)]
        due: dt.date | None = None
        work: WorkItem | None = None
        if offer is None or terms is None:
            rejection = _rejection(received, has_package=self._catalog.package(received.administration_id) is not None)
            state = ApplicationState.REJECTED
            records.append(self._record(ApplicationRejected(**transition, **rejection), topics.APPLICATIONS))
        else:
            fee_first = offer.payment_required and _amount(terms) > 0
            if not fee_first:
                deadline = terms.deadline
                filed = filing_date(received.submitted_at)
                due = self._calendar.current.due_date(filed, deadline.days, working_days=deadline.working_days)
            work = WorkItem(
                **dict(received),
                due_date=due,
                handler_group=offer.handler_group,
                processing=offer.processing,
                fee_bgn=terms.fee_bgn,
                payment_required=offer.payment_required,
            )
            state = ApplicationState.ROUTED
            records.append(self._record(ApplicationRouted(**transition, due_date=due), topics.APPLICATIONS))
            if not fee_first:
                records += self._deliveries.records(work)
        stored = StoredState(
            id=received.application_id,
            administration_id=received.administration_id,
            service=received.service,
            service_version=received.service_version,
            submitted_at=received.submitted_at,
            state=state.value,
            sequence=ROUTED_SEQUENCE,
            due_date=due,
            updated_at=now,
            reference=received.reference,
        )
        await self._states.create(stored, records)
        if state is ApplicationState.ROUTED:
            self._stages.observe("submitted_to_routed", (now - received.submitted_at).total_seconds())
        if work is not None and terms is not None:
            await self._work_items.keep(work, delivered=due is not None)
            if due is None:
                await self._payments.open(self._payment(work, terms, now))
        log.info("application_routed", application_id=received.application_id, state=state.value)

    def _payment(self, work: WorkItem, terms: TierTerms, now: dt.datetime) -> Payment:
        return Payment(
            application_id=work.application_id,
            status="requesting",
            request_id=None,
            access_code=None,
            amount=_amount(terms),
            expires_at=now + self._payment_validity,
            term_days=terms.deadline.days,
            term_working_days=terms.deadline.working_days,
            attempts=0,
            next_attempt_at=now,
            last_error=None,
            updated_at=now,
        )

    async def _offer(self, received: ApplicationReceived) -> Offer | None:
        """The terms of the service the submission names; None only once the view has caught up.

        NOTE: intake validated the submission against its own view of the catalog, which may be
        ahead of this one (a service version or package published moments ago). The view is
        synced to what the topic holds now before the application is rejected for good.
        """
        offer = self._catalog.offer(received.administration_id, received.service, received.service_version)
        if offer is not None and received.tier in offer.tiers:
            return offer
        if not await self._catalog.sync(within_s=CATALOG_SYNC_TIMEOUT_S):
            raise RetryLater(f"the catalog view could not catch up to route {received.application_id}")
        return self._catalog.offer(received.administration_id, received.service, received.service_version)

    def _record(self, event: Any, topic: str) -> KafkaRecord:
        return to_record(event, topic=topic, source=self._source)


def _amount(terms: TierTerms) -> Decimal:
    """The fee as pay.egov takes it: in whole stotinki (a fee below one pays nothing first)."""
    return Decimal(str(terms.fee_bgn)).quantize(Decimal("0.01"))


def _rejection(received: ApplicationReceived, *, has_package: bool) -> dict[str, str]:
    administration, service = received.administration_id, received.service
    if not has_package:
        return {
            "reason_code": "administration_unknown",
            "reason": f"Administration {administration} offers no services on the platform.",
        }
    return {
        "reason_code": "service_not_offered",
        "reason": f"Service {service} ({received.tier} tier) is not in the package of administration {administration}.",
    }
