"""Taking notices out: each due delivery is tried by its channel, and what came of it recorded.

A try is one of: send (e-mail, SMS, e-Delivery, a webhook), or ask e-Delivery whether the
citizen has opened a notice sent there. Its outcome is an event on the outcomes topic, in the
transaction that records it:
- accepted: done; for e-Delivery, asked about until opened (the proof of delivery), or until
  the wait for it is over, when the citizen is told by the next channel of the plan;
- a temporary failure: tried again on the retry schedule (a restart loses nothing: the next
  try is a row in the store);
- a permanent failure or the last try failed: the next channel of the plan, if any; otherwise
  dead-lettered, with an alert for the administration's people (an event and a metric).
A webhook subscription that fails again and again is disabled, with an alert.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

from egov_notifications.adapters import metrics
from egov_notifications.adapters.deliveries import (
    APPLICANT,
    CITIZEN,
    DEAD_LETTERED,
    PENDING,
    SENT,
    Delivery,
    LeaseLost,
)
from egov_notifications.adapters.e_delivery import EDeliveryUnavailable
from egov_notifications.adapters.templates import NoticeFacts
from egov_notifications.domain.outcome import Accepted, Failed, Message, Outcome
from egov_schemas import topics
from egov_schemas.lifecycle import DECISION_STATES
from egov_schemas.notifications import NotificationAlert, NotificationOutcome
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger
from egov_sdk.metrics import after_commit, observe_stage

if TYPE_CHECKING:
    from prometheus_client.metrics import Counter

    from egov_notifications.adapters.deliveries import Deliveries
    from egov_notifications.adapters.notices import Notice, Notices
    from egov_notifications.adapters.overrides import OverrideKey, TemplateOverrides
    from egov_notifications.adapters.subscriptions import Subscription, Subscriptions
    from egov_notifications.adapters.templates import TemplateBook
    from egov_notifications.domain.schedule import RetrySchedule
    from egov_schemas.catalog import AdministrationUpserted, ServiceVersionChanged
    from egov_schemas.notifications import DeliveryStatus, Language, NotificationChannel
    from egov_sdk.clock import Clock
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

log = get_logger(__name__)
_CONCURRENCY = 16
Record = Callable[[], Awaitable[None]]
"""What to record of one delivery's try, in a transaction of its own."""


class Catalog(Protocol):
    def administration(self, administration_id: str) -> AdministrationUpserted | None: ...
    def service_version(self, iisda_number: int, version: int) -> ServiceVersionChanged | None: ...


class Mailer(Protocol):
    async def send(self, notification_id: str, to: str, message: Message, language: str) -> Outcome: ...


class Texter(Protocol):
    async def send(self, phone: str, text: str) -> Outcome: ...


class EDelivery(Protocol):
    async def send(self, profile_id: int, subject: str, rnu: str, body: str) -> Outcome: ...
    async def opened_at(self, message_id: str) -> dt.datetime | None: ...


class Hooks(Protocol):
    async def send(self, url: str, secret: str, message_id: str, payload: dict[str, Any]) -> Outcome: ...


class Channels:
    """The channels' adapters, together."""

    def __init__(self, email: Mailer, sms: Texter, e_delivery: EDelivery, webhooks: Hooks):
        self.email = email
        self.sms = sms
        self.e_delivery = e_delivery
        self.webhooks = webhooks


class Composer:
    """A notice's message in the citizen's language, from the templates and the catalog's names."""

    def __init__(self, book: TemplateBook, catalog: Catalog, portal_url: str):
        self._book = book
        self._catalog = catalog
        self._portal_url = portal_url

    def compose(self, notice: Notice, overrides: dict[OverrideKey, str]) -> Message:
        language: Language = "en" if notice.language == "en" else "bg"
        service = self._catalog.service_version(notice.service, notice.service_version)
        administration = self._catalog.administration(notice.administration_id)
        english = language == "en"
        facts = NoticeFacts(
            state=notice.state,
            reference=notice.reference,
            service=notice.service,
            service_name=(service.name_en if english else service.name_bg) if service else f"№ {notice.service}",
            administration_name=(
                (administration.name_en if english else administration.name_bg)
                if administration
                else notice.administration_id
            ),
            follow_url=self._portal_url,
            details=notice.details,
        )
        try:
            return self._book.render(facts, language, overrides)
        except Exception:  # NOTE: an administration's template that fails on these facts: the platform's is used
            if not overrides:
                raise
            log.warning("template_override_failed", administration_id=notice.administration_id, state=notice.state)
            return self._book.render(facts, language)


class Courier:
    def __init__(
        self,
        store: Store,
        notices: Notices,
        deliveries: Deliveries,
        subscriptions: Subscriptions,
        overrides: TemplateOverrides,
        *,
        outbox: Outbox,
        channels: Channels,
        composer: Composer,
        schedule: RetrySchedule,
        clock: Clock,
        source: str,
        batch: int,
        lease: dt.timedelta,
        poll_every: dt.timedelta,
        proof_wait: dt.timedelta,
        disable_webhook_after: int,
    ):
        self._store = store
        self._notices = notices
        self._deliveries = deliveries
        self._subscriptions = subscriptions
        self._overrides = overrides
        self._outbox = outbox
        self._channels = channels
        self._composer = composer
        self._schedule = schedule
        self._clock = clock
        self._source = source
        self._batch = batch
        self._lease = lease
        self._poll_every = poll_every
        self._proof_wait = proof_wait
        self._disable_webhook_after = disable_webhook_after
        self._limit = asyncio.Semaphore(_CONCURRENCY)

    async def round(self) -> int:
        """Try every delivery that is due, each recorded in its own transaction as its try ends;
        how many were taken."""
        now = self._clock.now()
        due = await self._deliveries.claim_due(now, self._batch, now + self._lease)
        if not due:
            return 0
        notices = await self._notices.by_ids(sorted({delivery.notification_id for delivery in due}))
        overrides = await self._overrides.of(sorted({delivery.administration_id for delivery in due}))
        subscriptions = await self._subscriptions.by_ids(
            sorted({delivery.target for delivery in due if delivery.channel == "webhook"})
        )

        async def one(delivery: Delivery) -> None:
            async with self._limit:
                notice = notices[delivery.notification_id]
                try:
                    record = await self._try(
                        delivery, notice, overrides.get(notice.administration_id, {}), subscriptions
                    )
                except Exception as exc:  # NOTE: a fault of ours is a failed try: retried, then dead-lettered
                    log.exception("delivery_failed", notification_id=notice.id, channel=delivery.channel)
                    record = functools.partial(
                        self._settle, delivery, notice, Failed(f"internal error ({type(exc).__name__})")
                    )
                try:
                    # NOTE: each in its own transaction (these tasks have none around them), so
                    # one that cannot be recorded does not undo the others'.
                    async with self._store.transaction():
                        await record()
                except LeaseLost:
                    log.warning(
                        "delivery_lease_lost", notification_id=delivery.notification_id, channel=delivery.channel
                    )
                except Exception:  # NOTE: not recorded: the lease brings it back, to be tried again
                    log.exception("delivery_not_recorded", notification_id=delivery.notification_id)

        await asyncio.gather(*(one(delivery) for delivery in due))
        return len(due)

    async def _try(
        self,
        delivery: Delivery,
        notice: Notice,
        overrides: dict[OverrideKey, str],
        subscriptions: dict[str, Subscription],
    ) -> Record:
        """Do the delivery's work outside the store; what to record of it."""
        if delivery.status == SENT:
            try:
                opened = await self._channels.e_delivery.opened_at(delivery.provider_reference or "")
            except EDeliveryUnavailable as exc:
                log.warning("e_delivery_unavailable", reason=str(exc), notification_id=notice.id)
                return functools.partial(self._record_opening, delivery, notice, None)
            return functools.partial(self._record_opening, delivery, notice, opened)
        if delivery.channel == "webhook" and delivery.target == APPLICANT:
            hook = (notice.contacts or {}).get("webhook") or {}
            outcome = (
                await self._channels.webhooks.send(hook["url"], hook["secret"], notice.id, _webhook_payload(notice))
                if hook
                else Failed("no webhook for this application", permanent=True)
            )
        elif delivery.channel == "webhook":
            subscription = subscriptions.get(delivery.target)
            if subscription is None or not subscription.active:
                return functools.partial(
                    self._end, delivery, notice, DEAD_LETTERED, "the subscription is disabled or gone", alert=False
                )
            outcome = await self._channels.webhooks.send(
                subscription.url, subscription.secret, notice.id, _webhook_payload(notice)
            )
        else:
            outcome = await self._send(delivery.channel, notice, self._composer.compose(notice, overrides))
        return functools.partial(self._settle, delivery, notice, outcome)

    async def _send(self, channel: str, notice: Notice, message: Message) -> Outcome:
        contacts = notice.contacts or {}
        if channel == "email" and contacts.get("email"):
            return await self._channels.email.send(notice.id, contacts["email"], message, notice.language)
        if channel == "sms" and contacts.get("phone"):
            return await self._channels.sms.send(contacts["phone"], message.sms)
        if channel == "e_delivery" and contacts.get("e_delivery_profile") is not None:
            return await self._channels.e_delivery.send(
                int(contacts["e_delivery_profile"]), message.subject, notice.reference, message.text
            )
        return Failed("no address for this channel", permanent=True)

    async def _settle(self, delivery: Delivery, notice: Notice, outcome: Outcome) -> None:
        now = self._clock.now()
        if isinstance(outcome, Accepted):
            status: DeliveryStatus = "sent" if outcome.awaits_proof else "delivered"
            await self._deliveries.settle(
                delivery,
                status=status,
                due_at=now + self._poll_every if outcome.awaits_proof else None,
                now=now,
                provider_reference=outcome.provider_reference,
                delivered_at=now,
            )
            await self._publish(delivery, notice, status, now)
            if _subscribed(delivery):
                await self._subscriptions.succeeded(delivery.target)
            await self._notices.release_contacts(notice.id)
            self._count(metrics.ATTEMPTS.labels(delivery.channel, status))
            if notice.state in DECISION_STATES and not _subscribed(delivery):
                observe_stage(self._store, "decision_to_notified", (now - notice.occurred_at).total_seconds())
            return
        wait = None if outcome.permanent else self._schedule.wait_after(delivery.attempt)
        if _subscribed(delivery):
            await self._webhook_failed(delivery, now, refused=outcome.refused)
        if wait is not None:
            await self._deliveries.settle(delivery, status=PENDING, due_at=now + wait, now=now, detail=outcome.detail)
            await self._publish(
                delivery, notice, "temporary_failure", now, detail=outcome.detail, next_attempt_at=now + wait
            )
            self._count(metrics.ATTEMPTS.labels(delivery.channel, "temporary_failure"))
            return
        last: DeliveryStatus = "permanent_failure" if outcome.permanent else "temporary_failure"
        self._count(metrics.ATTEMPTS.labels(delivery.channel, last))
        await self._end(delivery, notice, last, outcome.detail, alert=True)

    async def _record_opening(self, delivery: Delivery, notice: Notice, opened: dt.datetime | None) -> None:
        """e-Delivery's proof of delivery: `dateReceived`, asked for until it comes or the wait is
        over (also while e-Delivery does not answer: then `opened` is None)."""
        now = self._clock.now()
        if opened is not None:
            await self._deliveries.settle(delivery, status="opened", due_at=None, now=now, opened_at=opened)
            await self._publish(delivery, notice, "opened", now)
            await self._notices.release_contacts(notice.id)
            self._count(metrics.ATTEMPTS.labels(delivery.channel, "opened"))
            return
        sent_at = delivery.delivered_at or delivery.created_at
        if now - sent_at < self._proof_wait:
            await self._deliveries.settle(delivery, status=SENT, due_at=now + self._poll_every, now=now)
            return
        self._count(metrics.ATTEMPTS.labels(delivery.channel, "unopened"))
        await self._end(delivery, notice, "unopened", "not opened in time", alert=True)

    async def _end(
        self, delivery: Delivery, notice: Notice, status: DeliveryStatus, detail: str | None, *, alert: bool
    ) -> None:
        """This delivery is over without reaching anyone: the next channel of the plan takes the
        notice, or, with none left, it is dead-lettered (with an alert, unless one was raised)."""
        now = self._clock.now()
        following = _next_channel(notice, delivery)
        if following is not None:
            await self._deliveries.settle(delivery, status=status, due_at=None, now=now, detail=detail)
            await self._publish(delivery, notice, status, now, detail=detail)
            await self._deliveries.add(_fallback(delivery, following, now))
            log.info("channel_fallback", notification_id=notice.id, failed=delivery.channel, next=following)
            return
        if status != DEAD_LETTERED:
            await self._publish(delivery, notice, status, now, detail=detail)
        await self._deliveries.settle(delivery, status=DEAD_LETTERED, due_at=None, now=now, detail=detail)
        await self._publish(delivery, notice, DEAD_LETTERED, now, detail=detail)
        await self._notices.release_contacts(notice.id)
        if alert:
            await self._alert(
                NotificationAlert(
                    alert_id=f"dead:{notice.id}:{notice.redrives}:{delivery.channel}:{delivery.target}",
                    kind="notification_dead_lettered",
                    administration_id=notice.administration_id,
                    application_id=notice.application_id,
                    notification_id=notice.id,
                    channel=cast("NotificationChannel", delivery.channel),
                    subscription_id=delivery.target or None,
                    detail=f"{delivery.channel}: {detail or status}; no channel left to try",
                    occurred_at=now,
                )
            )
        self._count(metrics.DEAD_LETTERED.labels(delivery.channel))
        log.warning("notification_dead_lettered", notification_id=notice.id, channel=delivery.channel, detail=detail)

    async def _webhook_failed(self, delivery: Delivery, now: dt.datetime, *, refused: bool) -> None:
        """Count the failure; a subscription failing again and again, or whose receiver wants no
        more (410 Gone), is disabled, with an alert."""
        limit = 1 if refused else self._disable_webhook_after
        count = await self._subscriptions.failed(delivery.target, limit, now)
        if count.disabled_now:
            await self._alert(
                NotificationAlert(
                    alert_id=f"disabled:{delivery.target}:{now.isoformat()}",
                    kind="webhook_disabled",
                    administration_id=delivery.administration_id,
                    subscription_id=delivery.target,
                    channel="webhook",
                    detail=f"disabled after {count.failures} failed deliveries in a row",
                    occurred_at=now,
                )
            )
        if count.disabled_now:
            log.warning("webhook_disabled", subscription_id=delivery.target, failures=count.failures)

    def _count(self, counter: Counter) -> None:
        """Counted once the record is committed (a rolled-back one is tried again, and counted then)."""
        after_commit(self._store, counter.inc)

    async def _alert(self, alert: NotificationAlert) -> None:
        await self._outbox.add([to_record(alert, topic=topics.NOTIFICATION_OUTCOMES, source=self._source)])
        self._count(metrics.ALERTS.labels(alert.kind))

    async def _publish(
        self,
        delivery: Delivery,
        notice: Notice,
        status: DeliveryStatus,
        now: dt.datetime,
        *,
        detail: str | None = None,
        next_attempt_at: dt.datetime | None = None,
    ) -> None:
        outcome = NotificationOutcome(
            notification_id=notice.id,
            application_id=notice.application_id,
            reference=notice.reference,
            administration_id=notice.administration_id,
            channel=cast("NotificationChannel", delivery.channel),
            target=delivery.target,
            status=status,
            attempt=delivery.attempt,
            redrive=notice.redrives,
            detail=detail,
            next_attempt_at=next_attempt_at,
            occurred_at=now,
        )
        await self._outbox.add([to_record(outcome, topic=topics.NOTIFICATION_OUTCOMES, source=self._source)])


def _subscribed(delivery: Delivery) -> bool:
    """A delivery to an administration's webhook subscription (which counts its failures)."""
    return delivery.channel == "webhook" and delivery.target not in {CITIZEN, APPLICANT}


def _next_channel(notice: Notice, delivery: Delivery) -> str | None:
    if delivery.target != CITIZEN or delivery.channel not in notice.plan:
        return None
    position = notice.plan.index(delivery.channel)
    return notice.plan[position + 1] if position + 1 < len(notice.plan) else None


def _fallback(delivery: Delivery, channel: str, now: dt.datetime) -> Delivery:
    return Delivery.due_now(
        delivery.notification_id,
        delivery.application_id,
        delivery.administration_id,
        channel=channel,
        target=CITIZEN,
        now=now,
    )


def _webhook_payload(notice: Notice) -> dict[str, Any]:
    """The Standard Webhooks payload shape: `type`, `timestamp`, `data`; nothing personal."""
    return {
        "type": f"application.{notice.state}",
        "timestamp": notice.occurred_at.isoformat(),
        "data": {
            "notification_id": notice.id,
            "application_id": notice.application_id,
            "reference": notice.reference,
            "administration_id": notice.administration_id,
            "service": notice.service,
            "service_version": notice.service_version,
            "state": notice.state,
            "occurred_at": notice.occurred_at.isoformat(),
            **notice.details,
        },
    }
