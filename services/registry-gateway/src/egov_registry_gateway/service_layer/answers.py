"""Answering a registry request: the request completed, the access recorded in the audit chain
and the reply queued on the asking administration's topic, all in one transaction."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from egov_registry_gateway.adapters.calls import PENDING, Call
from egov_registry_gateway.domain.access_chain import AccessEntry
from egov_schemas import topics
from egov_schemas.identifiers import mask_personal_numbers
from egov_schemas.registry import RegistryReply
from egov_sdk.cloudevents import to_record
from egov_sdk.logging import get_logger

if TYPE_CHECKING:
    from egov_registry_gateway.adapters.access_log import AccessLog
    from egov_registry_gateway.adapters.calls import Calls
    from egov_registry_gateway.domain.answer import RegistryAnswer
    from egov_sdk.outbox import Outbox
    from egov_sdk.store import Store

log = get_logger(__name__)


def access_entry(call: Call, answer: RegistryAnswer, *, cached: bool, now: dt.datetime) -> AccessEntry:
    """What the audit records of the call; its place in the chain is set when appended."""
    return AccessEntry(
        administration_id=call.administration_id,
        seq=0,
        request_id=call.id,
        application_id=call.application_id,
        service=call.service,
        operation=call.operation,
        subject_ref=call.subject_ref,
        subject_masked=next(iter(call.subject.values()), ""),
        law_reason=call.law_reason,
        purpose=call.purpose,
        requested_by=call.requested_by,
        requested_at=call.requested_at,
        answered_at=now,
        outcome=answer.status,
        detail=None if answer.error is None else mask_personal_numbers(answer.error),
        cached=cached,
        previous_hash="",
        hash="",
    )


class Answers:
    def __init__(self, store: Store, calls: Calls, access_log: AccessLog, outbox: Outbox, source: str):
        self._store = store
        self._calls = calls
        self._access_log = access_log
        self._outbox = outbox
        self._source = source

    async def give(
        self,
        call: Call,
        answer: RegistryAnswer,
        *,
        now: dt.datetime,
        cached: bool = False,
        audited: bool = True,
        published: bool = True,
    ) -> None:
        """Complete the call with the answer. `audited`: the answer reports an access (or a refused
        one), not a request the gateway could not read. `published`: the reply goes to the
        administration's replies topic (not for prefill, answered over HTTP)."""
        reply = RegistryReply(
            request_id=call.id,
            administration_id=call.administration_id,
            status=answer.status,
            data=answer.data,
            error=answer.error,
            cached=cached,
            answered_at=now,
        )
        body = reply.model_dump(mode="json")
        async with self._store.transaction():
            if call.status == PENDING:
                await self._calls.complete(call, answer.status, body, now)
            else:
                await self._calls.add(
                    dataclasses.replace(call, status=answer.status, reply=body, completed_at=now, arguments=None)
                )
            if audited:
                await self._access_log.append(access_entry(call, answer, cached=cached, now=now))
            if published:
                await self._outbox.add([self._record(reply)])
        log.info("registry_answered", request_id=call.id, operation=call.operation, status=answer.status, cached=cached)

    async def give_again(self, call: Call, now: dt.datetime) -> None:
        """A request asked again: the same reply, while it is kept."""
        if call.reply is not None:
            reply = RegistryReply.model_validate(call.reply)
        else:
            reply = RegistryReply(
                request_id=call.id,
                administration_id=call.administration_id,
                status="error",
                error="the answer to this request is no longer kept; ask again with a new request_id",
                answered_at=now,
            )
        await self._outbox.add([self._record(reply)])

    def _record(self, reply: RegistryReply) -> Any:
        return to_record(reply, topic=topics.registry_replies(reply.administration_id), source=self._source)
