"""Registry requests as they arrive over Kafka: checked, and then answered at once (a request
the gateway cannot read, one outside the service's legal basis, one the cache answers) or
queued for RegiX (`caller.py` calls it). A request asked again gets the reply it had."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from egov_registry_gateway.adapters.calls import RECEIVED, Call
from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_registry_gateway.domain.operations import subject_of, subject_ref
from egov_registry_gateway.service_layer.legal_basis import Refused, legal_basis
from egov_schemas import topics
from egov_sdk.consumer import PermanentFailure

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.cache import AnswerCache
    from egov_registry_gateway.adapters.calls import Calls
    from egov_registry_gateway.service_layer.answers import Answers
    from egov_schemas.registry import RegistryRequest
    from egov_sdk.catalog_view import CatalogView
    from egov_sdk.consumer import Delivery


class RequestDesk:
    def __init__(self, calls: Calls, answers: Answers, cache: AnswerCache, catalog: CatalogView, subject_key: bytes):
        self._calls = calls
        self._answers = answers
        self._cache = cache
        self._catalog = catalog
        self._subject_key = subject_key

    async def on_request(self, request: RegistryRequest, delivery: Delivery) -> None:
        administration_id = _asking_administration(delivery.topic)
        if request.administration_id != administration_id:
            raise PermanentFailure(
                f"request names administration {request.administration_id} but came on {delivery.topic}"
            )
        now = dt.datetime.now(dt.UTC)
        known = await self._calls.get(administration_id, request.request_id)
        if known is not None:
            if known.completed_at is not None:
                await self._answers.give_again(known, now)
            return  # NOTE: still waiting for RegiX: its one reply comes when answered
        call = Call(
            id=request.request_id,
            administration_id=administration_id,
            application_id=request.application_id,
            service=request.service,
            operation=request.operation,
            arguments=None,
            subject={},
            subject_ref="",
            law_reason=None,
            purpose=request.purpose,
            requested_by=request.requested_by,
            requested_at=request.requested_at,
            status=RECEIVED,
            attempt=0,
            due_at=None,
        )
        try:
            subject = subject_of(request.operation, request.arguments)
        except ValueError as exc:
            await self._answers.give(call, RegistryAnswer("error", error=str(exc)), now=now, audited=False)
            return
        call = call.with_subject(subject, subject_ref(self._subject_key, subject))
        basis = await legal_basis(self._catalog, administration_id, request.service, request.operation)
        if isinstance(basis, Refused):
            await self._answers.give(call, RegistryAnswer("refused", error=basis.reason), now=now)
            return
        call = call.under(basis.law_reason)
        if (data := await self._cache.get(call.operation, call.arguments or {}, now)) is not None:
            await self._answers.give(call, RegistryAnswer("found", data), now=now, cached=True)
            return
        await self._calls.add(call.queued(now))


def _asking_administration(topic: str) -> str:
    if (
        not topic.startswith(topics.REGISTRY_REQUESTS_PREFIX)
        or (administration := topics.administration_of(topic)) is None
    ):
        raise PermanentFailure(f"registry requests are read from administrations' own request topics, not {topic}")
    return administration
