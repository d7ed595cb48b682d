"""Answering registry requests, with an audit record of every access written with the reply."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_registry_gateway.adapters.audit_log import Access
from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers
from egov_schemas.registry import RegistryReply, RegistryRequest
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.audit_log import AuditLog
    from egov_registry_gateway.adapters.regix_simulator import RegixSimulator
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)


class RegistryLookups:
    def __init__(self, audit: AuditLog, regix: RegixSimulator, source: str):
        self._audit = audit
        self._regix = regix
        self._source = source

    async def on_request(self, request: RegistryRequest, _: Delivery) -> None:
        if await self._audit.contains(request.request_id):
            return
        answer = await self._regix.execute(request.operation, request.arguments)
        reply = RegistryReply(
            request_id=request.request_id,
            administration_id=request.administration_id,
            status=answer.status,
            data=answer.data,
            error=answer.error,
            answered_at=dt.datetime.now(dt.UTC),
        )
        access = Access(
            id=request.request_id,
            administration_id=request.administration_id,
            application_id=request.application_id,
            operation=request.operation,
            subject={name: mask_personal_numbers(value) for name, value in request.arguments.items()},
            legal_basis=request.legal_basis,
            requested_by=request.requested_by,
            requested_at=request.requested_at,
            status=answer.status,
        )
        if not await self._audit.add(access, [to_record(reply, topic=topics.REGISTRY_REPLIES, source=self._source)]):
            return
        log.info("registry_accessed", request_id=request.request_id, operation=request.operation, status=answer.status)
