"""The payment desk: asks pay.egov for each fee, and moves the application on its outcome.

- A payment `requesting` is registered with pay.egov (retried with backoff while it is down);
  the application then waits in `awaiting_payment` with the page where the citizen pays.
- pay.egov's status callbacks (and a poll of the oldest pending payments, for a callback that
  never came) bring the outcome: paid, and the term starts and the work item is delivered; or
  expired, cancelled or suspended, and the application ends `unpaid` with the reason.
- A status that changes nothing (a duplicate, a late one) is answered as received and ignored;
  a fee paid after the citizen withdrew is recorded for a refund.

NOTE: pay.egov is never called inside a transaction. A round claims its payments (a lease: the
next attempt moves a minute on, so other replicas leave them alone), calls pay.egov, then applies
the answer in a transaction that reads the payment again: a withdrawal may have come meanwhile.
Every transaction locks the payment's row before the application's, as the withdrawal does, so
the two never wait on each other crosswise. If routing dies between pay.egov's answer and that
transaction, the lease runs out and the payment is registered again under the same
`AisPaymentId`, which pay.egov takes as a replacement of the pending request, not a second one.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal, Protocol

from egov_routing.adapters.pay_egov import (
    PayEgovUnavailable,
    PaymentOrder,
    PaymentRefused,
    PaymentStatus,
)
from egov_routing.domain.calendar import filing_date
from egov_schemas import topics
from egov_schemas.lifecycle import ApplicationPaid, ApplicationState, ApplicationUnpaid, AwaitingPayment
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_routing.adapters.pay_egov import PayEgovClient, RegisteredPayment, StatusChange
    from egov_routing.adapters.payments import Payment, Payments
    from egov_routing.adapters.repository import ApplicationState as StoredState
    from egov_routing.adapters.repository import ApplicationStates
    from egov_routing.adapters.work_items import WorkItems
    from egov_routing.service_layer.calendar import CalendarSource
    from egov_routing.service_layer.shadow import Deliveries
    from egov_schemas.catalog import AdministrationUpserted
    from egov_schemas.work import WorkItem
    from egov_sdk.store import Store

log = get_logger(__name__)
BATCH = 20
PAID = frozenset({PaymentStatus.PAID, PaymentStatus.AUTHORIZED})
"""Card payments are final once authorised: the service need not wait for the transfer."""
ENDED = {
    PaymentStatus.EXPIRED: ("payment_expired", "Срокът за плащане изтече. / The time to pay has run out."),
    PaymentStatus.CANCELED: ("payment_canceled", "Плащането е отказано. / The payment was cancelled."),
    PaymentStatus.SUSPENDED: ("payment_suspended", "Плащането е прекратено. / The payment was stopped."),
}
IDENTIFIER_TYPES = {"egn": 1, "lnch": 2}
WITHDRAWN = frozenset({"dropped", "suspending", "suspended"})
LEASE = dt.timedelta(minutes=1)
"""How long a claimed payment is left to the replica that claimed it (pay.egov's calls time out sooner)."""
# NOTE: fixed text: what pay.egov said goes to the log and the payment's row, not the lifecycle log.
REFUSED_REASON = "pay.egov не прие искането за плащане. / pay.egov refused the payment request."


class Administrations(Protocol):
    """What the desk needs of the catalog: the administration's EIK."""

    def administration(self, administration_id: str) -> AdministrationUpserted | None: ...


class PaymentDesk:
    def __init__(
        self,
        store: Store,
        states: ApplicationStates,
        work_items: WorkItems,
        payments: Payments,
        deliveries: Deliveries,
        *,
        pay_egov: PayEgovClient,
        catalog: Administrations,
        calendar: CalendarSource,
        source: str,
        callback_url: str,
        client_ids: dict[str, str],
        poll_after: dt.timedelta,
    ):
        self._store = store
        self._states = states
        self._work_items = work_items
        self._payments = payments
        self._deliveries = deliveries
        self._pay_egov = pay_egov
        self._catalog = catalog
        self._calendar = calendar
        self._source = source
        self._callback_url = callback_url
        self._client_ids = client_ids
        self._poll_after = poll_after

    async def work(self) -> None:
        """One round: register what waits for pay.egov, tell it of withdrawals, poll late ones."""
        for step in (self._register_due, self._suspend_due, self._poll_pending):
            try:
                await step()
            except Exception:  # NOTE: one step failing must not keep the others from running
                log.exception("payment_desk_step_failed", step=step.__name__)

    async def on_status(self, change: StatusChange) -> None:
        """Apply a payment's new status at pay.egov, once."""
        async with self._store.transaction():
            payment = await self._payments.by_request(change.request_id)
            if payment is None:
                log.info("payment_status_ignored", request_id=change.request_id, status=change.status.value)
                return
            if payment.status in WITHDRAWN and change.status in PAID:
                await self._payments.settle(payment.application_id, "paid_after_withdrawal", change.changed_at)
                log.warning("payment_after_withdrawal_to_refund", application_id=payment.application_id)
                return
            if payment.status != "pending":
                log.info("payment_status_ignored", request_id=change.request_id, status=change.status.value)
                return
            if change.status in PAID:
                await self._paid(payment, change)
            elif change.status in ENDED:
                reason_code, reason = ENDED[change.status]
                await self._payments.settle(payment.application_id, "failed", change.changed_at, change.status.value)
                await self._end_unpaid(payment.application_id, "awaiting_payment", reason_code, reason)

    async def _claim(self, status: Literal["requesting", "suspending"]) -> list[Payment]:
        async with self._store.transaction():
            now = dt.datetime.now(dt.UTC)
            claimed = await self._payments.to_do(status, now, BATCH)
            for payment in claimed:
                await self._payments.lease(payment.application_id, now + LEASE)
        return claimed

    async def _register_due(self) -> None:
        while claimed := await self._claim("requesting"):
            for payment in claimed:
                try:
                    await self._register(payment)
                except Exception as exc:  # NOTE: one payment failing must not hold up the others
                    log.exception("payment_registration_failed", application_id=payment.application_id)
                    await self._retry_later(payment, f"{type(exc).__name__}: {exc}")
            if len(claimed) < BATCH:
                return

    async def _register(self, payment: Payment) -> None:
        kept = await self._work_items.get(payment.application_id)
        refused: str | None = None
        registered: RegisteredPayment | None = None
        if kept is not None:
            try:
                registered = await self._pay_egov.register(self._order(payment, kept.item))
            except PayEgovUnavailable as exc:
                log.warning(
                    "pay_egov_unavailable", application_id=payment.application_id, attempts=payment.attempts + 1
                )
                await self._retry_later(payment, str(exc))
                return
            except (PaymentRefused, ValueError) as exc:  # NOTE: ValueError: an order pay.egov could not take
                log.warning("payment_order_refused", application_id=payment.application_id, error=str(exc))
                refused = str(exc)
        async with self._store.transaction():
            now = dt.datetime.now(dt.UTC)
            current = await self._payments.get(payment.application_id, lock=True)
            if current is None or current.status not in {"requesting", "dropped"}:
                return
            if registered is None:
                await self._payments.settle(payment.application_id, "failed" if refused else "dropped", now, refused)
                if refused and current.status == "requesting":
                    await self._end_unpaid(payment.application_id, "routed", "payment_refused", REFUSED_REASON)
                return
            await self._payments.registered(
                payment.application_id, registered.request_id, registered.access_code, registered.registered_at
            )
            if current.status == "dropped":  # NOTE: withdrawn while pay.egov registered it: stop it there
                await self._payments.settle(payment.application_id, "suspending", now)
                await self._payments.lease(payment.application_id, now)
                return
            advanced = await self._advance(payment.application_id, "routed", ApplicationState.AWAITING_PAYMENT)
            if advanced is None:
                return
            event = AwaitingPayment(
                **advanced.ids(),
                sequence=advanced.sequence,
                occurred_at=now,
                payment_request_id=registered.request_id,
                amount=float(payment.amount),
                expires_at=payment.expires_at,
                payment_url=self._pay_egov.payment_page(registered.access_code),
            )
            await self._states.queue([to_record(event, topic=topics.APPLICATIONS, source=self._source)])
        log.info("payment_requested", application_id=payment.application_id, request_id=registered.request_id)

    async def _suspend_due(self) -> None:
        while claimed := await self._claim("suspending"):
            for payment in claimed:
                assert payment.request_id is not None  # NOTE: only registered payments are suspended
                try:
                    await self._pay_egov.suspend(payment.request_id)
                    error = None
                except PayEgovUnavailable as exc:
                    await self._retry_later(payment, str(exc))
                    continue
                except PaymentRefused as exc:  # NOTE: paid or expired meanwhile: nothing left to stop
                    error = str(exc)
                async with self._store.transaction():
                    current = await self._payments.get(payment.application_id, lock=True)
                    if current is not None and current.status == "suspending":
                        await self._payments.settle(payment.application_id, "suspended", dt.datetime.now(dt.UTC), error)
            if len(claimed) < BATCH:
                return

    async def _retry_later(self, payment: Payment, error: str) -> None:
        async with self._store.transaction():
            await self._payments.retry_later(
                payment.application_id, payment.attempts + 1, dt.datetime.now(dt.UTC), error
            )

    async def _poll_pending(self) -> None:
        """Ask for the status of payments no callback has settled for a while."""
        now = dt.datetime.now(dt.UTC)
        late = await self._payments.pending_since(now - self._poll_after, BATCH)
        if not late:
            return
        try:
            changes = await self._pay_egov.statuses([p.request_id for p in late if p.request_id is not None])
        except (PayEgovUnavailable, PaymentRefused) as exc:
            log.warning("pay_egov_status_poll_failed", error=str(exc))
            return
        for payment in late:
            await self._payments.touched(payment.application_id, now)
        for change in changes:
            await self.on_status(change)

    async def _paid(self, payment: Payment, change: StatusChange) -> None:
        await self._payments.settle(payment.application_id, "paid", change.changed_at)
        kept = await self._work_items.get(payment.application_id)
        if kept is None:  # NOTE: the work item is kept until the application ends: it has ended
            return
        advanced = await self._advance(payment.application_id, "awaiting_payment", ApplicationState.PAID)
        if advanced is None:
            return
        calendar = self._calendar.current
        due = calendar.due_date(
            filing_date(change.changed_at), payment.term_days, working_days=payment.term_working_days
        )
        await self._states.start_term(payment.application_id, due)
        item = kept.item.model_copy(update={"due_date": due})
        await self._work_items.keep(item, delivered=True)
        event = ApplicationPaid(
            **advanced.ids(),
            sequence=advanced.sequence,
            occurred_at=change.changed_at.astimezone(dt.UTC),
            payment_request_id=change.request_id,
            due_date=due,
        )
        await self._states.queue(
            [
                to_record(event, topic=topics.APPLICATIONS, source=self._source),
                *self._deliveries.records(item),
            ]
        )
        log.info("payment_received", application_id=payment.application_id)

    async def _end_unpaid(self, application_id: str, from_state: str, reason_code: str, reason: str) -> None:
        advanced = await self._advance(application_id, from_state, ApplicationState.UNPAID)
        if advanced is None:
            return
        await self._work_items.forget(application_id)
        event = ApplicationUnpaid(
            **advanced.ids(),
            sequence=advanced.sequence,
            occurred_at=dt.datetime.now(dt.UTC),
            reason_code=reason_code,
            reason=reason,
        )
        await self._states.queue([to_record(event, topic=topics.APPLICATIONS, source=self._source)])
        log.info("application_unpaid", application_id=application_id, reason_code=reason_code)

    async def _advance(self, application_id: str, from_state: str, to: ApplicationState) -> StoredState | None:
        current = await self._states.get(application_id)
        if current is None:
            return None
        advanced = await self._states.advance(
            application_id, current.administration_id, frozenset({from_state}), to.value, dt.datetime.now(dt.UTC)
        )
        if advanced is None:
            log.info("payment_outcome_set_aside", application_id=application_id, state=current.state)
            return None
        return advanced.now

    def _order(self, payment: Payment, item: WorkItem) -> PaymentOrder:
        administration = self._catalog.administration(item.administration_id)
        return PaymentOrder(
            payment_id=payment.application_id,
            eservice_client_id=self._client_ids.get(item.administration_id, item.administration_id),
            amount=payment.amount,
            currency="BGN",
            reason=f"Такса за услуга {item.service}, заявление {item.reference}",
            reference=item.reference,
            reference_date=filing_date(item.submitted_at),
            applicant_uin=item.applicant.identifier,
            applicant_uin_type=IDENTIFIER_TYPES[item.applicant.identifier_type],
            applicant_name=item.applicant.name,
            service_uri=str(item.service),
            supplier_uri=(administration.eik or "") if administration is not None else "",
            expires_at=payment.expires_at,
            notification_url=self._callback_url,
        )
