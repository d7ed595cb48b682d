"""Bulgarian identifiers (EGN, LNCh, EIK) and platform ids, with their check-digit rules.

The rules are those published for the national registers; see shared/reference/bulgaria.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AfterValidator, Field

_EGN_WEIGHTS = (2, 4, 8, 5, 10, 9, 7, 3, 6)
_LNCH_WEIGHTS = (21, 19, 17, 13, 11, 9, 7, 3, 1)
_EIK9_WEIGHTS = ((1, 2, 3, 4, 5, 6, 7, 8), (3, 4, 5, 6, 7, 8, 9, 10))
_EIK13_WEIGHTS = ((2, 7, 3, 5), (4, 9, 5, 7))

ADMINISTRATION_ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# NOTE: letters, digits and `._-` only: an id travels in URLs, Kafka keys and PostgreSQL text,
# none of which should meet a space, a control character or a NUL.
APPLICATION_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
APPLICATION_ID_MAX_LENGTH = 64


def _digits(value: str, lengths: tuple[int, ...], what: str) -> list[int]:
    if len(value) not in lengths or not value.isascii() or not value.isdigit():
        expected = " or ".join(str(n) for n in lengths)
        raise ValueError(f"{what} must be {expected} digits")
    return [int(c) for c in value]


def _weighted(digits: list[int], weights: tuple[int, ...]) -> int:
    return sum(d * w for d, w in zip(digits, weights, strict=False))


def egn_birth_date(egn: str) -> dt.date:
    """The birth date an EGN encodes (month +20 for the 1800s, +40 from 2000)."""
    d = _digits(egn, (10,), "EGN")
    year, month, day = d[0] * 10 + d[1], d[2] * 10 + d[3], d[4] * 10 + d[5]
    if month > 40:
        year, month = 2000 + year, month - 40
    elif month > 20:
        year, month = 1800 + year, month - 20
    else:
        year += 1900
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError("EGN does not encode a real date") from exc


def validate_egn(egn: str) -> str:
    d = _digits(egn, (10,), "EGN")
    egn_birth_date(egn)
    check = _weighted(d, _EGN_WEIGHTS) % 11
    if (0 if check == 10 else check) != d[9]:
        raise ValueError("EGN check digit is wrong")
    return egn


def validate_lnch(lnch: str) -> str:
    d = _digits(lnch, (10,), "LNCh")
    if _weighted(d, _LNCH_WEIGHTS) % 10 != d[9]:
        raise ValueError("LNCh check digit is wrong")
    return lnch


def _check_digit(digits: list[int], weight_sets: tuple[tuple[int, ...], ...]) -> int:
    for weights in weight_sets:
        remainder = _weighted(digits, weights) % 11
        if remainder != 10:
            return remainder
    return 0


def validate_eik(eik: str) -> str:
    d = _digits(eik, (9, 13), "EIK")
    if _check_digit(d[:8], _EIK9_WEIGHTS) != d[8]:
        raise ValueError("EIK check digit is wrong")
    if len(d) == 13 and _check_digit(d[8:12], _EIK13_WEIGHTS) != d[12]:
        raise ValueError("EIK branch check digit is wrong")
    return eik


# NOTE: identifiers written in hex digits (UUIDs, which application and document ids are; trace
# and span ids; hashes) may hold ten decimal digits in a row, which pass a personal number's check
# digit about one time in ten. They are matched whole first and left alone: starring them out of
# logs would break trace correlation, and refusing them would refuse ordinary document ids.
HEX_IDENTIFIER = (
    r"(?<![0-9A-Za-z])(?:[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}|[0-9a-fA-F]{16,})(?![0-9A-Za-z])"
)
_PERSONAL_NUMBER = re.compile(rf"(?P<hex>{HEX_IDENTIFIER})|(?<!\d)\d{{10}}(?!\d)")


def mask_personal_numbers(text: str) -> str:
    """Replace every 10-digit run (an EGN or LNCh shape) with a mask keeping the last digit."""
    return _PERSONAL_NUMBER.sub(lambda m: m.group() if m.group("hex") else "*********" + m.group()[-1], text)


Egn = Annotated[str, AfterValidator(validate_egn), Field(description="ЕГН, Bulgarian personal number")]
Lnch = Annotated[str, AfterValidator(validate_lnch), Field(description="ЛНЧ, foreigner's personal number")]
Eik = Annotated[str, AfterValidator(validate_eik), Field(description="ЕИК/БУЛСТАТ, 9 or 13 digits")]
AdministrationId = Annotated[
    str,
    Field(
        min_length=2,
        max_length=63,
        pattern=ADMINISTRATION_ID_PATTERN,
        description="Stable slug of an administration, e.g. `sofia`, `burgas-district`",
        examples=["sofia"],
    ),
]
# NOTE: the register's numbers have up to four digits; the bound keeps a number in a PostgreSQL integer.
IisdaNumber = Annotated[
    int, Field(gt=0, le=99_999, description="Service number in the IISDA register", examples=[2016])
]
ApplicationId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=APPLICATION_ID_MAX_LENGTH,
        pattern=APPLICATION_ID_PATTERN,
        description="Application id assigned by intake",
    ),
]
