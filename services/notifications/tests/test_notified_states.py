from egov_notifications.service_layer.notify import NOTIFIED_STATES, NOTIFIED_TRANSITIONS
from egov_schemas.lifecycle import ApplicationState


def test_citizen_hears_about_decisions_but_not_about_own_actions():
    assert ApplicationState.COMPLETED in NOTIFIED_STATES
    assert ApplicationState.REJECTED in NOTIFIED_STATES
    assert ApplicationState.SUBMITTED not in NOTIFIED_STATES
    assert ApplicationState.WITHDRAWN not in NOTIFIED_STATES
    assert ApplicationState.INFO_PROVIDED not in NOTIFIED_STATES


def test_citizen_hears_where_to_pay_and_whether_the_payment_came_or_lapsed():
    assert {ApplicationState.AWAITING_PAYMENT, ApplicationState.PAID, ApplicationState.UNPAID} <= NOTIFIED_STATES


def test_the_consumer_is_given_exactly_the_notified_transitions():
    assert {transition.model_fields["state"].default for transition in NOTIFIED_TRANSITIONS} == NOTIFIED_STATES
