"""The signed form envelope: base64 JSON data, HMAC-SHA256 over the base64 text, constant-time checks."""

import base64
from decimal import Decimal

import pytest

from egov_pay_egov_sim import envelope


def test_data_round_trips_with_cyrillic_text_and_exact_amounts() -> None:
    data = envelope.encode({"PaymentReason": "Такса за удостоверение", "PaymentAmount": 1})
    assert envelope.decode(data) == {"PaymentReason": "Такса за удостоверение", "PaymentAmount": 1}
    assert envelope.decode(base64.b64encode(b'{"PaymentAmount": 12.10}').decode()) == {
        "PaymentAmount": Decimal("12.10")
    }


def test_the_signature_matches_an_independent_hmac_sha256() -> None:
    # NOTE: the expected value comes from `printf 'eyJhIjogMX0=' | openssl dgst -sha256 -hmac key -binary | base64`.
    assert envelope.sign("key", "eyJhIjogMX0=") == "TfEVDHg65DS8GMbIB88vQCkHooF+5JH1WSBRye1Fq1c="


def test_a_forged_or_foreign_signature_is_refused() -> None:
    data = envelope.encode({"Id": "A1"})
    genuine = envelope.sign("secret", data)
    assert envelope.verify("secret", data, genuine)
    assert not envelope.verify("secret", data, envelope.sign("another secret", data))
    assert not envelope.verify("secret", envelope.encode({"Id": "A2"}), genuine)
    assert not envelope.verify("secret", data, genuine[:-2] + "A=")
    assert not envelope.verify("secret", data, "подпис")


@pytest.mark.parametrize(
    "data",
    ["not base64!", base64.b64encode(b"not json").decode(), base64.b64encode(b'"\xff\xfe"').decode()],
)
def test_data_that_is_not_base64_of_utf8_json_is_malformed(data: str) -> None:
    with pytest.raises(envelope.MalformedData):
        envelope.decode(data)


def test_requests_and_callbacks_name_their_fields_differently() -> None:
    request = envelope.seal("egov-platform", "secret", {"id": "A1"})
    callback = envelope.seal("egov-platform", "secret", {"Id": "A1"}, envelope.CALLBACK_FIELDS)
    assert set(request) == {"clientId", "hmac", "data"}
    assert set(callback) == {"ClientId", "Hmac", "Data"}
    assert envelope.verify("secret", callback["Data"], callback["Hmac"])
    assert envelope.field(callback, "clientid") == "egov-platform"
    assert envelope.field(callback, "missing") is None
