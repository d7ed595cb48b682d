"""Reference numbers: what a citizen reads over the phone, and what e-Delivery carries as `rnu`.

Eight symbols of Crockford's base 32 (digits and capitals without I, L, O and U, so nothing reads
as another) and a check symbol, grouped `7K3M-9QXP-4`. The check symbol is Luhn mod 32: it
catches every single wrong symbol and every swap of two neighbours but 0 and Z. Reading back is forgiving:
lower case, spaces and missing dashes are fine, and I/L and O read as 1 and 0 (Crockford's rule).
Eight random symbols give 2^40 numbers; intake draws again on the rare collision (a unique index).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Annotated

from pydantic import AfterValidator, Field

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {symbol: index for index, symbol in enumerate(ALPHABET)}
_READS_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})
_SYMBOLS = 8
REFERENCE_PATTERN = r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$"


def _check_symbol(symbols: str) -> str:
    """Luhn mod N over base 32: double every second value from the right, sum the base-32 digits."""
    total = 0
    for position, symbol in enumerate(reversed(symbols)):
        value = _VALUE[symbol] * (2 if position % 2 == 0 else 1)
        total += value // 32 + value % 32
    return ALPHABET[(32 - total % 32) % 32]


def _grouped(symbols: str) -> str:
    return f"{symbols[:4]}-{symbols[4:8]}-{symbols[8:]}"


def reference_from_number(number: int) -> str:
    """The reference number that encodes `number` (0 ≤ number < 2^40)."""
    if not 0 <= number < len(ALPHABET) ** _SYMBOLS:
        raise ValueError("a reference number encodes 40 bits")
    symbols = "".join(ALPHABET[(number >> (5 * shift)) & 31] for shift in reversed(range(_SYMBOLS)))
    return _grouped(symbols + _check_symbol(symbols))


def new_reference() -> str:
    return reference_from_number(secrets.randbits(5 * _SYMBOLS))


def reference_for_earlier(application_id: str) -> str:
    """The reference number of an application made before there were any: derived from its id,
    so that each service's migration gives it the same one."""
    digest = hashlib.sha256(application_id.encode()).digest()
    return reference_from_number(int.from_bytes(digest[:5], "big"))


def normalize_reference(text: str) -> str | None:
    """The reference number as written by a person, in its canonical form; None if it is not one
    (wrong length, a symbol outside the alphabet, or a check symbol that does not match)."""
    symbols = "".join(text.split()).replace("-", "").upper().translate(_READS_AS)
    if len(symbols) != _SYMBOLS + 1 or any(symbol not in _VALUE for symbol in symbols):
        return None
    if _check_symbol(symbols[:-1]) != symbols[-1]:
        return None
    return _grouped(symbols)


def validate_reference(value: str) -> str:
    if normalize_reference(value) != value:
        raise ValueError("not a reference number of the form XXXX-XXXX-X with a matching check symbol")
    return value


ReferenceNumber = Annotated[
    str,
    AfterValidator(validate_reference),
    Field(
        pattern=REFERENCE_PATTERN,
        description="The application's reference number (РНУ): read over the phone, carried as e-Delivery's `rnu`",
        examples=["7K3M-9QXP-4"],
    ),
]
