"""Calling RegiX for the queued requests, in rounds: `Execute`, then `CheckResult` until the
result is ready, never inside a store transaction.

RegiX slow or down: a call that times out or cannot connect is tried again later, each time
waiting twice as long (up to `call_retry_max_s`), and after `regix_breaker_failures` failures in
a row the circuit breaker opens: no round takes any request until it lets a probe through. The
requests wait in the store meanwhile, and complete once RegiX answers again; none is lost.

RegiX's call id is recorded as soon as `Execute` gives it, so a request whose result was not
ready (or whose round died) is asked for by `CheckResult`, not called a second time. Only a
round that dies between sending `Execute` and recording its id calls again after the lease:
RegiX may then count two calls; the asker still gets one reply and the audit one entry.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING, cast

from egov_registry_gateway.adapters.calls import LeaseLost
from egov_registry_gateway.adapters.regix import CallContext, RegixCall, RegixError, RegixUnavailable
from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.cache import AnswerCache
    from egov_registry_gateway.adapters.calls import Call, Calls
    from egov_registry_gateway.adapters.regix import RegixClient
    from egov_registry_gateway.domain.breaker import CircuitBreaker
    from egov_registry_gateway.service_layer.answers import Answers
    from egov_schemas.registry import RegistryOperation
    from egov_sdk.catalog_view import CatalogView

log = get_logger(__name__)


def regix_call(call: Call, catalog: CatalogView) -> RegixCall:
    """The SOAP request for a queued call, with the CallContext RegiX requires."""
    administration = catalog.administration(call.administration_id)
    arguments = call.arguments or {}
    return RegixCall(
        operation=cast("RegistryOperation", call.operation),  # NOTE: checked when the request was read
        arguments=arguments,
        context=CallContext(
            service_uri=call.application_id or f"request:{call.id}",
            service_type=f"Административна услуга {call.service}",
            employee_identifier=call.requested_by,
            administration_oid=(
                administration.eik if administration and administration.eik else call.administration_id
            ),
            administration_name=administration.name_bg if administration else call.administration_id,
            law_reason=call.law_reason or "",
            remark=call.purpose,
        ),
        citizen_egn=arguments.get("egn"),
    )


class Caller:
    def __init__(
        self,
        calls: Calls,
        answers: Answers,
        cache: AnswerCache,
        *,
        regix: RegixClient,
        breaker: CircuitBreaker,
        catalog: CatalogView,
        batch: int,
        lease: dt.timedelta,
        retry_max: dt.timedelta,
        result_poll: dt.timedelta,
    ):
        self._calls = calls
        self._answers = answers
        self._cache = cache
        self._regix = regix
        self._breaker = breaker
        self._catalog = catalog
        self._batch = batch
        self._lease = lease
        self._retry_max = retry_max
        self._result_poll = result_poll

    async def round(self) -> int:
        """Call RegiX for the requests due; how many were taken."""
        allowed = self._breaker.calls_allowed()
        if allowed == 0:
            return 0
        limit = self._batch if allowed is None else allowed
        now = dt.datetime.now(dt.UTC)
        taken = await self._calls.claim_due(now, limit, now + self._lease)
        await asyncio.gather(*(self._try(call) for call in taken))
        return len(taken)

    async def _try(self, call: Call) -> None:
        try:
            answer = await self._result(call)
        except RegixUnavailable as exc:
            if self._breaker.failed():
                log.warning("regix_breaker_opened", request_id=call.id)
            wait = min(self._retry_max, dt.timedelta(seconds=2 ** min(call.attempt, 16)))
            log.warning(
                "regix_unavailable",
                request_id=call.id,
                attempt=call.attempt,
                retry_in_s=wait.total_seconds(),
                error=str(exc),
            )
            await self._postponed(call, wait)
            return
        except LeaseLost:
            return
        if self._breaker.succeeded():
            log.info("regix_breaker_closed", request_id=call.id)
        if answer is None:
            await self._postponed(call, self._result_poll)
            return
        now = dt.datetime.now(dt.UTC)
        if answer.status == "found" and answer.data is not None:
            await self._cache.put(call.operation, call.arguments or {}, answer.data, now)
        try:
            await self._answers.give(call, answer, now=now)
        except LeaseLost:
            log.info("registry_call_taken_again", request_id=call.id)

    async def _result(self, call: Call) -> RegistryAnswer | None:
        """Start the call on RegiX unless it was started, then ask for its result (None: not ready)."""
        if call.service_call_id is None:
            try:
                call_id = await self._regix.execute(regix_call(call, self._catalog))
            except RegixError as exc:
                return RegistryAnswer("error", error=str(exc))
            call = await self._calls.remember_call_id(call, call_id)
        return await self._regix.check_result(call.service_call_id or "")

    async def _postponed(self, call: Call, wait: dt.timedelta) -> None:
        try:
            await self._calls.postpone(call, dt.datetime.now(dt.UTC) + wait)
        except LeaseLost:
            log.info("registry_call_taken_again", request_id=call.id)
