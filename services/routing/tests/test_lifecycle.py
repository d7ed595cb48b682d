import datetime as dt

import pytest

from egov_routing.domain.lifecycle import IllegalTransition, next_event
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
