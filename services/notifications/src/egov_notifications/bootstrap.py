"""Composition root of the notifications service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from egov_notifications.adapters.repository import NotificationRepository
from egov_notifications.entrypoints.http import notifications_router
from egov_notifications.service_layer.notify import NOTIFIED_TRANSITIONS, Notifier
from egov_notifications.settings import NotificationSettings
from egov_schemas import topics
from egov_schemas.notifications import NotificationOutcome
from egov_sdk.auth import authenticator
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: NotificationSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Notifications to citizens about their applications", migrations=MIGRATIONS
    )
    repository = NotificationRepository(runtime.store, runtime.outbox)
    runtime.produces(
        topics.NOTIFICATION_OUTCOMES, NotificationOutcome, description="What happened to each notification."
    )

    notifier = Notifier(repository, runtime.source)
    lifecycle = runtime.consumer("notifications.lifecycle", dict.fromkeys(NOTIFIED_TRANSITIONS, notifier.on_transition))
    lifecycle.subscribe(topics.APPLICATIONS, description="Lifecycle events the citizen is told about")

    router = notifications_router(repository, authenticator(settings, realm="egov-notifications"))
    return runtime, runtime.http_app(title="egov notifications", version="1", routers=[router])
