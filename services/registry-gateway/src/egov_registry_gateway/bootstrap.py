"""Composition root of the registry gateway."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from egov_registry_gateway.adapters.audit_log import AuditLog
from egov_registry_gateway.adapters.regix_simulator import RegixSimulator
from egov_registry_gateway.entrypoints.http import audit_router
from egov_registry_gateway.service_layer.lookups import RegistryLookups
from egov_registry_gateway.settings import RegistryGatewaySettings
from egov_schemas import topics
from egov_schemas.registry import RegistryReply, RegistryRequest
from egov_sdk.auth import authenticator
from egov_sdk.runtime import ServiceRuntime

if TYPE_CHECKING:
    from fastapi import FastAPI

MIGRATIONS = Path(__file__).parent / "migrations"


def build(settings: RegistryGatewaySettings) -> tuple[ServiceRuntime, FastAPI]:
    runtime = ServiceRuntime(
        settings, description="Registry gateway: audited access to national registries", migrations=MIGRATIONS
    )
    audit = AuditLog(runtime.store, runtime.outbox)
    runtime.produces(
        topics.REGISTRY_REPLIES_TEMPLATE,
        RegistryReply,
        description="Answers to one administration's registry requests, on its own topic.",
        create=False,
    )

    lookups = RegistryLookups(audit, RegixSimulator(), runtime.source)
    requests = runtime.consumer("registry-gateway.requests", {RegistryRequest: lookups.on_request})
    # NOTE: the topic names the administration asking: only its principal may write it (ACL).
    requests.subscribe(
        pattern=topics.REGISTRY_REQUESTS_PATTERN, description="Registry checks requested by administrations' handlers"
    )

    return runtime, runtime.http_app(
        title="egov registry gateway",
        version="1",
        routers=[audit_router(audit, authenticator(settings, realm="egov-registry"))],
    )
