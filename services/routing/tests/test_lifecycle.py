import datetime as dt
from typing import Any

import pytest

from egov_routing.domain.lifecycle import ALLOWED_FROM, RESULTING_STATE, IllegalTransition, next_event
from egov_routing.service_layer.replies import ReplyHandler
from egov_schemas.lifecycle import ApplicationAccepted, ApplicationState, InformationNeeded
from egov_schemas.work import AcceptReply, CompleteReply, RefuseReply, RequestInfoReply
from egov_sdk.clock import Clock
from egov_sdk.consumer import Delivery, PermanentFailure

AT = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
COMMON = {
    "application_id": "a1",
    "reference": "7K3M-9QXP-4",
    "administration_id": "sofia",
    "service": 2016,
    "service_version": 1,
    "sequence": 3,
}
NEEDED = [InformationNeeded(key="record_copy", kind="attachment", description="Копие на акта")]
REPLY = {"application_id": "a1", "administration_id": "sofia", "reply_id": "r1", "decided_at": AT}


def test_accept_from_routed_gives_accepted_with_the_registration_number():
    event = next_event(ApplicationState.ROUTED, AcceptReply(**REPLY, registration_number="СО-1"), COMMON)
    assert isinstance(event, ApplicationAccepted)
    assert (event.registration_number, event.sequence, event.occurred_at) == ("СО-1", 3, AT)


@pytest.mark.parametrize(
    ("state", "reply"),
    [
        (ApplicationState.ROUTED, CompleteReply(**REPLY)),
        (ApplicationState.COMPLETED, AcceptReply(**REPLY, registration_number="x")),
        (ApplicationState.REJECTED, RefuseReply(**REPLY, reasons=["x"])),
        (ApplicationState.INFO_REQUESTED, CompleteReply(**REPLY)),
        (ApplicationState.REFUSED, RequestInfoReply(**REPLY, message="x", needed=NEEDED)),
    ],
)
def test_illegal_transitions_are_refused(state, reply):
    with pytest.raises(IllegalTransition, match="not allowed"):
        next_event(state, reply, COMMON)


class UnobservedStages:
    def observe(self, stage: str, seconds: float) -> None:
        raise AssertionError("a refused decision is no stage of the journey")


class UntouchedStates:
    """A decision refused before the store is read touches nothing."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"the store was used ({name}) for a decision that must be refused first")


@pytest.mark.parametrize(
    "reply",
    [
        RefuseReply(**REPLY, reasons=["Лицето с ЕГН 7501010010 не е наследник"]),
        AcceptReply(**REPLY, registration_number="СО-7501010010"),
        CompleteReply(**REPLY, document_id="doc-7501010010"),
        RequestInfoReply(**REPLY, message="Моля, потвърдете 7501010010.", needed=NEEDED),
    ],
)
async def test_a_decision_that_would_publish_a_personal_number_is_refused(reply):
    untouched = UntouchedStates()
    handler = ReplyHandler(untouched, untouched, untouched, Clock(), "/egov/routing", stages=UnobservedStages())  # type: ignore[arg-type]
    with pytest.raises(PermanentFailure, match="personal number") as refused:
        await handler.on_reply(reply, Delivery(topic="egov.replies.sofia", key="a1"))
    assert "7501010010" not in str(refused.value)


@pytest.mark.parametrize("reply_type", list(RESULTING_STATE))
def test_each_decision_leads_to_the_state_routing_records_for_it(reply_type):
    fields = {"registration_number": "СО-1", "message": "m", "reasons": ["r"], "needed": NEEDED}
    reply = reply_type(**REPLY, **{k: v for k, v in fields.items() if k in reply_type.model_fields})
    current = next(iter(ALLOWED_FROM[reply_type]))
    assert next_event(current, reply, COMMON).state == RESULTING_STATE[reply_type]
