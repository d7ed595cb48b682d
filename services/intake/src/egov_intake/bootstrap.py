"""Composition root of the intake service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from egov_intake.adapters.blobs import FilesystemBlobStore
from egov_intake.adapters.clamav import ClamdScanner
from egov_intake.adapters.consents import PrefillConsents
from egov_intake.adapters.drafts import Drafts
from egov_intake.adapters.registry_gateway import RegistryGateway
from egov_intake.adapters.repository import ApplicationRepository
from egov_intake.adapters.workspace_documents import WorkspaceDocuments
from egov_intake.domain.access import ApplicationTokens
from egov_intake.entrypoints.contacts import contacts_router
from egov_intake.entrypoints.http import applications_router
from egov_intake.entrypoints.identity import Files
from egov_intake.entrypoints.portal import STATIC
from egov_intake.entrypoints.portal.apply_pages import apply_router
from egov_intake.entrypoints.portal.auth_pages import auth_router
from egov_intake.entrypoints.portal.catalog_pages import catalog_router
from egov_intake.entrypoints.portal.my_pages import my_router
from egov_intake.entrypoints.portal.web import expired
from egov_intake.entrypoints.prefill import prefill_router
from egov_intake.service_layer.blob_sweep import BlobSweep
from egov_intake.service_layer.status import StatusProjection
from egov_intake.settings import IntakeSettings
from egov_schemas import topics
from egov_schemas.lifecycle import STATE_TRANSITIONS, ApplicationSubmitted
from egov_schemas.notifications import CONTACTS_TOKEN_AUDIENCE
from egov_schemas.registry import PREFILL_TOKEN_AUDIENCE
from egov_schemas.work import (
    ATTACHMENTS_TOKEN_AUDIENCE,
    DOCUMENTS_TOKEN_AUDIENCE,
    ApplicationReceived,
    InformationProvided,
    WithdrawalRequested,
)
from egov_sdk.auth import ServiceCredential, authenticator
from egov_sdk.eid import NationalEid
from egov_sdk.eid_pages import leaving_router
from egov_sdk.periodic import Periodic
from egov_sdk.projections import replay_router
from egov_sdk.runtime import ServiceRuntime
from egov_sdk.web_pages import serve_pages

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"
HOUSEKEEPING_EVERY_S = 3600.0
DOCUMENT_TIMEOUT_S = 30.0


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
    runtime.projection(status, repository.forget_transitions)

    catalog = runtime.catalog_view()
    tokens = ApplicationTokens(settings.application_token_key.get_secret_value().encode())
    signed_in = authenticator(settings, realm="egov-intake")
    files = Files(
        ClamdScanner(settings.clamd_host, settings.clamd_port, settings.clamd_timeout_s),
        FilesystemBlobStore(settings.blob_dir),
    )
    eid = NationalEid(settings.eid_issuer, settings.eid_client_id, settings.eid_client_secret.get_secret_value())
    router = applications_router(
        repository,
        catalog,
        runtime.source,
        tokens=tokens,
        staff=signed_in,
        workspace=ServiceCredential(settings.files_token_key, ATTACHMENTS_TOKEN_AUDIENCE),
        files=files,
        eid=eid,
    )
    contacts = contacts_router(
        repository, ServiceCredential(settings.contacts_token_key, CONTACTS_TOKEN_AUDIENCE), tokens
    )

    http = httpx.AsyncClient(timeout=settings.registry_timeout_s)
    runtime.on_stop(http.aclose)
    gateway = RegistryGateway(
        settings.registry_gateway_url, ServiceCredential(settings.prefill_token_key, PREFILL_TOKEN_AUDIENCE), http
    )
    workspace_http = httpx.AsyncClient(timeout=DOCUMENT_TIMEOUT_S)
    runtime.on_stop(workspace_http.aclose)
    documents = WorkspaceDocuments(
        settings.workspace_url, ServiceCredential(settings.files_token_key, DOCUMENTS_TOKEN_AUDIENCE), workspace_http
    )
    prefill = prefill_router(catalog, PrefillConsents(runtime.store), gateway, signed_in)
    drafts = Drafts(runtime.store)
    sweep = BlobSweep(files.blobs, repository.referenced_files)
    for loop in (
        Periodic("clear-drafts", drafts.clear_expired, HOUSEKEEPING_EVERY_S),
        Periodic("sweep-blobs", sweep.round, HOUSEKEEPING_EVERY_S),
    ):
        runtime.on_started(loop.start)
        runtime.on_stop(loop.stop)
    portal = [
        auth_router(eid, settings.portal_url),
        leaving_router(eid, settings.portal_url, expired),
        catalog_router(catalog),
        apply_router(catalog, repository, drafts, files, runtime.source),
        my_router(catalog, repository, files, runtime.source, documents),
    ]
    app = runtime.http_app(
        title="egov intake",
        version="1",
        routers=[router, contacts, prefill, replay_router(runtime.projections, signed_in), *portal],
    )
    serve_pages(
        app,
        static=STATIC,
        session_key=settings.session_key.get_secret_value(),
        cookie="egov_session",
        max_age_s=settings.session_max_age_s,
    )
    return runtime, app
