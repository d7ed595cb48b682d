"""Composition root of the routing service."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from egov_routing.adapters.decree_days import DecreeDays
from egov_routing.adapters.pay_egov import PayEgovClient
from egov_routing.adapters.payments import Payments
from egov_routing.adapters.repository import ApplicationStates, Deadlines
from egov_routing.adapters.shadow_decisions import ShadowDecisions
from egov_routing.adapters.work_items import WorkItems
from egov_routing.entrypoints.calendar import calendar_router
from egov_routing.entrypoints.deadlines import deadlines_router
from egov_routing.entrypoints.http import states_router
from egov_routing.entrypoints.payments import payments_router
from egov_routing.entrypoints.shadow import shadow_router
from egov_routing.service_layer.calendar import CalendarSource
from egov_routing.service_layer.citizen import CitizenRequests
from egov_routing.service_layer.deadlines import DeadlineScheduler
from egov_routing.service_layer.payments import PaymentDesk
from egov_routing.service_layer.replies import ReplyHandler
from egov_routing.service_layer.routing import Router
from egov_routing.service_layer.shadow import Deliveries, ShadowDesk
from egov_routing.settings import RoutingSettings
from egov_schemas import topics
from egov_schemas.lifecycle import DEADLINE_EVENTS, STATE_TRANSITIONS
from egov_schemas.work import (
    AcceptReply,
    AcknowledgeWithdrawalReply,
    ApplicationReceived,
    CompleteReply,
    InformationProvided,
    RefuseReply,
    RequestInfoReply,
    WithdrawalRequested,
    WorkItem,
    WorkWithdrawn,
)
from egov_sdk.auth import authenticator
from egov_sdk.clock import Clock
from egov_sdk.metrics import Stages
from egov_sdk.periodic import Periodic
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"
REPLIES = (AcceptReply, RequestInfoReply, CompleteReply, RefuseReply, AcknowledgeWithdrawalReply)


def build(settings: RoutingSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Routing: the lifecycle state machine and deadlines", migrations=MIGRATIONS
    )
    store, outbox, source = runtime.store, runtime.outbox, runtime.source
    states, work_items, payments = ApplicationStates(store, outbox), WorkItems(store), Payments(store)
    decree_days = DecreeDays(store)
    stages = Stages(store)
    calendar, clock = CalendarSource(decree_days), Clock(settings.test_clock_file)
    catalog = runtime.catalog_view()
    runtime.produces(
        topics.APPLICATIONS,
        *STATE_TRANSITIONS,
        *DEADLINE_EVENTS,
        description="Every lifecycle transition and deadline reminder; thin, no personal data. Only routing writes.",
    )
    runtime.produces(
        topics.ADMIN_INBOX_TEMPLATE,
        WorkItem,
        WorkWithdrawn,
        description="Work items for one administration, with the applicant's data its staff need, and withdrawals.",
        create=False,
    )

    deliveries = Deliveries(catalog, clock, source)
    shadow = ShadowDesk(states, ShadowDecisions(store), catalog)
    router = Router(
        states,
        work_items,
        payments,
        catalog,
        deliveries,
        stages=stages,
        calendar=calendar,
        source=source,
        payment_validity=dt.timedelta(days=settings.payment_validity_days),
    )
    citizen = CitizenRequests(states, work_items, payments, deliveries, calendar=calendar, clock=clock, source=source)
    submissions = runtime.consumer(
        "routing.submissions",
        {
            ApplicationReceived: router.on_submission,
            InformationProvided: citizen.on_information,
            WithdrawalRequested: citizen.on_withdrawal,
        },
    )
    submissions.subscribe(
        topics.SUBMISSIONS, description="Submissions to route, and the citizens' answers and withdrawals"
    )

    replies = ReplyHandler(states, work_items, shadow, clock, source, stages=stages)
    decisions = runtime.consumer("routing.replies", dict.fromkeys(REPLIES, replies.on_reply))
    # NOTE: a pattern subscription picks up the replies topic of an administration that joins
    # later, at the next metadata refresh (KAFKA_METADATA_MAX_AGE_MS), with no restart.
    decisions.subscribe(pattern=topics.ADMIN_REPLIES_PATTERN, description="Decisions of every administration")

    scheduler = DeadlineScheduler(
        store,
        Deadlines(store),
        outbox,
        calendar=calendar,
        clock=clock,
        source=source,
        warn_working_days=settings.deadline_warning_working_days,
    )
    pay_egov = PayEgovClient(
        settings.payegov_url, settings.payegov_client_id, settings.payegov_secret.get_secret_value()
    )
    desk = PaymentDesk(
        store,
        states,
        work_items,
        payments,
        deliveries,
        pay_egov=pay_egov,
        catalog=catalog,
        calendar=calendar,
        source=source,
        callback_url=settings.payment_callback_url,
        client_ids=settings.payegov_administration_clients,
        poll_after=dt.timedelta(seconds=settings.payment_poll_after_s),
    )
    for loop in (
        Periodic("deadline-check", scheduler.check, settings.deadline_check_interval_s),
        Periodic("payment-desk", desk.work, settings.payment_check_interval_s),
    ):
        runtime.on_started(loop.start)
        runtime.on_stop(loop.stop)
    runtime.on_start(calendar.reload)
    runtime.on_stop(pay_egov.aclose)

    principal = authenticator(settings, realm="egov-routing")
    return runtime, runtime.http_app(
        title="egov routing",
        version="1",
        routers=[
            states_router(states, principal),
            deadlines_router(scheduler, principal),
            calendar_router(decree_days, calendar, principal),
            payments_router(desk, pay_egov),
            shadow_router(shadow, principal),
        ],
    )
