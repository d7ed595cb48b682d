"""Composition root of the routing service."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from egov_routing.adapters.repository import ApplicationStates
from egov_routing.entrypoints.http import states_router
from egov_routing.service_layer.replies import ReplyHandler
from egov_routing.service_layer.routing import Router
from egov_routing.settings import RoutingSettings
from egov_schemas import topics
from egov_schemas.lifecycle import STATE_TRANSITIONS
from egov_schemas.work import (
    AcceptReply,
    ApplicationReceived,
    CompleteReply,
    RefuseReply,
    RequestInfoReply,
    WorkItem,
)
from egov_sdk.auth import authenticator
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: RoutingSettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Routing: the lifecycle state machine and deadlines", migrations=MIGRATIONS
    )
    states = ApplicationStates(runtime.store, runtime.outbox)
    catalog = runtime.catalog_view()
    runtime.produces(
        topics.APPLICATIONS,
        *STATE_TRANSITIONS,
        description="Every lifecycle transition; thin, no personal data. Routing is its only writer.",
    )
    runtime.produces(
        topics.ADMIN_INBOX_TEMPLATE,
        WorkItem,
        description="Work items for one administration, with the applicant's data its staff need.",
        create=False,
    )

    router = Router(states, catalog, runtime.source)
    submissions = runtime.consumer("routing.submissions", {ApplicationReceived: router.on_submission})
    submissions.subscribe(topics.SUBMISSIONS, description="Submissions to route to their administration")

    replies = ReplyHandler(states, runtime.source)
    decisions = runtime.consumer(
        "routing.replies", dict.fromkeys((AcceptReply, RequestInfoReply, CompleteReply, RefuseReply), replies.on_reply)
    )
    # NOTE: a pattern subscription picks up the replies topic of an administration that joins
    # later, at the next metadata refresh (KAFKA_METADATA_MAX_AGE_MS), with no restart.
    decisions.subscribe(pattern=topics.ADMIN_REPLIES_PATTERN, description="Decisions of every administration")

    return runtime, runtime.http_app(
        title="egov routing",
        version="1",
        routers=[states_router(states, authenticator(settings, realm="egov-routing"))],
    )
