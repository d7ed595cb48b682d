"""Composition root of the staff workspace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from egov_schemas import topics
from egov_schemas.registry import RegistryReply, RegistryRequest
from egov_schemas.work import (
    DOCUMENTS_TOKEN_AUDIENCE,
    AcceptReply,
    AcknowledgeWithdrawalReply,
    CompleteReply,
    RefuseReply,
    RequestInfoReply,
    WorkItem,
    WorkWithdrawn,
)
from egov_sdk.auth import ServiceCredential, authenticator
from egov_sdk.clock import Clock
from egov_sdk.eid import NationalEid
from egov_sdk.eid_pages import leaving_router
from egov_sdk.handler import for_staff
from egov_sdk.logging import get_logger
from egov_sdk.runtime import ServiceRuntime
from egov_sdk.web_pages import serve_pages
from egov_workspace.adapters.audit import AuditLog
from egov_workspace.adapters.case_records import CaseRecords
from egov_workspace.adapters.cases import CaseRepository
from egov_workspace.adapters.intake_files import IntakeFiles
from egov_workspace.adapters.numbering import RegistrationNumbers
from egov_workspace.adapters.staff import StaffDirectory
from egov_workspace.domain.staff import StaffMember
from egov_workspace.entrypoints.admin_pages import admin_router
from egov_workspace.entrypoints.auth_pages import auth_router
from egov_workspace.entrypoints.case_pages import CasePage, case_router, decision_router, work_router
from egov_workspace.entrypoints.documents_api import documents_router
from egov_workspace.entrypoints.staff_api import staff_api_router
from egov_workspace.entrypoints.web import STATIC, expired
from egov_workspace.entrypoints.worklist_pages import worklist_router
from egov_workspace.service_layer.desk import REQUEST_PREFIX, Desk
from egov_workspace.service_layer.inbox import Inbox

if TYPE_CHECKING:
    from fastapi import FastAPI

    from egov_workspace.settings import WorkspaceSettings

MIGRATIONS = Path(__file__).parent / "migrations"
log = get_logger(__name__)


def build(settings: WorkspaceSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Staff workspace: administrations' employees process applications", migrations=MIGRATIONS
    )
    store, outbox, clock = runtime.store, runtime.outbox, Clock()
    catalog = runtime.catalog_view()
    cases, records, audit = CaseRepository(store), CaseRecords(store), AuditLog(store)
    staff, numbers = StaffDirectory(store), RegistrationNumbers(store)

    inbox = Inbox(cases, records, audit, outbox, clock, runtime.source)
    work = runtime.consumer(
        "workspace.inbox", {WorkItem: inbox.on_work_item, WorkWithdrawn: inbox.on_withdrawn}, wanted=for_staff
    )
    # NOTE: every administration's inbox, one joining later included (at the next metadata
    # refresh); the work items of services a handler processes are left to it.
    work.subscribe(pattern=topics.ADMIN_INBOX_PATTERN, description="Work items and withdrawals its staff process")
    answers = runtime.consumer(
        "workspace.registry-replies",
        {RegistryReply: inbox.on_registry_reply},
        wanted=lambda reply: isinstance(reply, RegistryReply) and reply.request_id.startswith(REQUEST_PREFIX),
    )
    answers.subscribe(pattern=topics.REGISTRY_REPLIES_PATTERN, description="Answers to the checks staff asked for")
    runtime.produces(
        topics.ADMIN_REPLIES_TEMPLATE,
        AcceptReply,
        RequestInfoReply,
        CompleteReply,
        RefuseReply,
        AcknowledgeWithdrawalReply,
        description="Staff's decisions, on the administration's replies topic as its handler's would be.",
        create=False,
    )
    runtime.produces(
        topics.REGISTRY_REQUESTS_TEMPLATE,
        RegistryRequest,
        description="Registry checks staff ask for from a case, under the law its service declares.",
        create=False,
    )

    async def seed_staff() -> None:
        added = [seed.person for seed in settings.seed_staff if await staff.seed(StaffMember(**seed.model_dump()))]
        log.info("staff_seeded", added=len(added))

    runtime.on_start(seed_staff)

    http = httpx.AsyncClient(timeout=settings.intake_timeout_s)
    runtime.on_stop(http.aclose)
    files = IntakeFiles(http, settings.intake_url, settings.files_token_key, service_name=settings.service_name)
    desk = Desk(store, cases, staff, numbers, records, audit, outbox, catalog, clock, runtime.source)
    pages = CasePage(desk, catalog, clock, settings)
    eid = NationalEid(settings.eid_issuer, settings.eid_client_id, settings.eid_client_secret.get_secret_value())
    routers = [
        documents_router(records, ServiceCredential(settings.files_token_key, DOCUMENTS_TOKEN_AUDIENCE)),
        auth_router(eid, settings.workspace_url, staff, audit),
        leaving_router(eid, settings.workspace_url, expired),
        worklist_router(cases, staff, catalog, clock, settings),
        case_router(pages, files),
        work_router(pages),
        decision_router(pages),
        admin_router(staff, numbers, audit, clock),
        staff_api_router(staff, audit, authenticator(settings, realm="egov-workspace")),
    ]
    app = runtime.http_app(title="egov workspace", version="1", routers=routers)
    serve_pages(
        app,
        static=STATIC,
        session_key=settings.session_key.get_secret_value(),
        cookie="egov_workspace_session",
        max_age_s=settings.session_max_age_s,
    )
    app.state.staff = staff  # NOTE: every page reads who the employee is now (web.current_member)
    return runtime, app
