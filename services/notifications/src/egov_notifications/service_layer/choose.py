"""Choosing each notice's channels: the claim check for the applicant's contacts, e-Delivery's
profile check for legal notices, the administration's channels and the citizen's preferences
(domain/channels.py), and webhook subscriptions.

The first channel of the plan gets a delivery at once; the others wait to be needed. A round
that cannot reach intake leaves its notices for later, on the retry schedule.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from egov_notifications.adapters.contacts import ContactsUnavailable
from egov_notifications.adapters.deliveries import CITIZEN, PENDING, Delivery
from egov_notifications.adapters.e_delivery import EDeliveryUnavailable
from egov_notifications.domain.channels import Reach, needs_e_delivery_profile, plan
from egov_schemas.lifecycle import ApplicationState
from egov_schemas.notifications import NotificationPreferences
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from collections.abc import Sequence

    from egov_notifications.adapters.deliveries import Deliveries
    from egov_notifications.adapters.notices import Notice, Notices
    from egov_notifications.adapters.subscriptions import Subscription, Subscriptions
    from egov_notifications.domain.schedule import RetrySchedule
    from egov_schemas.catalog import AdministrationUpserted
    from egov_schemas.notifications import ApplicantContacts
    from egov_sdk.clock import Clock
    from egov_sdk.store import Store

log = get_logger(__name__)


class ContactsSource(Protocol):
    async def of(self, application_ids: list[str]) -> dict[str, ApplicantContacts]: ...


class ProfileFinder(Protocol):
    async def profile_of(self, identifier: str) -> int | None: ...


class Administrations(Protocol):
    def administration(self, administration_id: str) -> AdministrationUpserted | None: ...


class Chooser:
    def __init__(
        self,
        store: Store,
        notices: Notices,
        deliveries: Deliveries,
        subscriptions: Subscriptions,
        *,
        contacts: ContactsSource,
        e_delivery: ProfileFinder,
        catalog: Administrations,
        schedule: RetrySchedule,
        clock: Clock,
        batch: int,
        lease: dt.timedelta,
    ):
        self._store = store
        self._notices = notices
        self._deliveries = deliveries
        self._subscriptions = subscriptions
        self._contacts = contacts
        self._e_delivery = e_delivery
        self._catalog = catalog
        self._schedule = schedule
        self._clock = clock
        self._batch = batch
        self._lease = lease

    async def drain(self) -> None:
        """Rounds until one takes less than a full batch: a backlog is worked off at once."""
        while await self.round() >= self._batch:
            pass

    async def round(self) -> int:
        """Choose for the notices waiting; how many were taken."""
        now = self._clock.now()
        notices = await self._notices.claim_to_choose(now, self._batch, now + self._lease)
        if not notices:
            return 0
        try:
            contacts = await self._contacts.of(sorted({notice.application_id for notice in notices}))
        except ContactsUnavailable as exc:
            log.warning("contacts_unavailable", reason=str(exc), notices=len(notices))
            for notice in notices:
                await self._notices.choose_later(notice.id, self._retry_at(notice, now))
            return len(notices)
        subscriptions = await self._subscriptions.active_of(sorted({notice.administration_id for notice in notices}))
        for notice in notices:
            await self._choose(notice, contacts.get(notice.application_id), subscriptions, now)
        return len(notices)

    async def _choose(
        self, notice: Notice, contacts: ApplicantContacts | None, subscriptions: list[Subscription], now: dt.datetime
    ) -> None:
        state = ApplicationState(notice.state)
        administration = self._catalog.administration(notice.administration_id)
        offered = administration.channels if administration else []
        preferences = contacts.preferences if contacts else NotificationPreferences()
        profile = None
        if contacts is not None and needs_e_delivery_profile(state, offered, preferences):
            try:
                profile = await self._e_delivery.profile_of(contacts.identifier)
            except EDeliveryUnavailable as exc:
                # NOTE: a legal notice waits for e-Delivery while the schedule allows: its proof
                # of service is worth the wait; after that, the citizen is told another way.
                if notice.choose_attempt < self._schedule.attempts:
                    log.warning("e_delivery_unavailable", reason=str(exc), notification_id=notice.id)
                    await self._notices.choose_later(notice.id, self._retry_at(notice, now))
                    return
        reach = Reach(
            e_delivery_profile=profile,
            email=contacts.email if contacts else None,
            phone=contacts.phone if contacts else None,
        )
        channels = plan(state, offered, preferences, reach)
        kept = _contacts_for(channels, reach)
        async with self._store.transaction():
            await self._notices.chosen(notice.id, preferences.language, list(channels), kept)
            if channels:
                await self._deliveries.add(_delivery(notice, channels[0], CITIZEN, now))
            for subscription in subscriptions:
                if subscription.administration_id == notice.administration_id and subscription.wants(notice.state):
                    await self._deliveries.add(_delivery(notice, "webhook", subscription.id, now))
        log.info("channels_chosen", notification_id=notice.id, channels=channels)

    def _retry_at(self, notice: Notice, now: dt.datetime) -> dt.datetime:
        return now + self._schedule.wait_capped(max(notice.choose_attempt, 1))


def _contacts_for(channels: Sequence[str], reach: Reach) -> dict[str, Any] | None:
    """Only what the chosen channels need, and nothing when there are none."""
    kept: dict[str, Any] = {}
    if "e_delivery" in channels:
        kept["e_delivery_profile"] = reach.e_delivery_profile
    if "email" in channels:
        kept["email"] = reach.email
    if "sms" in channels:
        kept["phone"] = reach.phone
    return kept or None


def _delivery(notice: Notice, channel: str, target: str, now: dt.datetime) -> Delivery:
    return Delivery(
        notification_id=notice.id,
        channel=channel,
        target=target,
        application_id=notice.application_id,
        administration_id=notice.administration_id,
        status=PENDING,
        attempt=0,
        due_at=now,
        provider_reference=None,
        detail=None,
        created_at=now,
        updated_at=now,
    )
