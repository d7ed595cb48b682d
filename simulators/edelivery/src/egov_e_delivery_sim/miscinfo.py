"""The `Dp-Miscinfo` header that the government ESB puts on every call to e-Delivery:

    dn:/C=BG/ST=OID:<oid>/L=BG/CN=<cn>|representedPersonID:<id>|correspondentOID:<oid>|operatorID:<id>

`<oid>` names the calling information system; `representedPersonID` the person (ЕГН/ЛНЧ/ЕИК) on
whose behalf a recipient-side call is made. The parts come in this order, each exactly once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HEADER = "Dp-Miscinfo"

OID = re.compile(r"[0-9]+(?:\.[0-9]+)+")
# NOTE: ЕИК has 9 or 13 digits, ЕГН and ЛНЧ 10: one rule serves every identifier e-Delivery takes.
IDENTIFIER = re.compile(r"[0-9]{9,13}")

# NOTE: `/L=BG` is optional because e-Delivery's own examples (`edelivery_esb_api_0.6.md`) leave it out.
_DN = re.compile(rf"/C=BG/ST=OID:(?P<oid>{OID.pattern})(?:/L=[^/|]+)?/CN=(?P<cn>[^/|]*[^/|\s][^/|]*)")
_MISCINFO = re.compile(
    r"dn:(?P<dn>[^|]*)"
    r"\|representedPersonID:(?P<person>[^|]*)"
    r"\|correspondentOID:(?P<correspondent>[^|]*)"
    r"\|operatorID:(?P<operator>[^|]*)"
)


class MalformedMiscinfo(Exception):
    """The header is missing or does not have the ESB's shape."""


@dataclass(frozen=True)
class Caller:
    oid: str
    cn: str
    represented_person_id: str | None
    correspondent_oid: str | None
    operator_id: str | None


def parse(header: str | None) -> Caller:
    """The caller named by a `Dp-Miscinfo` value; MalformedMiscinfo says what is wrong with it."""
    if header is None or not header.strip():
        raise MalformedMiscinfo(f"The {HEADER} header is required.")
    whole = _MISCINFO.fullmatch(header.strip())
    if whole is None:
        raise MalformedMiscinfo(
            f"The {HEADER} header must be 'dn:<DN>|representedPersonID:<id>|correspondentOID:<oid>|operatorID:<id>'."
        )
    dn = _DN.fullmatch(whole["dn"])
    if dn is None:
        raise MalformedMiscinfo(f"The DN in {HEADER} must be '/C=BG/ST=OID:<oid>/L=BG/CN=<name>'.")
    person, correspondent, operator = (whole[name].strip() for name in ("person", "correspondent", "operator"))
    if person and not IDENTIFIER.fullmatch(person):
        raise MalformedMiscinfo(f"representedPersonID in {HEADER} must be an ЕГН, ЛНЧ or ЕИК (9 to 13 digits).")
    if correspondent and not OID.fullmatch(correspondent):
        raise MalformedMiscinfo(f"correspondentOID in {HEADER} must be an OID.")
    return Caller(
        oid=dn["oid"],
        cn=dn["cn"].strip(),
        represented_person_id=person or None,
        correspondent_oid=correspondent or None,
        operator_id=operator or None,
    )
