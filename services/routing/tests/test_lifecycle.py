import datetime as dt

import pytest

from egov_routing.domain.lifecycle import ALLOWED_FROM, RESULTING_STATE, IllegalTransition, next_event
from egov_schemas.lifecycle import ApplicationAccepted, ApplicationRefused, ApplicationState
from egov_schemas.work import AcceptReply, CompleteReply, RefuseReply, RequestInfoReply

AT = dt.datetime(2026, 11, 26, 12, tzinfo=dt.UTC)
COMMON = {"application_id": "a1", "administration_id": "sofia", "service": 2016, "service_version": 1, "sequence": 3}
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
        (ApplicationState.REFUSED, RequestInfoReply(**REPLY, message="x")),
    ],
)
def test_illegal_transitions_are_refused(state, reply):
    with pytest.raises(IllegalTransition, match="not allowed"):
        next_event(state, reply, COMMON)


def test_personal_numbers_in_staff_text_are_masked_before_the_lifecycle_log():
    reply = RefuseReply(**REPLY, reasons=["Лицето с ЕГН 7501010010 не е наследник"])
    event = next_event(ApplicationState.ACCEPTED, reply, COMMON)
    assert isinstance(event, ApplicationRefused)
    assert "7501010010" not in event.reasons[0]


@pytest.mark.parametrize("reply_type", list(RESULTING_STATE))
def test_each_decision_leads_to_the_state_routing_records_for_it(reply_type):
    fields = {"registration_number": "СО-1", "message": "m", "reasons": ["r"]}
    reply = reply_type(**REPLY, **{k: v for k, v in fields.items() if k in reply_type.model_fields})
    current = next(iter(ALLOWED_FROM[reply_type]))
    assert next_event(current, reply, COMMON).state == RESULTING_STATE[reply_type]
