"""What the gateway knows of each registry operation: the registers' names the citizen reads, the
argument it takes, and whether its answers are personal enough never to be cached."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Final, get_args

from egov_schemas.identifiers import mask_personal_numbers, validate_egn, validate_eik
from egov_schemas.registry import RegistryOperation

OPERATIONS: Final = frozenset(get_args(RegistryOperation))
SENSITIVE: Final = frozenset({"grao.person", "grao.permanent_address", "nra.obligations"})
"""Answers about a person: never cached, each asked of the registry itself and audited as such."""

REGISTERS: Final[dict[str, tuple[str, str]]] = {
    "grao.person": ("НБД „Население“ (ГРАО): лични данни", "Population register (GRAO): personal data"),
    "grao.permanent_address": (
        "НБД „Население“ (ГРАО): постоянен адрес",
        "Population register (GRAO): permanent address",
    ),
    "commercial_register.actual_state": (
        "Търговски регистър: актуално състояние",
        "Commercial Register: actual state",
    ),
    "nra.obligations": ("НАП: публични задължения", "National Revenue Agency: public obligations"),
}
_ARGUMENTS: Final[dict[str, frozenset[str]]] = {
    "grao.person": frozenset({"egn"}),
    "grao.permanent_address": frozenset({"egn"}),
    "commercial_register.actual_state": frozenset({"eik"}),
    "nra.obligations": frozenset({"egn", "eik"}),
}
_VALIDATORS = {"egn": validate_egn, "eik": validate_eik}


@dataclass(frozen=True)
class Subject:
    """Whose data a call reads: a person by EGN or a legal entity by EIK."""

    kind: str
    value: str

    def masked(self) -> str:
        return mask_personal_numbers(self.value) if self.kind == "egn" else self.value


def subject_of(operation: str, arguments: dict[str, str]) -> Subject:
    """The one subject of a call, its argument checked: ValueError naming what is wrong."""
    accepted = _ARGUMENTS[operation]
    given = set(arguments)
    if len(given) != 1 or not given <= accepted:
        expected = " or ".join(f"`{name}`" for name in sorted(accepted))
        raise ValueError(f"arguments: {operation} takes exactly one of {expected}, got {sorted(given) or 'none'}")
    (kind,) = given
    try:
        value = _VALIDATORS[kind](arguments[kind])
    except ValueError as exc:
        raise ValueError(f"arguments.{kind}: {exc}") from exc
    return Subject(kind, value)


def subject_ref(key: bytes, subject: Subject) -> str:
    """A keyed hash of the subject: finds a person's accesses (their data tracker) without keeping
    their EGN, and cannot be reversed by trying every EGN without the key."""
    return hmac.new(key, f"{subject.kind}:{subject.value}".encode(), hashlib.sha256).hexdigest()
