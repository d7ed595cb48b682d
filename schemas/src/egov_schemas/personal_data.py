"""Finding personal data in text that is about to be published (the lifecycle log is read by
every service and kept long): personal numbers by their check digits, and the names of the
people an application is about.

Registration numbers, document ids and free-text reasons come from administrations' handlers;
a handler that put an EGN or a citizen's name in one would publish it to everybody.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from egov_schemas.identifiers import HEX_IDENTIFIER, validate_egn, validate_lnch

_TEN_DIGITS = re.compile(r"(?<!\d)\d{10}(?!\d)")
_HEX_IDENTIFIER = re.compile(HEX_IDENTIFIER)  # NOTE: see identifiers.HEX_IDENTIFIER
_WORD = re.compile(r"\w+")
MIN_NAME_WORD = 3


def personal_numbers_in(text: str) -> list[str]:
    """Every run of ten digits in `text`, outside UUIDs and hex tokens, that is a valid EGN or LNCh."""
    outside_identifiers = _HEX_IDENTIFIER.sub(" ", text)
    return [number for number in _TEN_DIGITS.findall(outside_identifiers) if _is_personal_number(number)]


def names_in(text: str, names: Iterable[str]) -> list[str]:
    """The words of `names` (of at least three letters) that `text` holds as whole words,
    whatever their case: a citizen's first name alone identifies them next to an application."""
    words = {word.casefold() for word in _WORD.findall(text)}
    return sorted(
        {
            word
            for name in names
            for word in _WORD.findall(name)
            if len(word) >= MIN_NAME_WORD and not word.isdigit() and word.casefold() in words
        }
    )


def personal_data_in(fields: Iterable[tuple[str, str]], names: Iterable[str] = ()) -> list[str]:
    """Why any of `fields` (name, text) may not be published: one line per finding, naming the
    field but never repeating the personal data itself."""
    names = list(names)
    findings = []
    for field, text in fields:
        if numbers := personal_numbers_in(text):
            findings.append(f"{field} holds {len(numbers)} personal number(s) (EGN or LNCh)")
        if found := names_in(text, names):
            findings.append(f"{field} holds {len(found)} word(s) of the name of a person the application is about")
    return findings


def _is_personal_number(number: str) -> bool:
    for validate in (validate_egn, validate_lnch):
        try:
            validate(number)
        except ValueError:
            continue
        return True
    return False
