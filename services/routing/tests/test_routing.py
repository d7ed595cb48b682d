"""Routing a submission, with a fake catalog view and store: routed when offered, rejected only
once the view has caught up, retried when it cannot catch up."""

import datetime as dt

import pytest

from egov_catalog.domain.seed.administrations import PILOTS
from egov_catalog.domain.seed.packages import pilot_packages
from egov_catalog.domain.seed.services import seeded_services
from egov_routing.adapters.payments import Payment
from egov_routing.adapters.repository import ApplicationState
from egov_routing.domain.calendar import WorkingCalendar
from egov_routing.service_layer.routing import Router
from egov_routing.service_layer.shadow import Deliveries
from egov_schemas.catalog import Offer, PackagePublished, offer
from egov_schemas.work import Applicant, ApplicationReceived, WorkItem
from egov_sdk.cloudevents import KafkaRecord
from egov_sdk.consumer import Delivery, RetryLater

SOFIA = next(a for a in PILOTS if a.id == "sofia")
HEIRS = next(s for s in seeded_services() if s.iisda_number == 2016)
CURRENT_ADDRESS = next(s for s in seeded_services() if s.iisda_number == 1997)
PACKAGE = next(p for p in pilot_packages(PILOTS, seeded_services()) if p.administration_id == "sofia")
DELIVERY = Delivery(topic="egov.intake.submissions", key="a1")


class FakeCatalog:
    """A view that knows the offer only after `sync` (it lagged behind intake's), or never."""

    def __init__(self, *, after_sync: Offer | None, sync_succeeds: bool = True) -> None:
        self.known: Offer | None = None
        self.after_sync = after_sync
        self.sync_succeeds = sync_succeeds
        self.syncs = 0

    async def wait_ready(self) -> None:
        return None

    async def sync(self, within_s: float) -> bool:
        self.syncs += 1
        if self.sync_succeeds:
            self.known = self.after_sync
        return self.sync_succeeds

    def offer(self, administration_id: str, iisda_number: int, version: int) -> Offer | None:
        return self.known

    def package(self, administration_id: str) -> PackagePublished | None:
        return PACKAGE


class FakeStates:
    def __init__(self) -> None:
        self.created: list[tuple[ApplicationState, list[KafkaRecord]]] = []

    async def create(self, state: ApplicationState, records: list[KafkaRecord]) -> None:
        self.created.append((state, records))


class FakeWorkItems:
    def __init__(self) -> None:
        self.kept: list[tuple[WorkItem, bool]] = []

    async def keep(self, item: WorkItem, *, delivered: bool) -> None:
        self.kept.append((item, delivered))


class FakePayments:
    def __init__(self) -> None:
        self.opened: list[Payment] = []

    async def open(self, payment: Payment) -> None:
        self.opened.append(payment)


class FakeCalendar:
    current = WorkingCalendar()


class FakeStages:
    def __init__(self) -> None:
        self.observed: list[tuple[str, float]] = []

    def observe(self, stage: str, seconds: float) -> None:
        self.observed.append((stage, seconds))


class FixedClock:
    def __init__(self, today: dt.date = dt.date(2026, 11, 27)) -> None:
        self._today = today

    def today(self) -> dt.date:
        return self._today


def router(
    states: FakeStates, catalog: FakeCatalog, stages: FakeStages | None = None, clock: FixedClock | None = None
) -> tuple[Router, FakeWorkItems, FakePayments]:
    work_items, payments = FakeWorkItems(), FakePayments()
    routing = Router(
        states,
        work_items,  # type: ignore[arg-type]
        payments,  # type: ignore[arg-type]
        catalog,
        Deliveries(catalog, clock or FixedClock(), "/egov/routing"),  # type: ignore[arg-type]
        stages=stages or FakeStages(),
        calendar=FakeCalendar(),  # type: ignore[arg-type]
        source="/egov/routing",
        payment_validity=dt.timedelta(days=7),
    )
    return routing, work_items, payments


def submission(service: int = 2016) -> ApplicationReceived:
    return ApplicationReceived(
        application_id="a1",
        reference="7K3M-9QXP-4",
        administration_id="sofia",
        service=service,
        service_version=1,
        tier="ordinary",
        submitted_at=dt.datetime(2026, 11, 26, 9, tzinfo=dt.UTC),
        applicant=Applicant(identifier="7501010010", name="Иван Петров"),
        form={},
    )


def heirs_offer() -> Offer:
    entry = PACKAGE.entry_for(2016)
    assert entry is not None
    return offer(entry, HEIRS, 1, SOFIA.channels)


def current_address_offer() -> Offer:
    entry = PACKAGE.entry_for(1997)
    assert entry is not None
    return offer(entry, CURRENT_ADDRESS, 1, SOFIA.channels)


async def test_a_view_behind_intakes_is_synced_and_the_application_routed():
    catalog, states = FakeCatalog(after_sync=heirs_offer()), FakeStates()
    routing, work_items, payments = router(states, catalog)
    await routing.on_submission(submission(), DELIVERY)
    [(state, records)] = states.created
    assert (state.state, state.reference, catalog.syncs) == ("routed", "7K3M-9QXP-4", 1)
    assert [(r.topic, r.headers["ce_type"]) for r in records] == [
        ("egov.applications", "bg.egov.application.submitted.v2"),
        ("egov.applications", "bg.egov.application.routed.v2"),
        ("egov.inbox.sofia", "bg.egov.work.item.v2"),
    ]
    assert "7501010010" not in b"".join(r.value or b"" for r in records[:2]).decode()
    [(kept, delivered)] = work_items.kept
    assert (kept.version, kept.reference, delivered, payments.opened) == (1, "7K3M-9QXP-4", True, [])


async def test_a_fee_due_first_keeps_the_work_item_and_opens_a_payment_instead_of_delivering():
    catalog, states = FakeCatalog(after_sync=current_address_offer()), FakeStates()
    routing, work_items, payments = router(states, catalog)
    await routing.on_submission(submission(1997), DELIVERY)
    [(state, records)] = states.created
    assert (state.state, state.due_date) == ("routed", None)
    assert [(r.topic, r.headers["ce_type"]) for r in records] == [
        ("egov.applications", "bg.egov.application.submitted.v2"),
        ("egov.applications", "bg.egov.application.routed.v2"),
    ]
    [(kept, delivered)] = work_items.kept
    assert (kept.payment_required, delivered) == (True, False)
    [payment] = payments.opened
    assert (payment.status, str(payment.amount), payment.term_days) == ("requesting", "5.00", 1)


async def test_the_due_date_counts_from_the_local_date_in_sofia():
    """Filed at 00:30 in Sofia on Friday 27 November 2026 (22:30 UTC on Thursday): the filing
    date is Friday, so a 1-working-day deadline falls on Monday, not on Friday."""
    catalog, states = FakeCatalog(after_sync=heirs_offer()), FakeStates()
    late = submission().model_copy(update={"submitted_at": dt.datetime(2026, 11, 26, 22, 30, tzinfo=dt.UTC)})
    await router(states, catalog)[0].on_submission(late, DELIVERY)
    [(state, _)] = states.created
    deadline = heirs_offer().tiers["ordinary"].deadline
    assert deadline.working_days
    calendar = WorkingCalendar()
    assert state.due_date == calendar.add_working_days(dt.date(2026, 11, 27), deadline.days)
    assert state.due_date != calendar.add_working_days(dt.date(2026, 11, 26), deadline.days)


async def test_rejected_only_when_the_caught_up_view_still_does_not_offer_it():
    catalog, states = FakeCatalog(after_sync=None), FakeStates()
    routing, work_items, _ = router(states, catalog)
    await routing.on_submission(submission(), DELIVERY)
    [(state, records)] = states.created
    assert (state.state, catalog.syncs) == ("rejected", 1)
    assert [r.headers["ce_type"] for r in records] == [
        "bg.egov.application.submitted.v2",
        "bg.egov.application.rejected.v2",
    ]
    assert work_items.kept == []


async def test_a_view_that_cannot_catch_up_retries_instead_of_rejecting():
    catalog, states = FakeCatalog(after_sync=heirs_offer(), sync_succeeds=False), FakeStates()
    with pytest.raises(RetryLater):
        await router(states, catalog)[0].on_submission(submission(), DELIVERY)
    assert states.created == []


async def test_the_time_from_submission_to_routing_is_observed_for_a_routed_application_only():
    stages = FakeStages()
    routing = router(FakeStates(), FakeCatalog(after_sync=heirs_offer()), stages)[0]
    await routing.on_submission(submission(), DELIVERY)
    [(stage, seconds)] = stages.observed
    submitted = submission().submitted_at
    assert stage == "submitted_to_routed"
    assert seconds == pytest.approx((dt.datetime.now(dt.UTC) - submitted).total_seconds(), abs=5)
    await router(FakeStates(), FakeCatalog(after_sync=None), stages)[0].on_submission(submission(), DELIVERY)
    assert len(stages.observed) == 1


def shadowed_offer(processing: str = "staff", shadow_from: dt.date | None = dt.date(2026, 11, 27)) -> Offer:
    return heirs_offer().model_copy(update={"processing": processing, "shadow_from": shadow_from})


def inbox_items(records: list[KafkaRecord]) -> list[WorkItem]:
    return [WorkItem.model_validate_json(r.value or b"") for r in records if r.topic == "egov.inbox.sofia"]


async def test_from_the_shadow_day_the_handler_gets_a_shadow_copy_of_staffs_work_item():
    states = FakeStates()
    await router(states, FakeCatalog(after_sync=shadowed_offer()))[0].on_submission(submission(), DELIVERY)
    [(_, records)] = states.created
    real, copy = inbox_items(records)
    assert (real.processing, real.shadow, copy.processing, copy.shadow) == ("staff", False, "automatic", True)
    assert copy.model_dump(exclude={"processing", "shadow"}) == real.model_dump(exclude={"processing", "shadow"})
    assert real.event_id != copy.event_id


@pytest.mark.parametrize(
    ("offered", "today"),
    [
        (shadowed_offer(), dt.date(2026, 11, 26)),
        (shadowed_offer(shadow_from=None), dt.date(2026, 11, 27)),
        (shadowed_offer("automatic", shadow_from=None), dt.date(2026, 11, 27)),
    ],
    ids=["before-the-shadow-day", "no-shadow", "after-cut-over"],
)
async def test_no_shadow_copy_before_the_day_without_a_shadow_or_after_cut_over(offered, today):
    states = FakeStates()
    routing = router(states, FakeCatalog(after_sync=offered), clock=FixedClock(today))[0]
    await routing.on_submission(submission(), DELIVERY)
    [(_, records)] = states.created
    [delivered] = inbox_items(records)
    assert (delivered.processing, delivered.shadow) == (offered.processing, False)
