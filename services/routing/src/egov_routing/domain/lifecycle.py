"""The lifecycle rules: which decision may follow which state, and the event it produces.

submitted → routed → [awaiting_payment → paid] → accepted → (info_requested ⇄ info_provided)*
→ completed | refused. Routing itself moves an application into and out of payment, into
`info_provided` (the citizen's answer) and `withdrawn`; the administration's decisions do the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from egov_schemas.lifecycle import (
    ApplicationAccepted,
    ApplicationCompleted,
    ApplicationRefused,
    ApplicationState,
    InfoRequested,
    StateTransition,
)
from egov_schemas.work import AcceptReply, CompleteReply, HandlerReply, RefuseReply, RequestInfoReply

State = ApplicationState
# NOTE: `routed` is delivered work only when no fee is due; routing keeps an application that
# waits for its fee in `routed` until pay.egov registers the payment, and the inbox never has it.
ALLOWED_FROM: dict[type[HandlerReply], frozenset[ApplicationState]] = {
    AcceptReply: frozenset({State.ROUTED, State.PAID}),
    RequestInfoReply: frozenset({State.ACCEPTED, State.INFO_PROVIDED}),
    CompleteReply: frozenset({State.ACCEPTED, State.INFO_PROVIDED}),
    # NOTE: also while waiting for the citizen: an administration ends an application whose
    # information never came (АПК чл. 30: the procedure stops when an irregularity is not remedied).
    RefuseReply: frozenset({State.ROUTED, State.PAID, State.ACCEPTED, State.INFO_REQUESTED, State.INFO_PROVIDED}),
}


RESULTING_STATE: dict[type[HandlerReply], ApplicationState] = {
    AcceptReply: State.ACCEPTED,
    RequestInfoReply: State.INFO_REQUESTED,
    CompleteReply: State.COMPLETED,
    RefuseReply: State.REFUSED,
}


class IllegalTransition(ValueError):
    pass


def check_allowed(current: ApplicationState, reply: HandlerReply) -> None:
    """Raise `IllegalTransition` unless the reply may follow `current`."""
    if current not in ALLOWED_FROM.get(type(reply), frozenset()):
        raise IllegalTransition(f"{reply.ce_type} is not allowed when the application is {current.value}")


def next_event(current: ApplicationState, reply: HandlerReply, common: dict[str, Any]) -> StateTransition:
    """The lifecycle event a reply causes from `current`; `common` holds the application's ids,
    service, version and the next sequence number."""
    check_allowed(current, reply)
    at = {"occurred_at": reply.decided_at.astimezone(dt.UTC)}
    match reply:
        case AcceptReply(registration_number=number):
            return ApplicationAccepted(**common, **at, registration_number=number)
        case RequestInfoReply(message=message, needed=needed):
            return InfoRequested(**common, **at, message=message, needed=needed)
        case CompleteReply(document_id=document_id):
            return ApplicationCompleted(**common, **at, document_id=document_id)
        case RefuseReply(reasons=reasons):
            return ApplicationRefused(**common, **at, reasons=reasons)
    raise IllegalTransition(f"{reply.ce_type} is not a decision routing knows")
