"""Choosing each notice's channels: the claim check for the applicant's contacts, e-Delivery's
profile check for legal notices, the administration's channels and the citizen's preferences
(domain/channels.py), and webhook subscriptions.

The first channel of the plan gets a delivery at once; the others wait to be needed. A round
that cannot reach intake leaves its notices for later, on the retry schedule.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, Any, Protocol

from egov_notifications.adapters.contacts import ContactsUnavailable
from egov_notifications.adapters.deliveries import APPLICANT, CITIZEN, Delivery
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


class Unavailable:
    """e-Delivery did not answer the profile check."""


UNAVAILABLE = Unavailable()
_CONCURRENCY = 16


class ContactsSource(Protocol):
    async def of(self, application_ids: list[str]) -> dict[str, ApplicantContacts]: ...


class ProfileFinder(Protocol):
    async def profile_of(self, identifier: str) -> int | None: ...


class Administrations(Protocol):
    def administration(self, administration_id: str) -> AdministrationUpserted | None: ...
    async def is_ready(self) -> bool: ...


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
        self._limit = asyncio.Semaphore(_CONCURRENCY)

    async def round(self) -> int:
        """Choose for the notices waiting; how many were taken."""
        if not await self._catalog.is_ready():
            # NOTE: until the catalog view has caught up, no administration would offer any channel.
            return 0
        now = self._clock.now()
        notices = await self._notices.claim_to_choose(now, self._batch, now + self._lease)
        if not notices:
            return 0
        try:
            contacts = await self._contacts.of(sorted({notice.application_id for notice in notices}))
        except ContactsUnavailable as exc:
            log.warning("contacts_unavailable", reason=str(exc), notices=len(notices))
            async with self._store.transaction():
                for notice in notices:
                    await self._notices.choose_later(notice.id, self._retry_at(notice, now))
            return len(notices)
        subscriptions = await self._subscriptions.active_of(sorted({notice.administration_id for notice in notices}))
        profiles = await asyncio.gather(
            *(self._profile(notice, contacts.get(notice.application_id)) for notice in notices)
        )
        # NOTE: what was found is recorded in one transaction for the round; should it fail, the
        # notices are chosen for again after the lease.
        async with self._store.transaction():
            for notice, profile in zip(notices, profiles, strict=True):
                await self._choose(notice, contacts.get(notice.application_id), profile, subscriptions, now)
        return len(notices)

    async def _profile(self, notice: Notice, contacts: ApplicantContacts | None) -> int | Unavailable | None:
        """The applicant's e-Delivery profile, when the notice may go there."""
        state = ApplicationState(notice.state)
        if contacts is None or not needs_e_delivery_profile(state, self._offered(notice), contacts.preferences):
            return None
        async with self._limit:
            try:
                return await self._e_delivery.profile_of(contacts.identifier)
            except EDeliveryUnavailable as exc:
                log.warning("e_delivery_unavailable", reason=str(exc), notification_id=notice.id)
                return UNAVAILABLE
            except Exception:  # NOTE: a fault of ours must not stop the round: asked again later
                log.exception("profile_check_failed", notification_id=notice.id)
                return UNAVAILABLE

    def _offered(self, notice: Notice) -> list[str]:
        administration = self._catalog.administration(notice.administration_id)
        return list(administration.channels) if administration else []

    async def _choose(
        self,
        notice: Notice,
        contacts: ApplicantContacts | None,
        profile: int | Unavailable | None,
        subscriptions: list[Subscription],
        now: dt.datetime,
    ) -> None:
        state, offered = ApplicationState(notice.state), self._offered(notice)
        if self._catalog.administration(notice.administration_id) is None:
            # NOTE: an administration the catalog view has not seen yet (registered moments ago).
            await self._notices.choose_later(notice.id, self._retry_at(notice, now))
            return
        preferences = contacts.preferences if contacts else NotificationPreferences()
        if isinstance(profile, Unavailable):
            # NOTE: a legal notice waits for e-Delivery while the schedule allows: its proof of
            # service is worth the wait; after that, the citizen is told another way.
            if notice.choose_attempt < self._schedule.attempts:
                await self._notices.choose_later(notice.id, self._retry_at(notice, now))
                return
            profile = None
        reach = Reach(
            e_delivery_profile=profile,
            email=contacts.email if contacts else None,
            phone=contacts.phone if contacts else None,
        )
        channels = plan(state, offered, preferences, reach)
        kept = _contacts_for(channels, reach)
        # NOTE: a business applying through the API may have its own webhook, where the
        # administration offers webhooks; it is told of every notice besides its channels.
        secret = contacts.webhook_secret if contacts else None
        hook = "webhook" in offered and preferences.webhook_url is not None and secret is not None
        if hook:
            kept = {**(kept or {}), "webhook": {"url": preferences.webhook_url, "secret": secret}}
        await self._notices.chosen(notice.id, preferences.language, list(channels), kept)
        if channels:
            await self._deliveries.add(_delivery(notice, channels[0], CITIZEN, now))
        if hook:
            await self._deliveries.add(_delivery(notice, "webhook", APPLICANT, now))
        for subscription in subscriptions:
            if subscription.administration_id == notice.administration_id and subscription.wants(notice.state):
                await self._deliveries.add(_delivery(notice, "webhook", subscription.id, now))
        log.debug("channels_chosen", notification_id=notice.id, channels=channels)

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
    return Delivery.due_now(
        notice.id, notice.application_id, notice.administration_id, channel=channel, target=target, now=now
    )
