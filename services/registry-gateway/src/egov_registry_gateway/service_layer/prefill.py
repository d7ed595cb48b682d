"""A citizen's own data from the registries, to fill in a form: asked by intake while the citizen
waits, so RegiX is called synchronously (`ExecuteSynchronous`), and an unavailable RegiX is said
at once instead of queued. Each access is recorded like any other, under the service's law."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from egov_registry_gateway.adapters.calls import PENDING, RECEIVED, Call
from egov_registry_gateway.adapters.regix import RegixUnavailable
from egov_registry_gateway.domain.answer import RegistryAnswer
from egov_registry_gateway.domain.operations import subject_of, subject_ref
from egov_registry_gateway.service_layer.caller import regix_call
from egov_registry_gateway.service_layer.legal_basis import Refused, legal_basis
from egov_schemas.registry import PrefillAnswer
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.calls import Calls
    from egov_registry_gateway.adapters.regix import RegixClient
    from egov_registry_gateway.domain.breaker import CircuitBreaker
    from egov_registry_gateway.service_layer.answers import Answers
    from egov_schemas.registry import PrefillRequest
    from egov_sdk.catalog_view import CatalogView

log = get_logger(__name__)
SELF_SERVICE = "citizen (self-service)"
_PURPOSE = (
    "Попълване на заявлението по искане на лицето (съгласие {0}) / "
    "Prefilling the application at the person's request (consent {0})"
)


class RegistryUnavailable(Exception):
    """RegiX is not answering (or the breaker keeps it alone): the citizen fills the form by hand."""


class AskedAlready(Exception):
    """A prefill with this consent is under way."""


class Prefill:
    def __init__(
        self,
        calls: Calls,
        answers: Answers,
        *,
        regix: RegixClient,
        breaker: CircuitBreaker,
        catalog: CatalogView,
        subject_key: bytes,
    ):
        self._calls = calls
        self._answers = answers
        self._regix = regix
        self._breaker = breaker
        self._catalog = catalog
        self._subject_key = subject_key

    async def ask(self, asked: PrefillRequest) -> list[PrefillAnswer]:
        return [await self._one(asked, operation) for operation in dict.fromkeys(asked.operations)]

    async def _one(self, asked: PrefillRequest, operation: str) -> PrefillAnswer:
        call_id = f"prefill:{asked.consent_id}:{operation}"
        known = await self._calls.get(asked.administration_id, call_id)
        if known is not None:
            if known.reply is None:
                raise AskedAlready(call_id)
            return PrefillAnswer.model_validate({"operation": operation, **_outcome(known.reply)})
        subject = subject_of(operation, {"egn": asked.egn})
        now = dt.datetime.now(dt.UTC)
        call = Call(
            id=call_id,
            administration_id=asked.administration_id,
            application_id=None,
            service=asked.service,
            operation=operation,
            arguments=None,
            subject={},
            subject_ref="",
            law_reason=None,
            purpose=_PURPOSE.format(asked.consent_id),
            requested_by=SELF_SERVICE,
            requested_at=now,
            status=RECEIVED,
            attempt=0,
            due_at=None,
        ).with_subject(subject, subject_ref(self._subject_key, subject))
        basis = await legal_basis(self._catalog, asked.administration_id, asked.service, operation)
        if isinstance(basis, Refused):
            return await self._answered(call, RegistryAnswer("refused", error=basis.reason))
        if self._breaker.calls_allowed() == 0:
            raise RegistryUnavailable("RegiX is not answering; the circuit breaker is open")
        # NOTE: recorded before the call, so that an access is never made without a trace.
        call = dataclasses.replace(call.under(basis.law_reason), status=PENDING, attempt=1)
        await self._calls.add(call)
        try:
            answer = await self._regix.execute_synchronous(regix_call(call, self._catalog))
        except RegixUnavailable as exc:
            if self._breaker.failed():
                log.warning("regix_breaker_opened", request_id=call_id)
            await self._answered(call, RegistryAnswer("error", error="RegiX did not answer"))
            raise RegistryUnavailable(str(exc)) from exc
        if self._breaker.succeeded():
            log.info("regix_breaker_closed", request_id=call_id)
        return await self._answered(call, answer)

    async def _answered(self, call: Call, answer: RegistryAnswer) -> PrefillAnswer:
        await self._answers.give(call, answer, now=dt.datetime.now(dt.UTC), published=False)
        return PrefillAnswer.model_validate({"operation": call.operation, **_outcome(dataclasses.asdict(answer))})


def _outcome(reply: dict[str, Any]) -> dict[str, Any]:
    return {name: reply[name] for name in ("status", "data", "error")}
