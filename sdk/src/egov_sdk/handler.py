"""The handler API: what an administration writes to process the work the platform routes to it.

    app = HandlerApp(HandlerSettings(administration_id="sofia"))

    @app.service(2016)
    async def heirs(item: WorkItem, ctx: Context) -> list[Decision]:
        deceased = await ctx.registry.person(item.form["deceased_egn"], reason="Проверка на наследодателя")
        if deceased.status == "found" and deceased.data and not deceased.data["alive"]:
            return [Accept(registration_number="..."), Complete(document_id="...")]
        return [Refuse(reasons=["..."])]

    app.run()

A service's function takes the work item and, if it declares a second parameter, a `Context`:
`ctx.registry` checks the state registers through the registry gateway (see
`egov_sdk.registry_client`). Which form the function has is read once, when it is registered.

A handler reads its administration's inbox and sends its decisions to its replies topic; routing
checks them. It decides only on the services its package marks `processing: automatic`: the
others' work items are its staff's, in the workspace, which reads the same inbox.

The functions decide on a batch's work items all at once, before the batch's transaction (so a
function that waits, on a registry say, holds no transaction and does not hold up the others); the
decisions are then queued in the transaction that records the work items as handled. Each decision
gets an id derived from the work item, so a redelivered work item produces the same replies (same
`ce_id`) and routing applies them once. A registry check that is not answered in time
(`registry_reply_timeout_s`) rolls the work item back to be handled again later; the function must
then make the same checks in the same order (see `Registry`).

In shadow mode (the package's `shadow_from`, while staff still process the service) the handler
gets copies of staff's work items with `item.shadow` set; it decides on them as on any other, and
its replies say `shadow`: routing records them for the shadow report and applies none.

When the citizen answers a `RequestInfo`, the same function gets the next version of the work
item (`item.version`, with the answer in `item.information[-1]`). When the citizen withdraws, the
function registered with `@app.withdrawn(number)` (if any) is called to stop the work, and the
withdrawal is acknowledged.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from pydantic import Field

from egov_schemas import topics
from egov_schemas.lifecycle import InformationNeeded
from egov_schemas.personal_data import personal_data_in
from egov_schemas.registry import RegistryRequest
from egov_schemas.work import (
    AcceptReply,
    AcknowledgeWithdrawalReply,
    CompleteReply,
    HandlerReply,
    RefuseReply,
    RequestInfoReply,
    WorkItem,
    WorkWithdrawn,
)
from egov_sdk.cloudevents import to_record
from egov_sdk.consumer import Delivery, PermanentFailure
from egov_sdk.logging import get_logger
from egov_sdk.registry_client import Registry, RegistryAnswer, RegistryClient
from egov_sdk.runtime import ServiceRuntime
from egov_sdk.settings import PlatformSettings
from egov_sdk.storable import unstorable

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = [
    "Accept",
    "AcknowledgeWithdrawal",
    "Complete",
    "Context",
    "Decision",
    "HandlerApp",
    "HandlerSettings",
    "Needed",
    "Refuse",
    "RegistryAnswer",
    "RequestInfo",
    "ServiceHandler",
    "WithdrawalHandler",
    "for_staff",
    "people_named_in",
    "reply_for",
]
log = get_logger(__name__)


class HandlerSettings(PlatformSettings):
    administration_id: str = Field(description="The administration whose inbox this handler processes")
    registry_reply_timeout_s: float = Field(
        30.0,
        gt=0,
        description="How long a registry check waits for the gateway's answer before the work item is retried later",
    )


@dataclass(frozen=True)
class Accept:
    registration_number: str


Needed = InformationNeeded
"""One thing asked for: `Needed(key="...", kind="answer" | "attachment", description="...")`."""


@dataclass(frozen=True)
class RequestInfo:
    message: str
    needed: list[InformationNeeded]


@dataclass(frozen=True)
class Complete:
    document_id: str | None = None


@dataclass(frozen=True)
class Refuse:
    reasons: list[str]


@dataclass(frozen=True)
class AcknowledgeWithdrawal:
    """Work on a withdrawn application has stopped (the SDK sends it after `@app.withdrawn`)."""


Decision = Accept | RequestInfo | Complete | Refuse
"""What a service's function may decide on a work item (the SDK acknowledges withdrawals itself)."""


@dataclass(frozen=True)
class Context:
    """What a service's function may use besides its work item."""

    registry: Registry
    """The registry checks of this handling (`await ctx.registry.person(egn, reason="...")`)."""


ServiceHandler = (
    Callable[[WorkItem], Awaitable[Sequence[Decision]]] | Callable[[WorkItem, Context], Awaitable[Sequence[Decision]]]
)
"""A service's function: `(item)` or `(item, ctx)`."""
_Service = TypeVar("_Service", bound=ServiceHandler)
_WithContext = Callable[[WorkItem, Context], Awaitable[Sequence[Decision]]]
WithdrawalHandler = Callable[[WorkWithdrawn], Awaitable[None]]


def reply_for(item: WorkItem | WorkWithdrawn, decision: Decision | AcknowledgeWithdrawal, index: int) -> HandlerReply:
    """The reply event for the `index`-th decision on a work item (or a withdrawal notice)."""
    common = {
        "application_id": item.application_id,
        "administration_id": item.administration_id,
        "reply_id": f"{item.event_id}:{index}",
        "decided_at": dt.datetime.now(dt.UTC),
        "shadow": isinstance(item, WorkItem) and item.shadow,
    }
    match decision:
        case Accept(registration_number=number):
            return AcceptReply(**common, registration_number=number)
        case RequestInfo(message=message, needed=needed):
            return RequestInfoReply(**common, message=message, needed=needed)
        case Complete(document_id=document_id):
            return CompleteReply(**common, document_id=document_id)
        case Refuse(reasons=reasons):
            return RefuseReply(**common, reasons=reasons)
        case AcknowledgeWithdrawal():
            return AcknowledgeWithdrawalReply(**common)


def people_named_in(item: WorkItem) -> list[str]:
    """The names of the people a work item is about: the applicant's, and every form answer
    whose field is a name (`name`, `deceased_name`, ...), nested ones included."""
    names = [item.applicant.name]

    def collect(value: Any, field: str) -> None:
        if isinstance(value, str) and field.endswith("name"):
            names.append(value)
        elif isinstance(value, dict):
            for key, nested in value.items():
                collect(nested, str(key))
        elif isinstance(value, list):
            for nested in value:
                collect(nested, field)

    collect(item.form, "")
    return names


def for_staff(event: object) -> bool:
    """Whether a work item or withdrawal is the administration's staff's, in the workspace (the
    package says `processing: staff`), which reads the same inbox: not a handler's to decide."""
    return isinstance(event, WorkItem | WorkWithdrawn) and event.processing == "staff"


def _with_context(function: ServiceHandler) -> _WithContext:
    """The function called as `(item, ctx)`, whether it takes the context or only the work item."""
    positional = [
        parameter
        for parameter in inspect.signature(function).parameters.values()
        if parameter.kind in (parameter.POSITIONAL_ONLY, parameter.POSITIONAL_OR_KEYWORD)
    ]
    if len(positional) == 2:
        return cast("_WithContext", function)
    if len(positional) == 1:
        alone = cast("Callable[[WorkItem], Awaitable[Sequence[Decision]]]", function)
        return lambda item, _: alone(item)
    raise TypeError(f"{function!r} must take the work item, and may take the context: (item) or (item, ctx)")


class HandlerApp:
    def __init__(self, settings: HandlerSettings):
        self.settings = settings
        self.administration_id = settings.administration_id
        self.runtime = ServiceRuntime(settings, description=f"Handler of {self.administration_id}")
        self._services: dict[int, _WithContext] = {}
        self._withdrawals: dict[int, WithdrawalHandler] = {}
        self._replies = topics.admin_replies(self.administration_id)
        self._decided: dict[str, Sequence[Decision] | BaseException] = {}
        consumer = self.runtime.consumer(
            f"handler.{self.administration_id}",
            {WorkItem: self._on_work_item, WorkWithdrawn: self._on_withdrawn},
            prepare=self._decide_batch,
            wanted=lambda event: not for_staff(event),
        )
        consumer.subscribe(topics.admin_inbox(self.administration_id), description="Work items and withdrawals")
        # NOTE: the catalog makes an administration's topics when it registers it; a handler's
        # principal may write its replies topic but not create it.
        self.runtime.produces(
            self._replies,
            AcceptReply,
            RequestInfoReply,
            CompleteReply,
            RefuseReply,
            AcknowledgeWithdrawalReply,
            description="Decisions.",
            create=False,
        )
        self.registry = RegistryClient(
            settings,
            administration_id=self.administration_id,
            source=self.runtime.source,
            reply_timeout_s=settings.registry_reply_timeout_s,
        )
        # NOTE: started before the consumers and stopped after them: no work item asks without it.
        self.runtime.on_start(self.registry.start)
        self.runtime.on_stop(self.registry.stop)
        self.runtime.readiness["registry_replies"] = self.registry.is_following
        self.runtime.produces(
            topics.registry_requests(self.administration_id),
            RegistryRequest,
            description=(
                "Registry checks, sent while a work item is handled; the gateway answers each on "
                f"{topics.registry_replies(self.administration_id)}, read without a consumer group."
            ),
            create=False,
        )

    def service(self, iisda_number: int) -> Callable[[_Service], _Service]:
        """Register the function that decides on the service's work items: `(item)` or `(item, ctx)`."""

        def register(function: _Service) -> _Service:
            self._services[iisda_number] = _with_context(function)
            return function

        return register

    def withdrawn(self, iisda_number: int) -> Callable[[WithdrawalHandler], WithdrawalHandler]:
        """Register what stops the work on a withdrawn application of the service."""

        def register(handler: WithdrawalHandler) -> WithdrawalHandler:
            self._withdrawals[iisda_number] = handler
            return handler

        return register

    async def _on_withdrawn(self, notice: WorkWithdrawn, _: Delivery) -> None:
        stop = self._withdrawals.get(notice.service)
        if stop is not None:
            await stop(notice)
        reply = reply_for(notice, AcknowledgeWithdrawal(), 0)
        await self.runtime.outbox.add([to_record(reply, topic=self._replies, source=self.runtime.source)])
        log.info("withdrawal_acknowledged", application_id=notice.application_id)

    async def _decide_batch(self, events: list[Any]) -> None:
        """Decide on a batch's work items all at once, before its transaction: each may wait on
        registry answers, and the waits overlap instead of adding up, with no transaction open."""
        items = {event.event_id: event for event in events if isinstance(event, WorkItem)}
        outcomes = await asyncio.gather(*(self._decide(item) for item in items.values()), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(outcome, Exception):
                raise outcome  # NOTE: a cancellation, not a decision
        self._decided = dict(zip(items, outcomes, strict=True))

    async def _decide(self, item: WorkItem) -> Sequence[Decision]:
        decide = self._services.get(item.service)
        if decide is None:
            raise PermanentFailure(f"this handler does not process service {item.service}")
        return await decide(item, Context(registry=self.registry.for_item(item)))

    async def _on_work_item(self, item: WorkItem, _: Delivery) -> None:
        # NOTE: kept until the next batch: a batch applied again without a failed record reuses them.
        decided = self._decided.get(item.event_id)
        if decided is None:
            decided = await self._decide(item)
        if isinstance(decided, BaseException):
            raise decided
        decisions = decided
        replies = [reply_for(item, decision, index) for index, decision in enumerate(decisions)]
        for reply in replies:
            if findings := personal_data_in(reply.published_text(), people_named_in(item)):
                raise PermanentFailure(
                    f"the {reply.ce_type} decision would publish personal data: {'; '.join(findings)}"
                )
            if unfit := [error["field"] for error in unstorable(reply.model_dump(mode="json"))]:
                raise PermanentFailure(f"the {reply.ce_type} decision holds text that cannot be stored in {unfit}")
        # NOTE: queued in the transaction that records the work item as handled: the decisions
        # leave once, together.
        await self.runtime.outbox.add([to_record(r, topic=self._replies, source=self.runtime.source) for r in replies])
        log.info("work_item_handled", application_id=item.application_id, decisions=len(decisions))

    def http_app(self) -> FastAPI:
        return self.runtime.http_app(title=f"Handler {self.administration_id}", version="1", routers=[])

    def run(self) -> None:
        self.runtime.main(self.http_app())
