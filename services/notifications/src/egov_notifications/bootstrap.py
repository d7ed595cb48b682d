"""Composition root of the notifications service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from egov_notifications.adapters.contacts import IntakeContacts
from egov_notifications.adapters.deliveries import Deliveries
from egov_notifications.adapters.e_delivery import EDeliveryClient
from egov_notifications.adapters.email import SmtpMailer
from egov_notifications.adapters.notices import Notices
from egov_notifications.adapters.overrides import TemplateOverrides
from egov_notifications.adapters.sms import SmsGateway
from egov_notifications.adapters.subscriptions import Subscriptions
from egov_notifications.adapters.templates import TemplateBook
from egov_notifications.adapters.webhooks import WebhookSender
from egov_notifications.domain.schedule import RetrySchedule
from egov_notifications.entrypoints.http import notifications_router
from egov_notifications.entrypoints.templates import templates_router
from egov_notifications.entrypoints.webhooks import webhooks_router
from egov_notifications.service_layer.choose import Chooser
from egov_notifications.service_layer.courier import Channels, Composer, Courier
from egov_notifications.service_layer.notify import NOTIFIED_TRANSITIONS, Notifier
from egov_notifications.settings import NotificationSettings
from egov_schemas import topics
from egov_schemas.notifications import CONTACTS_TOKEN_AUDIENCE, NotificationAlert, NotificationOutcome
from egov_sdk.auth import ServiceCredential, authenticator
from egov_sdk.clock import Clock
from egov_sdk.periodic import Periodic
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: NotificationSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Notifications to citizens about their applications", migrations=MIGRATIONS
    )
    store, outbox = runtime.store, runtime.outbox
    notices, deliveries, subscriptions = Notices(store), Deliveries(store), Subscriptions(store)
    overrides, clock = TemplateOverrides(store), Clock(settings.test_clock_file)
    runtime.produces(
        topics.NOTIFICATION_OUTCOMES,
        NotificationOutcome,
        NotificationAlert,
        description="Each try to deliver a notice and its outcome, and alerts for administrators; nothing personal.",
    )
    catalog = runtime.catalog_view()

    notifier = Notifier(store, notices, outbox, clock, runtime.source)
    lifecycle = runtime.consumer("notifications.lifecycle", dict.fromkeys(NOTIFIED_TRANSITIONS, notifier.on_transition))
    lifecycle.subscribe(topics.APPLICATIONS, description="Lifecycle events the citizen is told about")

    http = httpx.AsyncClient(timeout=settings.provider_timeout_s)
    hooks_http = httpx.AsyncClient(timeout=settings.webhook_timeout_s, follow_redirects=False)
    runtime.on_stop(http.aclose)
    runtime.on_stop(hooks_http.aclose)
    e_delivery, mailer = EDeliveryClient(settings, http), SmtpMailer(settings)
    runtime.on_stop(mailer.aclose)
    schedule, book = RetrySchedule(settings.retry_minutes), TemplateBook()
    lease = dt.timedelta(seconds=settings.send_lease_s)
    chooser = Chooser(
        store,
        notices,
        deliveries,
        subscriptions,
        contacts=IntakeContacts(
            settings.intake_url, ServiceCredential(settings.contacts_token_key, CONTACTS_TOKEN_AUDIENCE), http
        ),
        e_delivery=e_delivery,
        catalog=catalog,
        schedule=schedule,
        clock=clock,
        batch=settings.dispatch_batch,
        lease=lease,
    )
    courier = Courier(
        store,
        notices,
        deliveries,
        subscriptions,
        overrides,
        outbox=outbox,
        channels=Channels(
            email=mailer,
            sms=SmsGateway(settings, http),
            e_delivery=e_delivery,
            webhooks=WebhookSender(hooks_http, allow_private=settings.webhook_allow_private),
        ),
        composer=Composer(book, catalog, settings.portal_url),
        schedule=schedule,
        clock=clock,
        source=runtime.source,
        batch=settings.dispatch_batch,
        lease=lease,
        poll_every=dt.timedelta(minutes=settings.e_delivery_poll_minutes),
        proof_wait=dt.timedelta(days=settings.e_delivery_proof_wait_days),
        disable_webhook_after=settings.webhook_disable_after,
    )
    for loop in (
        Periodic("choose-channels", chooser.round, settings.dispatch_interval_s, full_batch=settings.dispatch_batch),
        Periodic("deliver", courier.round, settings.dispatch_interval_s, full_batch=settings.dispatch_batch),
    ):
        runtime.on_started(loop.start)
        runtime.on_stop(loop.stop)

    principal = authenticator(settings, realm="egov-notifications")
    routers = [
        notifications_router(store, notices, deliveries, clock, principal),
        webhooks_router(subscriptions, clock, principal),
        templates_router(overrides, book, clock, principal),
    ]
    return runtime, runtime.http_app(title="egov notifications", version="1", routers=routers)
