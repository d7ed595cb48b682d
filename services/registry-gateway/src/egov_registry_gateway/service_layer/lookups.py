"""Answering registry requests, with an audit record of every access made before the call."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_registry_gateway.adapters.audit_log import CALLING, Access
from egov_registry_gateway.adapters.regix_simulator import RegistryAnswer
from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers
from egov_schemas.registry import RegistryReply, RegistryRequest
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import PermanentFailure
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.audit_log import AuditLog
    from egov_registry_gateway.adapters.regix_simulator import RegixSimulator
    from egov_sdk.consumer import Delivery

log = get_logger(__name__)
INTERRUPTED = "interrupted"
INTERRUPTED_ERROR = (
    "the call was interrupted and is not repeated, so that it is not billed twice; ask again with a new request_id"
)


class RegistryLookups:
    def __init__(self, audit: AuditLog, regix: RegixSimulator, source: str):
        self._audit = audit
        self._regix = regix
        self._source = source

    async def on_request(self, request: RegistryRequest, delivery: Delivery) -> None:
        administration_id = _asking_administration(delivery.topic)
        if request.administration_id != administration_id:
            raise PermanentFailure(
                f"request names administration {request.administration_id} but came on {delivery.topic}"
            )
        access = Access(
            id=request.request_id,
            administration_id=administration_id,
            application_id=request.application_id,
            operation=request.operation,
            subject={name: mask_personal_numbers(value) for name, value in request.arguments.items()},
            legal_basis=request.legal_basis,
            requested_by=request.requested_by,
            requested_at=request.requested_at,
        )
        if not await self._audit.begin(access):
            if await self._audit.status(administration_id, request.request_id) == CALLING:
                # NOTE: an earlier attempt recorded the call and died before completing it.
                await self._complete(access, RegistryAnswer("error", error=INTERRUPTED_ERROR), INTERRUPTED)
            return
        answer = await self._regix.execute(request.operation, request.arguments)
        await self._complete(access, answer, answer.status)
        log.info("registry_accessed", request_id=request.request_id, operation=request.operation, status=answer.status)

    async def _complete(self, access: Access, answer: RegistryAnswer, audit_status: str) -> None:
        reply = RegistryReply(
            request_id=access.id,
            administration_id=access.administration_id,
            status=answer.status,
            data=answer.data,
            error=answer.error,
            answered_at=dt.datetime.now(dt.UTC),
        )
        topic = topics.registry_replies(access.administration_id)
        await self._audit.complete(access, audit_status, [to_record(reply, topic=topic, source=self._source)])


def _asking_administration(topic: str) -> str:
    if (
        not topic.startswith(topics.REGISTRY_REQUESTS_PREFIX)
        or (administration := topics.administration_of(topic)) is None
    ):
        raise PermanentFailure(f"registry requests are read from administrations' own request topics, not {topic}")
    return administration
