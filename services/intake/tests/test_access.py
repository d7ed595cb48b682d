from egov_intake.domain.access import ApplicationTokens
from egov_intake.domain.idempotency import key_error


def test_an_access_token_opens_its_own_application_only():
    tokens = ApplicationTokens(b"secret")
    token = tokens.issue("app-1")
    assert tokens.valid("app-1", token)
    assert not tokens.valid("app-2", token)
    assert not ApplicationTokens(b"another secret").valid("app-1", token)
    assert len(token) >= 40


def test_idempotency_keys_are_printable_and_bounded():
    assert key_error("8e2b7c1a-4f0e-4d2b-9a57-0b3c2d1e0f9a") is None
    assert key_error("") is not None
    assert key_error("with space") is not None
    assert key_error("²") is not None
    assert key_error("k" * 256) is not None


def test_a_client_may_not_take_the_portals_draft_keys():
    assert (
        key_error("draft:8e2b7c1a-4f0e-4d2b-9a57-0b3c2d1e0f9a")
        == "must not start with 'draft:' (the portal's own keys)"
    )
    assert key_error("drafts-are-fine") is None
