"""Which bearer tokens the API takes as the national eID's: only those naming its issuer."""

import base64
import json

from egov_sdk.eid import NationalEid

ISSUER = "http://127.0.0.1:8024/realms/eid"


def token(claims: dict[str, object]) -> str:
    def part(value: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2lnbmF0dXJl"


def test_a_token_naming_the_eid_is_checked_as_the_eids_and_others_are_not():
    eid = NationalEid(ISSUER, "egov-portal", "secret")
    assert eid.issued(token({"iss": ISSUER, "sub": "PNOBG-7501010010"}))
    assert not eid.issued(token({"iss": "egov-local", "sub": "routing"}))
    assert eid.issued("not-a-jwt-at-all")
