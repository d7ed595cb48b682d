from egov_notifications.domain.channels import LEGAL_STATES, Reach, needs_e_delivery_profile, plan
from egov_schemas.lifecycle import ApplicationState
from egov_schemas.notifications import NotificationPreferences

EVERY = ["email", "sms", "e_delivery"]
ALL_WAYS = Reach(e_delivery_profile=7, email="ivan@example.bg", phone="+359888123456")
DEFAULT = NotificationPreferences()


def test_a_decision_goes_by_e_delivery_first_when_the_citizen_has_a_profile():
    assert plan(ApplicationState.COMPLETED, EVERY, DEFAULT, ALL_WAYS) == ["e_delivery", "email", "sms"]
    assert plan(ApplicationState.REFUSED, EVERY, DEFAULT, ALL_WAYS)[0] == "e_delivery"


def test_an_informational_update_goes_by_e_mail_then_sms_never_e_delivery():
    assert plan(ApplicationState.ROUTED, EVERY, DEFAULT, ALL_WAYS) == ["email", "sms"]
    assert plan(ApplicationState.ACCEPTED, EVERY, DEFAULT, ALL_WAYS) == ["email", "sms"]


def test_without_a_profile_a_legal_notice_goes_by_e_mail():
    reach = Reach(e_delivery_profile=None, email="ivan@example.bg", phone=None)
    assert plan(ApplicationState.COMPLETED, EVERY, DEFAULT, reach) == ["email"]


def test_sms_is_the_fallback_when_there_is_no_e_mail_address():
    reach = Reach(e_delivery_profile=None, email=None, phone="0888123456")
    assert plan(ApplicationState.ROUTED, EVERY, DEFAULT, reach) == ["sms"]


def test_the_citizens_preferences_are_honoured():
    only_sms = NotificationPreferences(channels=["sms"])
    assert plan(ApplicationState.COMPLETED, EVERY, only_sms, ALL_WAYS) == ["sms"]
    portal_only = NotificationPreferences(channels=[])
    assert plan(ApplicationState.COMPLETED, EVERY, portal_only, ALL_WAYS) == []


def test_only_the_channels_the_administration_offers_are_used():
    assert plan(ApplicationState.COMPLETED, ["email"], DEFAULT, ALL_WAYS) == ["email"]
    assert plan(ApplicationState.COMPLETED, [], DEFAULT, ALL_WAYS) == []


def test_e_delivery_is_asked_about_a_profile_only_for_legal_notices_it_may_carry():
    assert needs_e_delivery_profile(ApplicationState.REFUSED, EVERY, DEFAULT)
    assert not needs_e_delivery_profile(ApplicationState.ROUTED, EVERY, DEFAULT)
    assert not needs_e_delivery_profile(ApplicationState.REFUSED, ["email"], DEFAULT)
    assert not needs_e_delivery_profile(ApplicationState.REFUSED, EVERY, NotificationPreferences(channels=["email"]))


def test_decisions_and_requests_are_the_legal_notices():
    assert {ApplicationState.COMPLETED, ApplicationState.REFUSED, ApplicationState.INFO_REQUESTED} <= LEGAL_STATES
    assert ApplicationState.ROUTED not in LEGAL_STATES
