"""Composition root of the registry gateway."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from egov_registry_gateway.adapters.access_log import AccessLog
from egov_registry_gateway.adapters.cache import AnswerCache
from egov_registry_gateway.adapters.calls import Calls
from egov_registry_gateway.adapters.regix import RegixClient
from egov_registry_gateway.domain.breaker import CircuitBreaker
from egov_registry_gateway.entrypoints.http import audit_router
from egov_registry_gateway.entrypoints.prefill import prefill_router
from egov_registry_gateway.entrypoints.tracker import tracker_router
from egov_registry_gateway.service_layer.answers import Answers
from egov_registry_gateway.service_layer.caller import Caller
from egov_registry_gateway.service_layer.housekeeping import Housekeeping
from egov_registry_gateway.service_layer.prefill import Prefill
from egov_registry_gateway.service_layer.requests import RequestDesk
from egov_registry_gateway.settings import RegistryGatewaySettings
from egov_schemas import topics
from egov_schemas.registry import PREFILL_TOKEN_AUDIENCE, RegistryReply, RegistryRequest
from egov_sdk.auth import ServiceCredential, authenticator
from egov_sdk.periodic import Periodic
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"
HOUSEKEEPING_INTERVAL_S = 600.0


def build(settings: RegistryGatewaySettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Registry gateway: audited access to national registries", migrations=MIGRATIONS
    )
    runtime.produces(
        topics.REGISTRY_REPLIES_TEMPLATE,
        RegistryReply,
        description="Answers to one administration's registry requests, on its own topic.",
        create=False,
    )
    catalog = runtime.catalog_view()
    calls, access_log = Calls(runtime.store), AccessLog(runtime.store)
    cache = AnswerCache(runtime.store, settings.cache_ttl_s)
    answers = Answers(runtime.store, calls, access_log, runtime.outbox, runtime.source)
    subject_key = settings.audit_subject_key.get_secret_value().encode()
    regix = RegixClient(settings.regix_url, timeout_s=settings.regix_timeout_s)
    runtime.on_stop(regix.close)
    # NOTE: one breaker for queued calls and prefill alike: both reach the same RegiX.
    breaker = CircuitBreaker(settings.regix_breaker_failures, settings.regix_breaker_open_s)

    desk = RequestDesk(calls, answers, cache, catalog, subject_key)
    requests = runtime.consumer("registry-gateway.requests", {RegistryRequest: desk.on_request})
    # NOTE: the topic names the administration asking: only its principal may write it (ACL).
    requests.subscribe(
        pattern=topics.REGISTRY_REQUESTS_PATTERN, description="Registry checks requested by administrations' handlers"
    )
    caller = Caller(
        calls,
        answers,
        cache,
        regix=regix,
        breaker=breaker,
        catalog=catalog,
        batch=settings.call_batch,
        # NOTE: a round's call ends within the timeout twice over (Execute, then CheckResult).
        lease=dt.timedelta(seconds=2 * settings.regix_timeout_s + 30),
        retry_max=dt.timedelta(seconds=settings.call_retry_max_s),
        result_poll=dt.timedelta(seconds=settings.result_poll_s),
    )
    calling = Periodic("call-regix", caller.round, settings.call_interval_s, full_batch=settings.call_batch)
    calls.on_queued(calling.wake)
    housekeeping = Housekeeping(calls, cache, dt.timedelta(hours=settings.reply_retention_hours))
    for loop in (calling, Periodic("housekeeping", housekeeping.round, HOUSEKEEPING_INTERVAL_S)):
        runtime.on_started(loop.start)
        runtime.on_stop(loop.stop)

    prefill = Prefill(calls, answers, regix=regix, breaker=breaker, catalog=catalog, subject_key=subject_key)
    principal = authenticator(settings, realm="egov-registry")
    return runtime, runtime.http_app(
        title="egov registry gateway",
        version="1",
        routers=[
            audit_router(access_log, principal),
            tracker_router(access_log, catalog, subject_key, principal),
            prefill_router(prefill, ServiceCredential(settings.prefill_token_key, PREFILL_TOKEN_AUDIENCE)),
        ],
    )
