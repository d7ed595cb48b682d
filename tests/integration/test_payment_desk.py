"""Routing's payment desk on a real PostgreSQL against the pay.egov simulator (in process): a
withdrawal that comes while pay.egov registers the fee stops the request there, and a fee paid
after a withdrawal is kept for a refund, not applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

import httpx

from egov_pay_egov_sim.settings import SimulatorSettings
from egov_pay_egov_sim.testing import started
from egov_routing.adapters.decree_days import DecreeDays
from egov_routing.adapters.pay_egov import PayEgovClient, PaymentStatus, StatusChange
from egov_routing.adapters.payments import Payment, Payments
from egov_routing.adapters.repository import ApplicationState, ApplicationStates
from egov_routing.adapters.work_items import WorkItems
from egov_routing.bootstrap import MIGRATIONS
from egov_routing.service_layer.calendar import CalendarSource
from egov_routing.service_layer.citizen import CitizenRequests
from egov_routing.service_layer.payments import PaymentDesk
from egov_routing.service_layer.shadow import Deliveries
from egov_schemas.reference import new_reference
from egov_schemas.work import Applicant, WithdrawalRequested, WorkItem
from egov_sdk.clock import Clock
from egov_sdk.consumer import Delivery
from egov_sdk.migrate import upgrade_async
from egov_sdk.outbox import Outbox

if TYPE_CHECKING:
    from egov_routing.adapters.pay_egov import PaymentOrder, RegisteredPayment

SECRET = "integration-secret"
NOW = dt.datetime.now(dt.UTC)


class Catalog:
    def administration(self, administration_id: str) -> None:
        return None

    def offer(self, administration_id: str, iisda_number: int, version: int) -> None:
        return None  # NOTE: no package shadows a service here


async def open_application(store, application_id: str) -> None:
    reference = new_reference()
    states, work_items, payments = ApplicationStates(store, Outbox(store)), WorkItems(store), Payments(store)
    async with store.transaction():
        await states.create(
            ApplicationState(application_id, "sofia", 1997, 1, NOW, "routed", 2, None, NOW, reference), []
        )
        item = WorkItem(
            application_id=application_id,
            reference=reference,
            administration_id="sofia",
            service=1997,
            service_version=1,
            submitted_at=NOW,
            applicant=Applicant(identifier="7501010010", name="Иван Петров"),
            form={"purpose": "служебна"},
            fee_bgn=5.0,
            payment_required=True,
        )
        await work_items.keep(item, delivered=False)
        await payments.open(
            Payment(
                application_id,
                "requesting",
                None,
                None,
                Decimal("5.00"),
                NOW + dt.timedelta(days=7),
                1,
                True,
                0,
                NOW,
                None,
                NOW,
            )
        )


def withdrawal(application_id: str) -> WithdrawalRequested:
    return WithdrawalRequested(application_id=application_id, administration_id="sofia", requested_at=NOW)


async def test_a_withdrawal_while_pay_egov_registers_the_fee_stops_the_request_there(settings, store):
    await upgrade_async(settings.database_url, MIGRATIONS)
    simulator_settings = SimulatorSettings(clients={"egov-platform": SECRET})
    async with started(simulator_settings) as simulator:
        transport = httpx.ASGITransport(app=simulator)
        client = PayEgovClient("http://pay-egov.test", "egov-platform", SECRET, transport=transport)
        states, work_items, payments = ApplicationStates(store, Outbox(store)), WorkItems(store), Payments(store)
        calendar = CalendarSource(DecreeDays(store))
        deliveries = Deliveries(Catalog(), Clock(), "/it")  # type: ignore[arg-type]
        citizen = CitizenRequests(
            states, work_items, payments, deliveries, calendar=calendar, clock=Clock(), source="/it"
        )

        class WithdrawnMeanwhile(PayEgovClient):
            """pay.egov registers the request; the citizen withdraws before routing records it."""

            async def register(self, order: PaymentOrder) -> RegisteredPayment:
                registered = await client.register(order)
                async with store.transaction():
                    await citizen.on_withdrawal(withdrawal(order.payment_id), Delivery("egov.intake.submissions", None))
                return registered

        pay_egov = WithdrawnMeanwhile("http://pay-egov.test", "egov-platform", SECRET, transport=transport)
        desk = PaymentDesk(
            store,
            states,
            work_items,
            payments,
            deliveries,
            pay_egov=pay_egov,
            catalog=Catalog(),
            calendar=calendar,
            source="/it",
            callback_url="http://routing.test/payments/pay-egov",
            client_ids={},
            poll_after=dt.timedelta(hours=1),
        )
        await open_application(store, "crossed")
        await desk.work()
        payment = await payments.get("crossed")
        assert payment is not None
        request_id = payment.request_id
        assert request_id is not None
        assert payment.status == "suspended"
        application = await states.get("crossed")
        assert application is not None
        assert application.state == "withdrawn"
        [change] = await client.statuses([request_id])
        assert change.status == PaymentStatus.SUSPENDED

        # pay.egov says the fee was paid all the same (a race at its end): kept for a refund.
        await desk.on_status(StatusChange(request_id, PaymentStatus.PAID, dt.datetime.now(dt.UTC)))
        paid = await payments.get("crossed")
        assert paid is not None
        assert paid.status == "paid_after_withdrawal"
        application = await states.get("crossed")
        assert application is not None
        assert application.state == "withdrawn"
        rows = await store.fetch("SELECT headers->>'ce_type' AS ce_type FROM outbox WHERE key = 'crossed' ORDER BY id")
        assert [row["ce_type"] for row in rows] == ["bg.egov.application.withdrawn.v2"]
        await client.aclose()
