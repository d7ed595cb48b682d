"""Composition root of the intake service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from egov_intake.adapters.consents import PrefillConsents
from egov_intake.adapters.registry_gateway import RegistryGateway
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.domain.access import ApplicationTokens
from egov_intake.entrypoints.contacts import contacts_router
from egov_intake.entrypoints.http import applications_router
from egov_intake.entrypoints.prefill import prefill_router
from egov_intake.service_layer.status import StatusProjection
from egov_intake.settings import IntakeSettings
from egov_schemas import topics
from egov_schemas.lifecycle import STATE_TRANSITIONS, ApplicationSubmitted
from egov_schemas.notifications import CONTACTS_TOKEN_AUDIENCE
from egov_schemas.registry import PREFILL_TOKEN_AUDIENCE
from egov_schemas.work import ApplicationReceived, InformationProvided, WithdrawalRequested
from egov_sdk.auth import ServiceCredential, authenticator
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: IntakeSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(settings, description="Citizen intake: submissions and status", migrations=MIGRATIONS)
    repository = ApplicationRepository(runtime.store, runtime.outbox)
    runtime.produces(
        topics.SUBMISSIONS,
        ApplicationReceived,
        InformationProvided,
        WithdrawalRequested,
        description="Full submissions, the citizens' answers and withdrawals (personal data), for routing only.",
    )

    projection = StatusProjection(repository)
    # NOTE: `submitted` (which routing records) is stored with the application already.
    later = [transition for transition in STATE_TRANSITIONS if transition is not ApplicationSubmitted]
    status = runtime.consumer("intake.status", dict.fromkeys(later, projection.on_transition))
    status.subscribe(topics.APPLICATIONS, description="Lifecycle events update the citizen's status view")

    catalog = runtime.catalog_view()
    tokens = ApplicationTokens(settings.application_token_key.get_secret_value().encode())
    signed_in = authenticator(settings, realm="egov-intake")
    router = applications_router(repository, catalog, runtime.source, tokens, signed_in)
    contacts = contacts_router(
        repository, ServiceCredential(settings.contacts_token_key, CONTACTS_TOKEN_AUDIENCE), tokens
    )

    http = httpx.AsyncClient(timeout=settings.registry_timeout_s)
    runtime.on_stop(http.aclose)
    gateway = RegistryGateway(
        settings.registry_gateway_url, ServiceCredential(settings.prefill_token_key, PREFILL_TOKEN_AUDIENCE), http
    )
    prefill = prefill_router(catalog, PrefillConsents(runtime.store), gateway, signed_in)
    return runtime, runtime.http_app(title="egov intake", version="1", routers=[router, contacts, prefill])
