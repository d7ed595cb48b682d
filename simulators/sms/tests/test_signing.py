"""The x-api-sign of a body: hex HMAC-SHA512 under the client's secret."""

from egov_sms_sim.signing import sign, verify

# NOTE: RFC 4231, test case 2.
RFC_4231_SHA512 = (
    "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
    "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"
)


def test_sign_is_the_hex_hmac_sha512_of_the_body() -> None:
    assert sign("Jefe", b"what do ya want for nothing?") == RFC_4231_SHA512


def test_verify_accepts_the_signature_in_either_case_and_nothing_else() -> None:
    body = b'{"msisdn":"+359888123456"}'
    signature = sign("secret", body)
    assert verify("secret", body, signature)
    assert verify("secret", body, signature.upper())
    assert not verify("other", body, signature)
    assert not verify("secret", body + b" ", signature)
    assert not verify("secret", body, "подпис")
